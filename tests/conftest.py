"""Whole-product fixtures: the contract-2 demo data seeded once per test module and rolled back."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from tests.demo import Demo, top_up

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_root(settings, demo_media):
    """Overrides the root fixture: the demo's files live in one folder for the whole module, so a
    per-test MEDIA_ROOT would lose them."""
    settings.MEDIA_ROOT = demo_media
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """`seed_demo --force` once per module inside a transaction rolled back at the end; tests use `db`
    (a savepoint inside it). Login with client.force_login: the demo passwords are hashed fast."""
    with django_db_blocker.unblock(), override_settings(
        MEDIA_ROOT=demo_media, PASSWORD_HASHERS=FAST_HASHER, AXES_ENABLED=False
    ):
        with transaction.atomic():
            from django.contrib.auth.models import Group

            from accounts.roles import Role

            Group.objects.bulk_create([Group(name=role) for role in Role.values], ignore_conflicts=True)
            call_command("seed_demo", "--force", stdout=StringIO())
            data = Demo()
            top_up(data)
            yield data
            transaction.set_rollback(True)
