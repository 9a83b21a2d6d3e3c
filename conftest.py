"""Project-wide fixtures: every test runs on PostgreSQL (make test sets DATABASE_URL)."""

import os

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine and not os.environ.get("ALLOW_SQLITE_TESTS"):
        raise pytest.UsageError("Tests run on PostgreSQL: set DATABASE_URL (make test does).")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: dashboard figures and verification answers cached by
    one test must not show in the next (the local-memory cache lives as long as the process)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _role_groups(request):
    """The role groups come from a data migration, which a transactional test's flush wipes; make
    sure every database test finds them whatever ran before it."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    Group.objects.bulk_create([Group(name=role) for role in Role.values], ignore_conflicts=True)


# --- the standard users (one per role) and the scheme a stage's tests start from -----------------------
# An app's conftest overrides `scheme` when its tests need another one (the seed scheme, a question bank).

@pytest.fixture
def staff(db):
    from accounts.roles import Role
    from accounts.tests.factories import make_user

    return make_user(Role.STAF, full_name="Siti Staf")


@pytest.fixture
def director(db):
    from accounts.roles import Role
    from accounts.tests.factories import make_user

    return make_user(Role.DIREKTUR, full_name="Abiratno Direktur")


@pytest.fixture
def assessor(db):
    from accounts.roles import Role
    from accounts.tests.factories import make_user

    return make_user(Role.ASESOR, full_name="Asesor Uji", met_number="MET.000.00000.2026")


@pytest.fixture
def holder(db):
    """An applicant / certificate holder (pemohon)."""
    from accounts.roles import Role
    from accounts.tests.factories import make_user

    return make_user(Role.PEMOHON, full_name="Dewi Lestari")


@pytest.fixture
def members(db):
    """Three technical team members (tim teknis), enough for a decision meeting."""
    from accounts.tests.factories import make_members

    return make_members(3)


@pytest.fixture
def handler(db):
    """An appeals/complaints team member (tim banding)."""
    from accounts.roles import Role
    from accounts.tests.factories import make_user

    return make_user(Role.TIM_BANDING, full_name="Penangan Netral", email="penangan@lsp.example")


@pytest.fixture
def scheme(db):
    """Two units (KUK added by the test that needs them) and the photo a certificate prints."""
    from schemes.tests.factories import PASFOTO, make_scheme

    return make_scheme(elements=0, documents=[PASFOTO])


@pytest.fixture
def seed_scheme(db):
    """The seed's scheme with the example elements, as the demo has it."""
    from schemes.tests.factories import load_renbang

    return load_renbang(with_examples=True)


@pytest.fixture
def fresh_cache():
    """An empty cache before and after the test: rate limits and cached counts start from nothing."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def celery_eager():
    from skema_lsp.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = old


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }


@pytest.fixture
def s3_media(settings, monkeypatch):
    """Media in an S3 bucket (moto, in process) through the same STORAGES entry production uses;
    yields the boto3 client to look into the bucket."""
    import boto3
    from moto import mock_aws

    from skema_lsp.storage import s3_storage

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="skema-media")
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage("skema-media", region_name="us-east-1")}
        yield client
