"""The batch's progress on a schedule page: per candidate the round's status, identity check, CBT
(with essays still waiting for the assessor),
FR.IA.01 checklists and the KUK met under the VATM rule. A fixed number of queries for the batch."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from assessment import vatm
from assessment.models import Assessment, EvidenceItem, IdentityCheck, Question, TestSession
from exams.models import Attempt, Instrument, InstrumentSheet
from schemes.models import PerformanceCriterion


@dataclass(frozen=True)
class Row:
    assessment: Assessment
    identity: bool
    attempt: Attempt | None
    observed_units: int
    units: int
    criteria_met: int
    criteria: int


def ratio() -> int:
    return settings.EXAM_CANDIDATES_PER_ASSESSOR


def session_rows(session: TestSession) -> list[Row]:
    assessments = list(session.assessments.exclude(status=Assessment.Status.CANCELLED)
                       .select_related("application__applicant", "assessor").order_by("application__full_name", "pk"))
    ids = [a.pk for a in assessments]
    checked = set(IdentityCheck.objects.filter(assessment_id__in=ids).values_list("assessment_id", flat=True))
    pending = Count("items", filter=Q(items__question__kind=Question.Kind.TERTULIS, items__reviewed_at__isnull=True))
    attempts = {a.assessment_id: a for a in Attempt.objects.filter(assessment_id__in=ids).annotate(
        essays_pending=pending)}
    observed: dict[int, int] = {}
    checklists = InstrumentSheet.objects.filter(assessment_id__in=ids, instrument=Instrument.OBSERVATION)
    for assessment_id in checklists.values_list("assessment_id", flat=True):
        observed[assessment_id] = observed.get(assessment_id, 0) + 1
    criteria = list(PerformanceCriterion.objects.filter(element__unit__scheme_id=session.scheme_id)
                    .values_list("element__unit_id", "pk"))
    units = {unit for unit, _ in criteria}
    evidence: dict[int, dict[int, list]] = {}
    for item in EvidenceItem.objects.filter(assessment_id__in=ids).only(
            "assessment_id", "criterion_id", "valid", "authentic", "current", "sufficient"):
        evidence.setdefault(item.assessment_id, {}).setdefault(item.criterion_id, []).append(item.vatm)
    rows = []
    for a in assessments:
        judged = evidence.get(a.pk, {})
        met = sum(1 for _, kuk in criteria if vatm.criterion_met(judged.get(kuk, [])))
        rows.append(Row(assessment=a, identity=a.pk in checked, attempt=attempts.get(a.pk),
                        observed_units=observed.get(a.pk, 0), units=len(units), criteria_met=met,
                        criteria=len(criteria)))
    return rows
