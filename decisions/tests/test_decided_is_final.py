"""A decided assessment is final (issue 12, items 9 and 14): it cannot be reopened or edited, is not
offered to a meeting again nor decided twice; corrections go only through an appeal's corrected
decision. The decision also ends its assessor's access to the candidate's files (staff keep it)."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessment import services as assessment_services
from assessment.models import Assessment, EvidenceItem
from decisions import services
from decisions.models import Certificate, Decision
from decisions.queries import candidates_available
from decisions.services import DecisionError
from decisions.tests.factories import make_decision, make_ready_assessment
from registration.samples import sample_pdf
from schemes.models import Element, PerformanceCriterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(staff, members, director, scheme, django_capture_on_commit_callbacks):
    """A Kompeten decision made in a meeting, its SK approved and the certificate issued."""
    assessment = make_ready_assessment(scheme=scheme)
    meeting = services.create_meeting(by=staff, date=date(2026, 11, 20), place="Ruang rapat", members=members)
    entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    services.cast_vote(entry=entry, member=members[0], result="K")
    decision = services.cast_vote(entry=entry, member=members[1], result="K")
    services.close_meeting(meeting=meeting, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_letter(letter=services.draft_letter(meeting=meeting, by=staff), by=director)
    assessment.refresh_from_db()
    return {"assessment": assessment, "decision": decision, "certificate": decision.certificates.get()}


def test_decision_in_a_meeting_makes_the_record_final(decided):
    assessment = decided["assessment"]
    assert assessment.decided_at == decided["decision"].decided_at
    assert assessment.status == Assessment.Status.SUBMITTED


def test_decided_assessment_cannot_be_reopened(client, decided, staff):
    assessment = decided["assessment"]
    with pytest.raises(assessment_services.AssessmentError, match="sudah diputuskan"):
        assessment_services.reopen_assessment(assessment=assessment, by=staff, reason="Koreksi nilai")

    client.force_login(staff)
    page = client.get(reverse("assessment:detail", args=[assessment.pk])).content.decode()
    assert reverse("assessment:reopen", args=[assessment.pk]) not in page
    response = client.post(reverse("assessment:reopen", args=[assessment.pk]), {"reason": "Koreksi"}, follow=True)
    assert any("sudah diputuskan" in str(m) for m in response.context["messages"])
    assessment.refresh_from_db()
    assert (assessment.status, assessment.recommendation) == (Assessment.Status.SUBMITTED, "K")
    assert decided["certificate"].status == Certificate.Status.BERLAKU


def test_decided_assessment_cannot_be_edited_by_its_assessor(decided):
    assessment = decided["assessment"]
    criterion = _kuk(assessment.application.scheme)
    with pytest.raises(assessment_services.AssessmentError, match="terkunci"):
        assessment_services.add_evidence(assessment=assessment, by=assessment.assessor, criterion=criterion,
                                         method="observasi", notes="Ditambah setelah keputusan")
    with pytest.raises(assessment_services.AssessmentError):
        assessment_services.submit_assessment(assessment=assessment, by=assessment.assessor, recommendation="BK",
                                              follow_up="x")


def test_decided_assessment_is_not_offered_to_a_meeting_again(staff, members, scheme):
    # A decision recorded outside a meeting (an imported historic decision) has no meeting entry:
    # only the record's own state keeps it out of the next meeting.
    decision = make_decision(scheme=scheme)
    assert not candidates_available().filter(pk=decision.assessment_id).exists()
    meeting = services.create_meeting(by=staff, date=date(2026, 12, 1), place="Ruang rapat", members=members)
    with pytest.raises(DecisionError):
        services.add_candidate(meeting=meeting, assessment=decision.assessment, by=staff)
    assert not meeting.candidates.exists()


def test_decided_assessment_cannot_be_decided_twice(decided, staff):
    assessment = decided["assessment"]
    with pytest.raises(assessment_services.AssessmentError, match="sudah diputuskan"):
        assessment_services.record_decision(assessment=assessment, by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(assessment=assessment, result="BK")
    assert Decision.objects.filter(assessment=assessment).count() == 1


def test_correction_goes_back_to_a_meeting_instead_of_a_staff_pick(decided, staff):
    decision = services.request_reconsideration(decision=decided["decision"], by=staff, reason="Banding dikabulkan")
    assert decision.reconsideration_requested_at and Decision.objects.filter(
        assessment=decided["assessment"]).count() == 1
    assert candidates_available().filter(pk=decided["assessment"].pk).exists()


# --- the assessor's access ends with the decision (item 14) ---------------------------------------


def _kuk(scheme) -> PerformanceCriterion:
    element = Element.objects.create(unit=scheme.units.first(), order=1, title="Menyusun jadwal")
    return PerformanceCriterion.objects.create(element=element, order=1, text="Jadwal disusun.")


def _evidence_item(assessment: Assessment) -> EvidenceItem:
    criterion = _kuk(assessment.application.scheme)
    item = EvidenceItem(assessment=assessment, criterion=criterion, method="portofolio", notes="Portofolio",
                        recorded_by=assessment.assessor)
    item.file.save("bukti.pdf", ContentFile(sample_pdf()), save=True)
    return item


def _file_urls(assessment: Assessment, item: EvidenceItem) -> dict[str, str]:
    photo = assessment.application.evidence.filter(required_document__is_image=True).get()
    return {
        "registration": reverse("registration:evidence_file", args=[photo.pk]),
        "application": reverse("registration:detail", args=[assessment.application_id]),
        "assessment": reverse("assessment:evidence_file", args=[assessment.pk, item.pk]),
        "record": reverse("assessment:record_pdf", args=[assessment.pk]),
    }


def test_assessor_loses_the_candidates_files_when_the_assessment_is_decided(client, staff, members, scheme):
    assessment = make_ready_assessment(scheme=scheme)
    urls = _file_urls(assessment, _evidence_item(assessment))
    client.force_login(assessment.assessor)
    assert {k: client.get(u).status_code for k, u in urls.items()} == dict.fromkeys(urls, 200)

    meeting = services.create_meeting(by=staff, date=date(2026, 11, 20), place="Ruang rapat", members=members)
    entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    services.cast_vote(entry=entry, member=members[0], result="K")
    services.cast_vote(entry=entry, member=members[1], result="K")

    got = {k: client.get(u).status_code for k, u in urls.items()}
    assert got == {"registration": 404, "application": 404, "assessment": 403, "record": 403}
    client.force_login(staff)
    assert {k: client.get(u).status_code for k, u in urls.items()} == dict.fromkeys(urls, 200)
