import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from accounts.roles import Role


@pytest.fixture(autouse=True)
def _eager(celery_eager):
    # Certificate PDFs render in a Celery task; in tests it runs inline after commit.
    return celery_eager


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order with whitespace collapsed (table cells wrap onto several
    lines); pages stay separated by a form feed."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return "\f".join(" ".join(page.split()) for page in result.stdout.decode().split("\f"))


def decode_qr_from_pdf(content: bytes, page: int = 1) -> list[str]:
    """Rasterise one page (pdftoppm) and read every QR code on it (zbarimg)."""
    workdir = Path(tempfile.mkdtemp())
    try:
        (workdir / "doc.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png",
                        str(workdir / "doc.pdf"), str(workdir / "page")], check=True)
        image = next(workdir.glob("page*.png"))
        result = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True)
        return [line for line in result.stdout.decode().splitlines() if line]
    finally:
        shutil.rmtree(workdir)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Many users per test: the production PBKDF2 cost only slows the suite down here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _role_groups(request):
    # transaction=True tests flush the database, taking the migration-made role groups with them.
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("_django_db_helper")
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=str(role))
