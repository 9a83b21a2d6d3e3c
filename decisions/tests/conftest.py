import pytest


@pytest.fixture(autouse=True)
def _eager(celery_eager):
    # Certificate PDFs render in a Celery task; in tests it runs inline after commit.
    return celery_eager


@pytest.fixture(autouse=True)
def _fresh_cache(fresh_cache):
    return fresh_cache


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Many users per test: the production PBKDF2 cost only slows the suite down here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

