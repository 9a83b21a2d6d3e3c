"""The one transition function: the table decides, the row is locked, the changes and the audit row
land together, and a refusal changes nothing."""

import pytest

from assessment.models import Assessment
from assessment.services import AssessmentError
from assessment.tests.factories import make_application, make_assessor, make_staff, walk
from skema_lsp.errors import DomainError
from skema_lsp.models import AuditEntry
from skema_lsp.transitions import transition

pytestmark = pytest.mark.django_db
S = Assessment.Status


def _assigned():
    return walk(make_application(), assessor=make_assessor(), staff=make_staff(), to="assigned")


def test_move_outside_the_table_is_refused_and_changes_nothing():
    assessment = _assigned()
    entries = AuditEntry.objects.count()
    with pytest.raises(AssessmentError) as refused:
        transition(assessment, S.SUBMITTED, by=None, action="assessment.assessment.submitted", error=AssessmentError)
    assert isinstance(refused.value, DomainError)
    assert "Asesor ditugaskan" in str(refused.value) and "Diserahkan ke LSP" in str(refused.value)
    assert Assessment.objects.get(pk=assessment.pk).status == S.ASSIGNED
    assert AuditEntry.objects.count() == entries


def test_allowed_move_saves_status_and_changes_and_writes_one_audit_row():
    assessment = _assigned()
    staff = make_staff()
    moved = transition(assessment, S.CANCELLED, by=staff, action="assessment.assessment.cancelled",
                       changes={"excluded_assessor": assessment.assessor}, reason="uji")
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.status == S.CANCELLED and stored.excluded_assessor == assessment.assessor
    assert assessment.status == moved.status == S.CANCELLED  # the caller's instance follows
    entry = AuditEntry.objects.filter(object_id=str(assessment.pk)).latest("pk")
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "assessment.assessment.cancelled", S.ASSIGNED, S.CANCELLED, staff)
    assert entry.details == {"reason": "uji"}


def test_move_is_checked_against_the_locked_row_not_the_stale_instance():
    assessment = _assigned()
    Assessment.objects.filter(pk=assessment.pk).update(status=S.CANCELLED)  # someone else got there first
    with pytest.raises(DomainError):
        transition(assessment, S.PLAN_PROPOSED, by=None, action="assessment.assessment.plan_proposed")
    assert Assessment.objects.get(pk=assessment.pk).status == S.CANCELLED
