import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from accounts.tests.factories import make_user


def ensure_role_groups() -> None:
    # A transactional (browser/concurrency) test flushes the groups the data migration made;
    # with --reuse-db that flush outlives the run.
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.fixture
def scheme(seed_scheme):
    return seed_scheme


@pytest.fixture
def staff2(db):
    return make_user(Role.STAF, full_name="Budi Staf")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Each factory user hashes "demo-lsp-2026"; PBKDF2 would dominate these tests' run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
