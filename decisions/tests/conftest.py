import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _eager(celery_eager):
    # Certificate PDFs render in a Celery task; in tests it runs inline after commit.
    return celery_eager


@pytest.fixture(autouse=True)
def _fresh_cache(fresh_cache):
    return fresh_cache


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

