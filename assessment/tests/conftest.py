import pytest

# The registration stage's fixtures, for the printed APL-02 with the assessor's recommendation.
from registration.tests.conftest import scheme, staff  # noqa: F401


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~1 s per user on these machines; these tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
