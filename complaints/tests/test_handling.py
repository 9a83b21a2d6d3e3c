"""Staff assign a handler not involved in the subject (9.9); the handler closes the complaint with a
recorded outcome emailed to the complainant; an upheld complaint about a holder can become a
violation record (9.5) through decisions."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import ConflictOfInterest
from accounts.roles import Role
from accounts.tests.factories import make_user
from complaints import services
from complaints.models import Complaint
from complaints.services import ComplaintError, handler_refusal
from complaints.tests.factories import make_complaint
from decisions.models import MeetingCandidate, TechnicalMeeting, Violation, Vote
from skema_lsp.errors import DomainError
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db


def assert_unassigned(complaint: Complaint) -> None:
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED and complaint.handler is None
    assert not AuditEntry.objects.filter(action="complaints.complaint.assigned").exists()


def _assign_refused(complaint, person, staff, words: str) -> None:
    assert words in handler_refusal(person, complaint)
    with pytest.raises(ComplaintError, match=words):
        services.assign_handler(complaint=complaint, handler=person, by=staff)
    assert_unassigned(complaint)


def test_holders_assessor_may_not_handle(certificate, staff):
    assessor = certificate.decision.assessment.assessor
    assessor.groups.add(*make_user(Role.TIM_BANDING).groups.all())  # also a panel member
    _assign_refused(make_complaint(certificate=certificate), assessor, staff, "asesor")


def test_technical_team_member_who_decided_may_not_handle(certificate, staff):
    member = make_user(Role.TIM_TEKNIS)
    meeting = TechnicalMeeting.objects.create(date=date(2026, 1, 5), place="Ruang 1", created_by=staff)
    entry = MeetingCandidate.objects.create(meeting=meeting, assessment=certificate.decision.assessment,
                                            added_by=staff)
    Vote.objects.create(candidate=entry, member=member, result="K")
    _assign_refused(make_complaint(certificate=certificate), member, staff, "tim teknis")


def test_complainant_may_not_handle_their_own_complaint(certificate, staff):
    other_staff = make_user(Role.STAF, email="pengadu@contoh.example")
    _assign_refused(make_complaint(certificate=certificate, email="Pengadu@contoh.example"), other_staff, staff,
                    "pengadu")


def test_holder_and_declared_conflict_may_not_handle(certificate, staff, handler):
    complaint = make_complaint(certificate=certificate)
    ConflictOfInterest.objects.create(person=handler, candidate=certificate.holder, kind="keluarga")
    _assign_refused(complaint, handler, staff, "konflik")
    _assign_refused(complaint, certificate.holder, staff, "personel LSP")


def test_unrelated_panel_member_is_assigned_and_told(certificate, staff, handler, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    complaint = make_complaint(certificate=certificate)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_handler(complaint=complaint, handler=handler, by=staff)
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.IN_PROGRESS and complaint.handler == handler
    assert [m.to for m in mailoutbox] == [["penangan@lsp.example"]]
    entry = AuditEntry.objects.get(action="complaints.complaint.assigned")
    assert (entry.from_state, entry.to_state, entry.actor) == ("diterima", "ditangani", staff)


def test_only_staff_assign(certificate, handler):
    complaint = make_complaint(certificate=certificate)
    with pytest.raises(DomainError):
        services.assign_handler(complaint=complaint, handler=handler, by=handler)
    assert_unassigned(complaint)


def test_handler_closes_with_outcome_emailed_to_complainant(certificate, staff, handler, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    complaint = make_complaint(certificate=certificate)
    services.assign_handler(complaint=complaint, handler=handler, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_complaint(complaint=complaint, by=handler, outcome="terbukti",
                                 text="Terbukti; pemegang diperingatkan.")
    complaint.refresh_from_db()
    assert complaint.status == "selesai" and complaint.outcome == "terbukti" and complaint.closed_by == handler
    (mail,) = mailoutbox
    assert mail.to == ["pengadu@contoh.example"] and "Terbukti; pemegang diperingatkan." in mail.body
    assert AuditEntry.objects.filter(action="complaints.complaint.closed", to_state="selesai").exists()


def test_nobody_but_the_handler_closes_and_a_closed_complaint_stays_closed(certificate, staff, handler):
    complaint = make_complaint(certificate=certificate)
    with pytest.raises(ComplaintError):
        services.close_complaint(complaint=complaint, by=staff, outcome="terbukti", text="x")
    services.assign_handler(complaint=complaint, handler=handler, by=staff)
    with pytest.raises(ComplaintError):
        services.close_complaint(complaint=complaint, by=staff, outcome="terbukti", text="x")
    services.close_complaint(complaint=complaint, by=handler, outcome="tidak_terbukti", text="Tidak terbukti.")
    with pytest.raises(ComplaintError):
        services.close_complaint(complaint=complaint, by=handler, outcome="terbukti", text="lagi")
    with pytest.raises(ComplaintError):
        services.assign_handler(complaint=complaint, handler=handler, by=staff)
    complaint.refresh_from_db()
    assert complaint.outcome == "tidak_terbukti"


def test_upheld_complaint_becomes_a_violation_through_decisions(certificate, staff, handler):
    complaint = make_complaint(certificate=certificate)
    services.assign_handler(complaint=complaint, handler=handler, by=staff)
    with pytest.raises(ComplaintError, match="terbukti"):
        services.record_violation(complaint=complaint, category="a", by=staff)
    services.close_complaint(complaint=complaint, by=handler, outcome="terbukti", text="Terbukti.")
    violation = services.record_violation(complaint=complaint, category="a", by=staff)
    complaint.refresh_from_db()
    assert complaint.violation == violation and violation.certificate == certificate
    assert violation.status == Violation.Status.DICATAT and complaint.reference in violation.description
    assert violation.evidence.open("rb").read(5) == b"%PDF-"
    assert AuditEntry.objects.filter(action="decisions.violation.recorded", object_id=str(violation.pk)).exists()
    with pytest.raises(ComplaintError, match="sudah"):
        services.record_violation(complaint=complaint, category="a", by=staff)


def test_views_assign_close_and_record_violation(client, certificate, staff, handler, mailoutbox):
    complaint = make_complaint(certificate=certificate)
    client.force_login(staff)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assessor = certificate.decision.assessment.assessor
    assert handler.display_name in page
    client.post(reverse("complaints:assign", args=[complaint.pk]), {"handler": handler.pk})
    assert client.post(reverse("complaints:close", args=[complaint.pk]), {"outcome": "terbukti",
                                                                          "text": "x"}).status_code == 403
    client.force_login(handler)
    client.post(reverse("complaints:close", args=[complaint.pk]), {"outcome": "terbukti", "text": "Terbukti."})
    client.force_login(staff)
    response = client.post(reverse("complaints:violation", args=[complaint.pk]), {"category": "b"})
    complaint.refresh_from_db()
    assert complaint.status == "selesai" and complaint.violation.category == "b"
    assert response["Location"] == reverse("decisions:violation_detail", args=[complaint.violation.pk])
    assert assessor.display_name  # the assessor stays out of the handler list (rule tested above)


def test_complainant_sees_status_and_outcome_but_not_the_handling(client, certificate, staff, handler):
    holder = make_user(Role.PEMOHON, email="rina@contoh.example")
    complaint = make_complaint(certificate=certificate, by=holder, email="rina@contoh.example")
    services.assign_handler(complaint=complaint, handler=handler, by=staff)
    client.force_login(holder)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert complaint.get_status_display() in page and "Penanganan" not in page and "Riwayat" not in page
    client.force_login(make_user(Role.PEMOHON))
    assert client.get(complaint.get_absolute_url()).status_code == 404
