"""A corrected decision after an upheld appeal goes back through a technical-team meeting (9.4.2)
and reaches the candidate with the director's SK (9.4.5); staff never pick K or BK themselves."""

from datetime import date

import pytest
from django.core import mail

from accounts.tests.factories import make_members
from appeals import services as appeal_services
from decisions import services
from decisions.models import Certificate, Decision, MeetingCandidate
from decisions.queries import candidates_available
from decisions.services import DecisionError
from decisions.tests.factories import make_ready_assessment
from decisions.tests.test_meetings import run_meeting
from skema_lsp.models import AuditEntry
from skema_lsp.testing import pdf_text

# The decision stage's certificate PDFs render in a task (inline here) and its rate limits use the cache.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager", "fresh_cache")]


@pytest.fixture
def told_bk(staff, members, scheme, director):
    """A BK decision made in a meeting and told with an approved SK."""
    assessment = make_ready_assessment(scheme=scheme, recommendation="BK")
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [assessment]), by=staff)
    services.approve_letter(letter=services.draft_letter(meeting=meeting, by=staff), by=director)
    return Decision.objects.get(assessment=assessment)


def test_the_appeal_service_no_longer_takes_a_result():
    import inspect

    assert "result" not in inspect.signature(appeal_services.order_corrected_decision).parameters


def test_upheld_appeal_is_decided_again_by_a_meeting_and_told_with_the_sk(
        told_bk, staff, members, director, django_capture_on_commit_callbacks):
    services.request_reconsideration(decision=told_bk, by=staff, reason="Banding BD-1 dikabulkan: portofolio")
    assert not Decision.objects.filter(corrects=told_bk).exists()  # nothing decided by staff
    assessment = told_bk.assessment
    assert candidates_available().filter(pk=assessment.pk).exists()

    fresh = make_members(2)
    meeting = services.create_meeting(by=staff, date=date(2026, 12, 1), place="Ruang Rapat 2",
                                      members=[members[1], *fresh])
    entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    assert entry.reconsiders == told_bk
    with pytest.raises(DecisionError, match="ikut memutuskan keputusan yang dibanding"):
        services.cast_vote(entry=entry, member=members[1], result="K")
    services.cast_vote(entry=entry, member=fresh[0], result="K")
    corrected = services.cast_vote(entry=entry, member=fresh[1], result="K")
    assert corrected.corrects == told_bk and corrected.result == "K"
    assert corrected.decided_at.date() == date(2026, 12, 1) and corrected.notified_at is None
    assert not candidates_available().filter(pk=assessment.pk).exists()
    assert AuditEntry.objects.filter(action="decisions.decision.corrected", object_id=str(corrected.pk)).exists()

    services.close_meeting(meeting=meeting, by=staff)
    letter = services.draft_letter(meeting=meeting, by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        [certificate] = services.approve_letter(letter=letter, by=director)
    corrected.refresh_from_db()
    assert corrected.notified_at and certificate.decision == corrected and certificate.letter == letter
    assert any("Kompeten" in m.subject for m in mail.outbox if told_bk.candidate.email in m.to)
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        assert certificate.number in pdf_text(handle.read())
    assert MeetingCandidate.objects.filter(assessment=assessment).count() == 2


def test_reconsideration_requested_once(told_bk, staff):
    services.request_reconsideration(decision=told_bk, by=staff, reason="Banding dikabulkan")
    with pytest.raises(DecisionError, match="sudah dikembalikan"):
        services.request_reconsideration(decision=told_bk, by=staff, reason="lagi")


def test_no_appeal_before_the_sk_tells_the_candidate(staff, members, scheme):
    assessment = make_ready_assessment(scheme=scheme, recommendation="BK")
    run_meeting(staff, members, [assessment])
    decision = Decision.objects.get(assessment=assessment)
    refusal = appeal_services.filing_refusal(decision, decision.candidate)
    assert refusal and "belum disampaikan resmi" in refusal
    assert not Certificate.objects.exists()


def test_status_page_shows_no_result_and_no_appeal_before_the_sk(staff, members, scheme):
    from appeals import progress as appeal_progress
    from decisions import progress

    assessment = make_ready_assessment(scheme=scheme, recommendation="BK")
    run_meeting(staff, members, [assessment])
    steps = progress.steps(assessment.application)
    assert steps[0].state == "sekarang" and "Belum Kompeten" not in steps[0].text
    assert "Surat Keputusan" in steps[0].text and appeal_progress.steps(assessment.application) == []
