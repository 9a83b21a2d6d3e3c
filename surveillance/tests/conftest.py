import pytest

from schemes.tests.factories import RECERTIFICATION, make_scheme


@pytest.fixture(autouse=True)
def _eager(celery_eager):
    # The report and certificate PDFs render in Celery tasks; in tests they run inline after commit.
    return celery_eager


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Many holders per test: the production hasher costs ~1 s per user on these machines.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scheme(db):
    return make_scheme(**RECERTIFICATION)
