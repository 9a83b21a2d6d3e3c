import pytest

# The decision stage's fixtures, for the tests of corrected decisions that start from a meeting.
from decisions.tests.conftest import director, members, scheme, staff  # noqa: F401


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Factories create many users; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
