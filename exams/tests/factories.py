"""Exams test data: a multiple-choice bank (one question per KUK, plus one spare per unit) whose
answer keys carry a marker no page for the candidate may ever contain."""

from datetime import date, time

from assessment import services as assessment_services
from assessment.models import Assessment, Method, Question, TestSession
from assessment.tests.factories import make_tuk
from schemes.models import PerformanceCriterion, Scheme

KEY_MARKER = "KUNCI-RAHASIA"


def add_bank(scheme: Scheme) -> list[Question]:
    made = []
    for criterion in PerformanceCriterion.objects.filter(element__unit__scheme=scheme).select_related("element__unit"):
        made.append(Question.objects.create(
            unit=criterion.element.unit, criterion=criterion, kind=Question.Kind.PILIHAN_GANDA,
            text=f"Soal KUK {criterion.pk}: langkah yang tepat?",
            options=[f"Jawaban benar {criterion.pk}", "Pilihan kedua", "Pilihan ketiga", "Pilihan keempat"],
            correct_option=0, answer_key=f"A {KEY_MARKER} {criterion.pk}",
        ))
    return made


def walk_to(application, *, assessor, staff, to: str = "testing", identity: bool = True,
            session: TestSession | None = None) -> Assessment:
    """Through assessment's services to `to` ("plan_agreed" or "testing"); identity checked unless asked."""
    assessment = assessment_services.assign_assessor(application=application, assessor=assessor, by=staff,
                                                     session=session)
    assessment_services.declare_conflict(assessment=assessment, by=assessor, has_conflict=False)
    assessment_services.propose_plan(
        assessment=assessment, by=assessor,
        criterion_methods=assessment_services.every_criterion(application.scheme_id,
                                                              [Method.OBSERVASI, Method.PILIHAN_GANDA]),
        evidence_to_collect="Observasi dan CBT", day=date(2026, 12, 7), at=time(9), tuk=make_tuk())
    assessment_services.accept_plan(assessment=assessment, by=application.applicant, plan_accepted=True,
                                    confidentiality_accepted=True)
    if to == "testing":
        assessment_services.record_pre_assessment(assessment=assessment, by=assessor, can_continue=True,
                                                  reasons="Lanjut.")
        if identity:
            check_identity(assessment, assessor)
    assessment.refresh_from_db()
    return assessment


def check_identity(assessment: Assessment, assessor) -> None:
    assessment_services.record_identity_check(assessment=assessment, by=assessor, document="ktp",
                                              document_number="3273015405900002", matches_application=True)
