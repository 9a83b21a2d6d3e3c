"""Named predicates: who may do what with an assessment. Scoping (404) lives in queries.visible_to."""

from accounts.roles import Role
from assessment.models import Assessment

S = Assessment.Status


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staf


def is_assessor(user) -> bool:
    return user.is_authenticated and user.has_role(Role.ASESOR) and bool(user.met_number)


def holds(user, assessment: Assessment) -> bool:
    """The user is the assessor of this round, has declared no conflict, and the round is not yet
    decided: a decision ends the assessor's hold on the case (and on the candidate's files)."""
    return (
        user.is_authenticated
        and assessment.assessor_id == user.pk
        and assessment.status in Assessment.HELD_STATUSES
        and assessment.decided_at is None
        and user.has_role(Role.ASESOR)
    )


def is_candidate(user, assessment: Assessment) -> bool:
    return user.is_authenticated and assessment.application.applicant_id == user.pk


def can_declare(user, assessment: Assessment) -> bool:
    return assessment.status == S.PROPOSED and assessment.assessor_id == user.pk


def can_see_question_bank(user, assessment: Assessment) -> bool:
    # The candidate never sees questions or keys, even if they also hold another role.
    if is_candidate(user, assessment):
        return False
    return is_staff(user) or holds(user, assessment)


def can_see_files(user, assessment: Assessment) -> bool:
    return is_staff(user) or holds(user, assessment) or is_candidate(user, assessment)


def assessor_may_view_application(user, application) -> bool:
    """Hook for registration.permissions.EXTRA_VIEWERS: the assigned assessor may see the
    application's files (APL-01/APL-02 evidence) while holding an undecided round of it; a decision,
    or a re-assessment given to someone else after an appeal, ends it."""
    if not user.is_authenticated or not user.has_role(Role.ASESOR):
        return False
    held = application.assessments.filter(assessor=user, status__in=Assessment.HELD_STATUSES,
                                          decided_at__isnull=True)
    return held.latest_round_only().exists()
