import pytest

from accounts.roles import Role
from accounts.tests.factories import make_user
from schemes.tests.factories import load_renbang


@pytest.fixture
def scheme(db):
    """The seed's scheme with the example elements, as the demo has it."""
    return load_renbang(with_examples=True)


@pytest.fixture
def staff(db):
    return make_user(Role.STAF, full_name="Siti Staf")


@pytest.fixture
def staff2(db):
    return make_user(Role.STAF, full_name="Budi Staf")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Each factory user hashes "demo-lsp-2026"; PBKDF2 would dominate these tests' run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
