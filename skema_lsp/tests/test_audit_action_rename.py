"""Rows recorded under the old action names are renamed to `app.model.verb` by the data migration,
in SQL (the ORM refuses to change an audit row), and back again when it is reversed."""

from importlib import import_module

import pytest
from django.db import connection

from accounts.roles import Role
from accounts.tests.factories import make_user
from schemes.tests.factories import TUKFactory
from skema_lsp import audit
from skema_lsp.audit_labels import ACTION_LABELS
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db
migration = import_module("skema_lsp.migrations.0005_audit_actions_app_model_verb")


def test_old_names_are_renamed_by_the_app_of_the_audited_object_and_back():
    staf = make_user(Role.STAF)
    tuk = TUKFactory()
    verified = audit.record(obj=tuk, action="verifikasi_tuk", by=staf)
    user_submit = audit.record(obj=staf, action="submit")  # "submit" only had a meaning in two apps
    with connection.schema_editor() as editor:
        migration.forwards(None, editor)
    assert AuditEntry.objects.get(pk=verified.pk).action == "schemes.tuk.verified"
    assert AuditEntry.objects.get(pk=user_submit.pk).action == "submit"
    with connection.schema_editor() as editor:
        migration.backwards(None, editor)
    assert AuditEntry.objects.get(pk=verified.pk).action == "verifikasi_tuk"


def test_every_new_name_has_a_label():
    new = set(migration.RENAMED.values()) | set(migration.RENAMED_BY_APP.values())
    assert sorted(new - set(ACTION_LABELS)) == []
