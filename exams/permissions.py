"""Named predicates of the exams stage. Scoping (404) lives in exams.queries."""

from accounts.roles import Role
from assessment.models import TestSession
from assessment.permissions import holds, is_candidate, is_staff

__all__ = ["holds", "is_candidate", "is_staff", "may_see_session", "may_see_results"]


def may_see_session(user, session: TestSession) -> bool:
    return is_staff(user) or (user.has_role(Role.ASESOR) and session.assessors.filter(pk=user.pk).exists())


def may_see_results(user, assessment) -> bool:
    """CBT results and the answer key: staff and the assessor holding the case, never the candidate."""
    if is_candidate(user, assessment):
        return False
    return is_staff(user) or holds(user, assessment)
