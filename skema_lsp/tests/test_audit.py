"""Append-only audit log: one helper writes a row in the caller's transaction; nothing edits it."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory

from accounts.roles import Role
from accounts.tests.factories import make_user
from schemes.tests.factories import TUKFactory
from skema_lsp import audit
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_record_writes_actor_object_states_and_details():
    staf = make_user(Role.STAF)
    tuk = TUKFactory(is_verified=False)
    entry = audit.record(obj=tuk, action="schemes.tuk.verified", by=staf, from_state="baru", to_state="terverifikasi",
                         catatan="Sarana lengkap")
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == staf
    assert entry.target == tuk
    assert (entry.action, entry.from_state, entry.to_state) == ("schemes.tuk.verified", "baru", "terverifikasi")
    assert entry.details == {"catatan": "Sarana lengkap"}


def test_anonymous_or_missing_actor_is_stored_as_none():
    tuk = TUKFactory()
    assert audit.record(obj=tuk, action="a", by=AnonymousUser()).actor is None
    assert audit.record(obj=tuk, action="b").actor is None


def test_dates_and_decimals_in_details_are_stored_as_text():
    entry = audit.record(obj=TUKFactory(), action="bayar", jumlah=Decimal("3500000"), batas=date(2026, 4, 14))
    assert AuditEntry.objects.get(pk=entry.pk).details == {"jumlah": "3500000", "batas": "2026-04-14"}


def test_row_disappears_with_the_callers_rolled_back_transaction():
    tuk = TUKFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(obj=tuk, action="gagal")
        raise RuntimeError("state change failed")
    assert not AuditEntry.objects.exists()


def test_rows_cannot_be_updated_or_deleted():
    entry = audit.record(obj=TUKFactory(), action="a", to_state="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(to_state="y")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        entry.delete()
    entry.to_state = "y"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).to_state == "x"


def test_timeline_lists_only_the_given_objects_oldest_first():
    first, second, other = TUKFactory(), TUKFactory(), TUKFactory()
    audit.record(obj=first, action="1")
    audit.record(obj=other, action="lain")
    audit.record(obj=second, action="2")
    audit.record(obj=first, action="3")
    assert [e.action for e in audit.timeline(first, second)] == ["1", "2", "3"]
    assert list(audit.timeline()) == []


def test_admin_is_read_only_even_for_a_superuser(client):
    superuser = make_user(is_superuser=True, is_staff=True)
    entry = audit.record(obj=TUKFactory(), action="a")
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[AuditEntry]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    client.force_login(superuser)
    assert client.get("/admin/skema_lsp/auditentry/").status_code == 200
    assert client.post(f"/admin/skema_lsp/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/skema_lsp/auditentry/{entry.pk}/change/", {"action": "ubah"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "a"
