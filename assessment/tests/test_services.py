"""Assessment services: assignment and conflict of interest, plan and consent, pre-assessment,
recording and submission under the VATM rule, locking, reopen and re-assessment."""

from datetime import date, time

import pytest
from django.core import mail

from accounts.models import ConflictOfInterest
from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment import queries, services
from assessment.models import Assessment, ConflictDeclaration, EvidenceItem, Method, TestSession
from assessment.tests.factories import (
    make_application,
    make_assessor,
    make_question,
    make_staff,
    make_tuk,
    record_all,
    walk,
)
from schemes.models import PerformanceCriterion
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db
S = Assessment.Status


@pytest.fixture
def staff():
    return make_staff()


@pytest.fixture
def assessor():
    return make_assessor(username="asesor_satu")


@pytest.fixture
def application():
    return make_application()


def test_assignment_holds_only_after_assessor_declares_no_conflict(application, assessor, staff,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assign_assessor(application=application, assessor=assessor, by=staff)
    assert assessment.status == S.PROPOSED
    assert queries.assessor_of(application) is None
    assert mail.outbox[-1].to == [assessor.email]

    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(assessment=assessment, by=assessor, has_conflict=False)
    assessment.refresh_from_db()
    declaration = ConflictDeclaration.objects.get(assessment=assessment)
    assert assessment.status == S.ASSIGNED and assessment.assigned_at is not None
    assert declaration.has_conflict is False and declaration.declared_at is not None
    assert queries.assessor_of(application) == assessor
    assert mail.outbox[-1].to == [application.applicant.email]
    assert AuditEntry.objects.filter(action="assessment.assessment.no_conflict_declared", to_state=S.ASSIGNED).exists()


def test_declared_conflict_blocks_the_assignment_and_any_later_one(application, assessor, staff):
    assessment = services.assign_assessor(application=application, assessor=assessor, by=staff)
    services.declare_conflict(assessment=assessment, by=assessor, has_conflict=True, kind="pelatih",
                              note="Pernah melatih asesi.")
    assessment.refresh_from_db()
    assert assessment.status == S.UNASSIGNED and assessment.assessor is None
    assert ConflictOfInterest.objects.filter(person=assessor, candidate=application.applicant).exists()
    assert queries.assessor_of(application) is None

    with pytest.raises(services.AssessmentError, match="konflik kepentingan"):
        services.assign_assessor(application=application, assessor=assessor, by=staff)
    other = make_assessor()
    again = services.assign_assessor(application=application, assessor=other, by=staff)
    assert again.pk == assessment.pk and again.assessor == other


def test_conflict_recorded_elsewhere_blocks_assignment(application, assessor, staff):
    ConflictOfInterest.objects.create(person=assessor, candidate=application.applicant, kind="keluarga")
    with pytest.raises(services.AssessmentError, match="konflik"):
        services.assign_assessor(application=application, assessor=assessor, by=staff)
    assert not Assessment.objects.filter(application=application, status=S.PROPOSED).exists()


def test_nobody_assesses_themselves(staff):
    person = make_user(Role.PEMOHON, Role.ASESOR, met_number="MET.1")
    application = make_application(applicant=person)
    with pytest.raises(services.AssessmentError, match="dirinya sendiri"):
        services.assign_assessor(application=application, assessor=person, by=staff)


def test_assessor_needs_role_and_met_number(application, staff):
    with pytest.raises(services.AssessmentError, match="MET"):
        services.assign_assessor(application=application, assessor=make_user(Role.ASESOR), by=staff)
    with pytest.raises(services.AssessmentError, match="bukan asesor"):
        services.assign_assessor(application=application, assessor=make_user(Role.STAF, met_number="X"), by=staff)


def test_only_the_proposed_assessor_declares(application, assessor, staff):
    assessment = services.assign_assessor(application=application, assessor=assessor, by=staff)
    with pytest.raises(services.AssessmentError):
        services.declare_conflict(assessment=assessment, by=make_assessor(), has_conflict=False)


def test_session_must_be_at_verified_tuk_and_within_capacity(application, assessor, staff):
    unverified = TestSession.objects.create(scheme=application.scheme, date=date(2026, 12, 7), start_time=time(9),
                                            tuk=make_tuk(verified=False), capacity=1)
    with pytest.raises(services.AssessmentError, match="diverifikasi"):
        services.assign_assessor(application=application, assessor=assessor, by=staff, session=unverified)
    session = TestSession.objects.create(scheme=application.scheme, date=date(2026, 12, 7), start_time=time(9),
                                         tuk=make_tuk(), capacity=1)
    services.assign_assessor(application=application, assessor=assessor, by=staff, session=session)
    assert list(session.assessors.all()) == [assessor]
    second = make_application(scheme=application.scheme)
    with pytest.raises(services.AssessmentError, match="penuh"):
        services.assign_assessor(application=second, assessor=assessor, by=staff, session=session)


def test_plan_needs_verified_tuk_and_candidate_acceptance_is_stamped(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="assigned")
    with pytest.raises(services.AssessmentError, match="TUK"):
        services.propose_plan(assessment=assessment, by=assessor, methods=[Method.OBSERVASI], evidence_to_collect="x",
                              day=date(2026, 12, 7), at=time(9), tuk=make_tuk(verified=False))
    services.propose_plan(assessment=assessment, by=assessor, methods=[Method.OBSERVASI], evidence_to_collect="Dok",
                          day=date(2026, 12, 7), at=time(9), tuk=make_tuk())
    with pytest.raises(services.AssessmentError):
        services.accept_plan(assessment=assessment, by=application.applicant, plan_accepted=True,
                             confidentiality_accepted=False)
    with pytest.raises(services.AssessmentError):
        services.accept_plan(assessment=assessment, by=assessor, plan_accepted=True, confidentiality_accepted=True)
    plan = services.accept_plan(assessment=assessment, by=application.applicant, plan_accepted=True,
                                confidentiality_accepted=True)
    assessment.refresh_from_db()
    assert assessment.status == S.PLAN_AGREED
    assert plan.accepted_at is not None and plan.confidentiality_accepted_at is not None


def test_pre_assessment_not_continued_tells_the_candidate(application, assessor, staff,
                                                          django_capture_on_commit_callbacks):
    assessment = walk(application, assessor=assessor, staff=staff, to="plan_agreed")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_pre_assessment(assessment=assessment, by=assessor, can_continue=False,
                                       reasons="Bukti portofolio tidak relevan.")
    assessment.refresh_from_db()
    assert assessment.status == S.NOT_CONTINUED
    assert assessment.pre_assessment.reasons == "Bukti portofolio tidak relevan."
    last = mail.outbox[-1]
    assert last.to == [application.applicant.email] and "tidak relevan" in last.body
    with pytest.raises(services.AssessmentError):
        record_all(assessment, assessor)


def test_kompeten_refused_where_the_rule_gives_bk(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="testing")
    missing = PerformanceCriterion.objects.filter(element__unit__scheme=application.scheme).last()
    record_all(assessment, assessor, skip=missing.pk)
    # Evidence for the missing KUK exists but is not current: still not met.
    services.add_evidence(assessment=assessment, by=assessor, criterion=missing, method=Method.PORTOFOLIO,
                          notes="Dokumen 2019", valid=True, authentic=True, current=False, sufficient=True)
    with pytest.raises(services.AssessmentError, match="Kompeten ditolak"):
        services.submit_assessment(assessment=assessment, by=assessor, recommendation="K")
    with pytest.raises(services.AssessmentError, match="tindak lanjut"):
        services.submit_assessment(assessment=assessment, by=assessor, recommendation="BK")
    services.submit_assessment(assessment=assessment, by=assessor, recommendation="BK",
                               follow_up="Asesmen ulang KUK terkait dengan dokumen terkini.")
    assessment.refresh_from_db()
    assert assessment.status == S.SUBMITTED and assessment.recommendation == "BK"
    assert [row["text"] for row in assessment.unmet_criteria] == [missing.text]


def test_full_evidence_submits_kompeten_and_is_ready_for_decision(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="submitted")
    assert assessment.recommendation == "K" and assessment.submitted_at is not None
    assert assessment.unmet_criteria == []
    assert list(queries.ready_for_decision()) == [assessment]


def test_bk_cannot_be_recorded_when_every_kuk_is_met(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="testing")
    record_all(assessment, assessor)
    with pytest.raises(services.AssessmentError, match="Kompeten"):
        services.submit_assessment(assessment=assessment, by=assessor, recommendation="BK", follow_up="x")


def test_submitted_record_refuses_edits_until_staff_reopen(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="submitted")
    criterion = PerformanceCriterion.objects.filter(element__unit__scheme=application.scheme).first()
    item = EvidenceItem.objects.filter(assessment=assessment).first()
    question = make_question(criterion.element.unit)
    with pytest.raises(services.AssessmentError, match="terkunci"):
        services.add_evidence(assessment=assessment, by=assessor, criterion=criterion, method=Method.LISAN, notes="x")
    with pytest.raises(services.AssessmentError, match="terkunci"):
        services.remove_evidence(item=item, by=assessor)
    with pytest.raises(services.AssessmentError, match="terkunci"):
        services.judge_answer(assessment=assessment, by=assessor, question=question, is_satisfactory=True)
    with pytest.raises(services.AssessmentError, match="terkunci"):
        services.submit_assessment(assessment=assessment, by=assessor, recommendation="K")
    with pytest.raises(services.AssessmentError, match="Alasan"):
        services.reopen_assessment(assessment=assessment, by=staff, reason=" ")

    services.reopen_assessment(assessment=assessment, by=staff, reason="Salah catat metode KUK 1.1")
    assessment.refresh_from_db()
    assert assessment.status == S.TESTING and assessment.recommendation == ""
    assert assessment.reopen_reason == "Salah catat metode KUK 1.1"
    assert not queries.ready_for_decision().exists()
    entry = AuditEntry.objects.get(action="assessment.assessment.reopened")
    assert entry.actor == staff and entry.details["previous_recommendation"] == "K"
    services.remove_evidence(item=item, by=assessor)
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()


def test_ready_for_decision_needs_accepted_application(application, assessor, staff):
    walk(application, assessor=assessor, staff=staff, to="submitted")
    application.status = "rejected"
    application.save(update_fields=["status"])
    assert not queries.ready_for_decision().exists()


def test_reassessment_is_a_new_round_for_a_different_assessor(application, assessor, staff):
    first = walk(application, assessor=assessor, staff=staff, to="submitted")
    second = services.open_reassessment(application=application, excluded_assessor=assessor, by=staff)
    assert second.round == 2 and second.status == S.UNASSIGNED
    assert not queries.ready_for_decision().exists()  # the latest round is not submitted
    with pytest.raises(services.AssessmentError, match="berbeda"):
        services.assign_assessor(application=application, assessor=assessor, by=staff)
    other = make_assessor()
    proposed = services.assign_assessor(application=application, assessor=other, by=staff)
    assert proposed.pk == second.pk
    services.declare_conflict(assessment=proposed, by=other, has_conflict=False)
    assert queries.assessor_of(application) == other
    first.refresh_from_db()
    assert first.status == S.SUBMITTED  # the earlier record stays for the appeal trail


def test_answer_judgement_recorded_once_per_question(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="testing")
    question = make_question(application.scheme.units.first())
    services.judge_answer(assessment=assessment, by=assessor, question=question, is_satisfactory=False)
    services.judge_answer(assessment=assessment, by=assessor, question=question, is_satisfactory=True,
                          answer_summary="Lengkap")
    judged = assessment.answers.get()
    assert judged.is_satisfactory and judged.answer_summary == "Lengkap"


def test_feedback_once_by_the_candidate(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="submitted")
    with pytest.raises(services.AssessmentError):
        services.submit_feedback(assessment=assessment, by=assessor, answers={"fair": True})
    feedback = services.submit_feedback(assessment=assessment, by=application.applicant,
                                        answers={"fair": True, "bogus": True}, comments="Baik")
    assert feedback.answers == {"fair": True}
    with pytest.raises(services.AssessmentError, match="sudah"):
        services.submit_feedback(assessment=assessment, by=application.applicant, answers={})
