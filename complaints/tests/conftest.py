import pytest

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions.tests.factories import make_certificate, make_scheme


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    return make_user(Role.STAF, full_name="Staf LSP", email="staf@lsp.example")


@pytest.fixture
def director(db):
    return make_user(Role.DIREKTUR, full_name="Direktur LSP")


@pytest.fixture
def handler(db):
    return make_user(Role.TIM_BANDING, full_name="Penangan Netral", email="penangan@lsp.example")


@pytest.fixture
def certificate(db, staff, director):
    return make_certificate(scheme=make_scheme(), signatory=director, by=staff)
