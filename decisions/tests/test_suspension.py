"""Suspension done fully (9.5): a published category and a staff-only note, a remediation deadline
after which the sweep makes a revocation proposal for the signatory (with reminders); the holder's
acknowledgement of the rules of use (9.8.1–9.8.3); and a certificate never effective before its decision."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import services
from decisions.models import Certificate
from decisions.services import DecisionError
from decisions.tests.factories import make_certificate, make_decision
from skema_lsp.models import AuditEntry, SentReminder
from skema_lsp.reminders import sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(scheme, director, staff):
    return make_certificate(scheme=scheme, signatory=director, by=staff)


def _suspend(certificate, staff, deadline=None):
    return services.suspend_certificate(certificate=certificate, category="penyalahgunaan",
                                        note="Dipakai menandatangani dokumen di luar ruang lingkup.", by=staff,
                                        deadline=deadline)


def test_suspension_records_category_note_and_default_deadline(certificate, staff, settings, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    settings.SUSPENSION_REMEDIATION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        _suspend(certificate, staff)
    certificate.refresh_from_db()
    assert certificate.suspension_category == "penyalahgunaan"
    assert certificate.status_reason == "Penggunaan sertifikat di luar ketentuan (9.8)"
    assert certificate.remediation_deadline == timezone.localdate() + timedelta(days=30)
    (mail,) = [m for m in mailoutbox if certificate.holder.email in m.to]
    assert "di luar ruang lingkup" in mail.body and "Batas perbaikan" in mail.body  # the holder reads the note
    entry = AuditEntry.objects.get(action="decisions.certificate.suspended", object_id=str(certificate.pk))
    assert entry.details["category"] == "penyalahgunaan" and entry.details["note"].startswith("Dipakai")


@pytest.mark.parametrize("category, note, deadline", [
    ("bukan-kategori", "catatan", None), ("lainnya", "  ", None), ("lainnya", "catatan", date(2020, 1, 1)),
])
def test_suspension_refused_without_category_note_or_a_future_deadline(certificate, staff, category, note, deadline):
    with pytest.raises(DecisionError):
        services.suspend_certificate(certificate=certificate, category=category, note=note, deadline=deadline,
                                     by=staff)
    certificate.refresh_from_db()
    assert certificate.status == "berlaku" and certificate.suspension_category == ""


def test_staff_note_is_shown_to_staff_and_holder_not_to_the_public(client, certificate, staff):
    _suspend(certificate, staff)
    client.force_login(staff)
    assert "di luar ruang lingkup" in client.get(certificate.get_absolute_url()).content.decode()
    client.force_login(certificate.holder)
    assert "di luar ruang lingkup" in client.get(certificate.get_absolute_url()).content.decode()
    client.logout()
    public = client.get(f"/verifikasi/{certificate.public_code}.json").json()
    assert public["alasan"] == "Penggunaan sertifikat di luar ketentuan (9.8)"


def test_suspend_view_takes_category_note_and_deadline(client, certificate, staff):
    client.force_login(staff)
    deadline = timezone.localdate() + timedelta(days=10)
    client.post(reverse("decisions:certificate_suspend", args=[certificate.pk]),
                {"category": "permintaan", "note": "Pemegang meminta pembekuan.", "deadline": deadline.isoformat()})
    certificate.refresh_from_db()
    assert (certificate.status, certificate.suspension_category, certificate.remediation_deadline) == (
        "dibekukan", "permintaan", deadline)
    client.post(reverse("decisions:certificate_reinstate", args=[certificate.pk]), {"note": ""})
    certificate.refresh_from_db()
    assert certificate.status == "berlaku" and certificate.remediation_deadline is None


def test_unresolved_suspension_past_its_deadline_becomes_a_revocation_proposal(
        certificate, staff, director, django_capture_on_commit_callbacks, mailoutbox):
    deadline = timezone.localdate() + timedelta(days=10)
    _suspend(certificate, staff, deadline)
    near = sweep(deadline - timedelta(days=7))
    assert [(r.kind, r.recipient) for r in near.sent] == [("decisions.suspension_deadline_near", certificate.holder)]
    assert sweep(deadline).moved == []  # the deadline day itself is still within time
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(deadline + timedelta(days=1))
    certificate.refresh_from_db()
    assert certificate.revocation_proposed_at is not None and certificate.status == "dibekukan"
    assert any("diusulkan dicabut" in line for line in result.moved)
    assert [(r.kind, r.recipient) for r in result.sent] == [("decisions.suspension_lapsed", director)]
    assert any(director.email in m.to and certificate.number in m.subject for m in mailoutbox)
    assert AuditEntry.objects.filter(action="decisions.certificate.revocation_proposed").count() == 1
    again = sweep(deadline + timedelta(days=2))
    assert again.sent == [] and again.moved == []
    assert SentReminder.objects.filter(kind="decisions.suspension_lapsed").count() == 1


def _lapse(certificate, staff):
    _suspend(certificate, staff)
    Certificate.objects.filter(pk=certificate.pk).update(remediation_deadline=timezone.localdate() - timedelta(days=1))
    services.propose_lapsed_revocations()
    certificate.refresh_from_db()


def test_director_revokes_a_lapsed_suspension(client, certificate, staff, director):
    _lapse(certificate, staff)
    client.force_login(staff)
    assert client.post(reverse("decisions:certificate_lapsed_decide", args=[certificate.pk]),
                       {"approve": "1"}).status_code == 403
    client.force_login(director)
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Usulan pencabutan" in page
    client.post(reverse("decisions:certificate_lapsed_decide", args=[certificate.pk]), {"approve": "1", "note": ""})
    certificate.refresh_from_db()
    assert certificate.status == "dicabut" and "9.5.2" in certificate.public_reason()


def test_director_gives_a_new_deadline_instead(certificate, staff, director):
    _lapse(certificate, staff)
    with pytest.raises(DecisionError):
        services.decide_lapsed_suspension(certificate=certificate, by=director, approve=False)
    new = timezone.localdate() + timedelta(days=14)
    services.decide_lapsed_suspension(certificate=certificate, by=director, approve=False, new_deadline=new)
    certificate.refresh_from_db()
    assert certificate.status == "dibekukan" and certificate.remediation_deadline == new
    assert certificate.revocation_proposed_at is None
    assert AuditEntry.objects.filter(action="decisions.certificate.remediation_extended").exists()
    with pytest.raises(DecisionError, match="tidak sedang diusulkan"):
        services.decide_lapsed_suspension(certificate=certificate, by=director, approve=True)


def test_holder_acknowledges_the_rules_of_use_once(client, certificate):
    holder = certificate.holder
    client.force_login(holder)
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Ketentuan penggunaan sertifikat (9.8.1–9.8.3)" in page
    client.post(reverse("decisions:certificate_acknowledge", args=[certificate.pk]))
    certificate.refresh_from_db()
    assert certificate.rules_acknowledged_at is not None
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Saya memahami dan menyetujui" not in page and "Disetujui pemegang" in page
    with pytest.raises(DecisionError):
        services.acknowledge_rules(certificate=certificate, by=holder)
    assert AuditEntry.objects.filter(action="decisions.certificate.rules_acknowledged").count() == 1


def test_only_the_holder_acknowledges(client, certificate, staff):
    client.force_login(staff)
    assert client.post(reverse("decisions:certificate_acknowledge", args=[certificate.pk])).status_code == 403
    certificate.refresh_from_db()
    assert certificate.rules_acknowledged_at is None
    assert "Belum disetujui pemegang" in client.get(certificate.get_absolute_url()).content.decode()


def test_certificate_never_takes_effect_before_its_decision(scheme, director, staff):
    decision = make_decision(scheme=scheme, decided_on=date(2026, 6, 10))
    with pytest.raises(DecisionError, match="tidak boleh sebelum tanggal keputusan"):
        services.issue_certificate(decision=decision, signatory=director, by=staff, issued_on=date(2026, 6, 9))
    assert not Certificate.objects.filter(decision=decision).exists()
    certificate = services.issue_certificate(decision=decision, signatory=director, by=staff,
                                             issued_on=date(2026, 6, 10))
    assert certificate.issued_on == date(2026, 6, 10)


def test_non_holder_user_sees_no_acknowledgement_form(client, certificate):
    client.force_login(make_user(Role.DIREKTUR))
    assert "Saya memahami" not in client.get(certificate.get_absolute_url()).content.decode()
