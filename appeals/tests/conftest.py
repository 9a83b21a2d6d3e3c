import pytest


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Factories create many users; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
