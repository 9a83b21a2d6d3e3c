import pytest


@pytest.fixture
def scheme(seed_scheme):
    # The printed APL-02 with the assessor's recommendation is checked on the seed's scheme.
    return seed_scheme


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~1 s per user on these machines; these tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
