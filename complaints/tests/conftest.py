import pytest

from decisions.tests.factories import make_certificate


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_cache):
    return fresh_cache


@pytest.fixture
def certificate(db, staff, director, scheme):
    return make_certificate(scheme=scheme, signatory=director, by=staff)
