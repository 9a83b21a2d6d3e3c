"""TUK verification by staff in the app (schemes' TUK pages): verify and withdraw, each with a
required reason, audited and listed as history; a TUK whose verification was withdrawn can no longer
host a schedule (the checks of assessment and exams, not a second copy of them)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment.models import TestSession
from assessment.tests.factories import make_tuk
from schemes.tests.factories import SchemeFactory
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_staff_verify_and_withdraw_with_a_reason_and_see_the_history(client):
    staff = make_user(Role.STAF, full_name="Sari Staf")
    tuk = make_tuk(verified=False)
    url = reverse("schemes:tuk_detail", args=[tuk.pk])
    client.force_login(staff)
    assert tuk.name in client.get(reverse("schemes:tuk_list")).content.decode()

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and "Bidang ini tidak boleh kosong." in refused.content.decode()
    tuk.refresh_from_db()
    assert not tuk.is_verified and not AuditEntry.objects.filter(object_id=str(tuk.pk)).exists()

    assert client.post(url, {"reason": "Ruang dan peralatan diperiksa sesuai daftar periksa TUK."}).status_code == 302
    tuk.refresh_from_db()
    assert tuk.is_verified and tuk.verified_by == staff and tuk.verified_on
    assert client.post(url, {"reason": "Ruang uji dialihfungsikan menjadi gudang."}).status_code == 302
    tuk.refresh_from_db()
    assert not tuk.is_verified and tuk.verified_by is None

    entries = list(AuditEntry.objects.filter(object_id=str(tuk.pk), content_type__model="tuk").order_by("pk"))
    assert [(e.action, e.actor, e.details["reason"]) for e in entries] == [
        ("schemes.tuk.verified", staff, "Ruang dan peralatan diperiksa sesuai daftar periksa TUK."),
        ("schemes.tuk.verification_revoked", staff, "Ruang uji dialihfungsikan menjadi gudang."),
    ]
    page = client.get(url).content.decode()
    assert "TUK diverifikasi" in page and "Verifikasi TUK dicabut" in page
    assert "Ruang uji dialihfungsikan menjadi gudang." in page and "Belum terverifikasi" in page


def test_a_withdrawn_tuk_cannot_host_a_schedule(client):
    staff = make_user(Role.STAF)
    scheme = SchemeFactory()
    tuk = make_tuk(verified=True)
    client.force_login(staff)
    client.post(reverse("schemes:tuk_detail", args=[tuk.pk]), {"reason": "Izin tempat berakhir."})
    response = client.post(reverse("assessment:session_create"), {
        "scheme": scheme.pk, "date": "2026-12-08", "start_time": "09:00", "end_time": "12:00", "tuk": tuk.pk,
        "capacity": 5,
    })
    assert response.status_code == 200 and "tuk" in response.context["form"].errors
    assert not TestSession.objects.filter(tuk=tuk).exists()


@pytest.mark.parametrize("role", [Role.ASESOR, Role.DIREKTUR, Role.PEMOHON, Role.TIM_TEKNIS])
def test_tuk_pages_are_staff_only(client, role):
    tuk = make_tuk(verified=False)
    client.force_login(make_user(role))
    assert client.get(reverse("schemes:tuk_list")).status_code == 403
    assert client.post(reverse("schemes:tuk_detail", args=[tuk.pk]), {"reason": "x"}).status_code == 403
    tuk.refresh_from_db()
    assert not tuk.is_verified


def test_tuk_list_queries_do_not_grow_with_rows(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = make_user(Role.STAF)
    client.force_login(staff)
    make_tuk()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("schemes:tuk_list"))
        counts.append(len(captured))
        for _ in range(4):
            tuk = make_tuk(verified=False)
            client.post(reverse("schemes:tuk_detail", args=[tuk.pk]), {"reason": "Diperiksa."})
    assert counts[0] == counts[1]
