"""Backup and the restore drill: a backup restored into a fresh database and media folder gives back
every file intact and every certificate verifying as before; a damaged backup is reported."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions.models import Certificate
from decisions.tests.factories import make_certificate
from schemes.tests.factories import PASFOTO, make_scheme
from skema_lsp.tests.test_celery_worker import database_url

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows


@pytest.fixture
def certificates(celery_eager, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scheme = make_scheme(elements=0, documents=[PASFOTO])
    staff, director = make_user(Role.STAF), make_user(Role.DIREKTUR)
    issued = [make_certificate(scheme=scheme, signatory=director, by=staff) for _ in range(2)]
    for certificate in issued:
        certificate.refresh_from_db()
        assert certificate.pdf  # rendered on commit
    return issued


def drill(backup: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url()}
    return subprocess.run(["bash", "scripts/restore_drill.sh", str(backup)], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_backup_restores_into_a_fresh_database_with_every_certificate_verifying(certificates, tmp_path):
    call_command("backup", tmp_path / "cadangan")
    manifest = json.loads((tmp_path / "cadangan" / "manifest.json").read_text())
    assert {c.pdf.name for c in certificates} <= set(manifest["media"])
    assert set(manifest["stages"]["decisions"]["certificates"]) == {c.public_code for c in certificates}

    result = drill(tmp_path / "cadangan")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(manifest['media'])} berkas utuh, 2 sertifikat terverifikasi" in result.stdout
    name = result.stdout.split(" into database ", 1)[1].split()[0]
    left = subprocess.run(["psql", database_url().rsplit("/", 1)[0] + "/postgres", "-Atc",
                           f"SELECT count(*) FROM pg_database WHERE datname = '{name}'"],
                          capture_output=True, text=True, check=True)
    assert name.startswith("skema_drill_") and left.stdout.strip() == "0"  # the drill database is gone again


def test_the_drill_fails_naming_a_certificate_whose_pdf_is_missing_from_the_backup(certificates, tmp_path):
    call_command("backup", tmp_path / "cadangan")
    lost = certificates[0]
    (tmp_path / "cadangan" / "media" / lost.pdf.name).unlink()
    result = drill(tmp_path / "cadangan")
    assert result.returncode != 0
    assert f"sertifikat {lost.number}: berkas PDF-nya hilang" in result.stderr
    assert certificates[1].number not in result.stderr


def test_restore_refuses_a_database_that_is_not_empty(certificates, tmp_path):
    call_command("backup", tmp_path / "cadangan")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", tmp_path / "cadangan")
    assert Certificate.objects.count() == 2
