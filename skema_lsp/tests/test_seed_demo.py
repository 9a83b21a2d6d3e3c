"""Contract 2: `seed_demo` users, refusal without DEBUG, idempotence, stage seeding in order."""

import os
import subprocess
import sys
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import Role
from accounts.validators import validate_nik
from schemes import demo as schemes_demo
from schemes.models import TUK, Element, Scheme

pytestmark = pytest.mark.django_db

USERNAMES = [
    "admin", "staf", "asesor1", "asesor2", "teknis1", "teknis2", "teknis3",
    "banding1", "banding2", "banding3", "direktur", "pemohon1", "pemohon2", "pemohon3",
]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def only_schemes_stage(monkeypatch):
    """Keep other stages' demo data out of the user tests (they are exercised in the full run)."""
    monkeypatch.setattr("skema_lsp.management.commands.seed_demo.stage_modules", lambda name: [schemes_demo])


def _seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        _seed()
    assert not User.objects.exists()


def test_runs_with_debug_on(settings, only_schemes_stage):
    settings.DEBUG = True
    _seed()
    assert User.objects.filter(username__in=USERNAMES).count() == len(USERNAMES)


def test_users_roles_passwords_and_verified_email(only_schemes_stage):
    _seed("--force")
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    assert set(users) == set(USERNAMES)
    for user in users.values():
        assert user.check_password("demo-lsp-2026"), user.username
        assert user.is_active and user.email_verified_at is not None and user.email
        assert user.full_name
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(u.is_superuser for name, u in users.items() if name != "admin")
    expected = {
        "staf": Role.STAF, "asesor1": Role.ASESOR, "asesor2": Role.ASESOR, "teknis1": Role.TIM_TEKNIS,
        "teknis2": Role.TIM_TEKNIS, "teknis3": Role.TIM_TEKNIS, "banding1": Role.TIM_BANDING,
        "banding2": Role.TIM_BANDING, "banding3": Role.TIM_BANDING, "direktur": Role.DIREKTUR,
        "pemohon1": Role.PEMOHON, "pemohon2": Role.PEMOHON, "pemohon3": Role.PEMOHON,
    }
    for username, role in expected.items():
        assert users[username].role_set == {str(role)}, username
    assert users["asesor1"].met_number and users["asesor2"].met_number


def test_applicants_have_niks_matching_birth_date_and_sex(only_schemes_stage):
    _seed("--force")
    for user in User.objects.filter(username__startswith="pemohon"):
        assert validate_nik(user.nik, user.birth_date, user.sex) == user.nik
        assert user.birth_place and user.address and user.phone


def test_scheme_examples_and_tuks(only_schemes_stage):
    _seed("--force")
    scheme = Scheme.objects.get(code=schemes_demo.RENBANG_CODE)
    assert Element.objects.filter(unit__scheme=scheme, is_example=True).count() == 5
    assert TUK.objects.filter(is_verified=True).count() == 2
    assert TUK.objects.filter(is_verified=False).count() == 1
    assert all(t.verified_by.username == "staf" for t in TUK.objects.filter(is_verified=True))


def test_running_twice_changes_nothing(only_schemes_stage):
    _seed("--force")
    before = (User.objects.count(), TUK.objects.count(), Element.objects.count(), Scheme.objects.count())
    pemohon = User.objects.get(username="pemohon1")
    _seed("--force")
    assert (User.objects.count(), TUK.objects.count(), Element.objects.count(), Scheme.objects.count()) == before
    assert User.objects.get(username="pemohon1").email_verified_at == pemohon.email_verified_at


def test_official_kuk_is_not_mixed_with_examples(only_schemes_stage):
    scheme = schemes_demo.load_scheme()
    Element.objects.create(unit=scheme.units.first(), order=1, title="Elemen resmi")
    _seed("--force")
    assert not Element.objects.filter(is_example=True).exists()


def test_stage_seeds_run_in_lifecycle_order_with_users(monkeypatch):
    calls = []

    def fake(name):
        return SimpleNamespace(__name__=f"{name}.demo", seed=lambda users: calls.append((name, sorted(users))))

    monkeypatch.setattr(
        "skema_lsp.management.commands.seed_demo.stage_modules", lambda name: [fake("registration"), fake("appeals")]
    )
    _seed("--force")
    assert [name for name, _ in calls] == ["registration", "appeals"]
    assert calls[0][1] == sorted(USERNAMES)


def test_full_demo_seed_runs_every_stage_twice():
    # Every stage's demo.py together, twice: the second run must neither fail nor duplicate users.
    _seed("--force")
    users = User.objects.count()
    _seed("--force")
    assert User.objects.count() == users


@pytest.mark.django_db(False)
def test_make_run_path_works_on_sqlite(tmp_path):
    """`make run` on SQLite: migrate, load the scheme, seed twice, run the reminder sweep (its date
    arithmetic in SQL has a SQLite form), load the scheme again."""
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    env.pop("CELERY_BROKER_URL", None)
    fixture = str(schemes_demo.RENBANG_FIXTURE)
    steps = [["migrate", "--noinput"], ["loaddata", fixture], ["seed_demo"], ["seed_demo"], ["run_reminders"],
             ["loaddata", fixture]]
    for command in steps:
        result = subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "1"], cwd=settings.BASE_DIR, env=env,
            capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, f"{command}: {result.stderr[-2000:]}"
    assert "Installed 49 object(s)" in result.stdout
