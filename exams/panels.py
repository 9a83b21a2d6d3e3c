"""What exams adds to an assessment's page (registered with assessment.panels in ExamsConfig.ready)."""

from assessment.documents import related
from assessment.models import Assessment
from exams import permissions
from exams.models import Attempt, InstrumentSheet


def assessment_panels(user, assessment: Assessment) -> list[tuple[str, dict]]:
    if assessment.status not in (Assessment.Status.TESTING, Assessment.Status.SUBMITTED):
        return []
    attempt = Attempt.objects.filter(assessment=assessment).first()
    if permissions.is_candidate(user, assessment):
        return [("exams/_candidate_panel.html", {"assessment": assessment, "attempt": attempt,
                                                 "identity": related(assessment, "identity_check")})]
    if not permissions.may_see_results(user, assessment):
        return []
    filled: dict[int, set[str]] = {}
    for unit_id, instrument in InstrumentSheet.objects.filter(assessment=assessment).values_list("unit_id",
                                                                                                 "instrument"):
        filled.setdefault(unit_id, set()).add(instrument)
    units = [(unit, filled.get(unit.pk, set())) for unit in assessment.application.scheme.units.order_by("order")]
    return [("exams/_assessor_panel.html", {"assessment": assessment, "attempt": attempt, "units": units})]
