"""Named predicates of the decision stage."""

from accounts.models import ConflictOfInterest
from accounts.roles import Role


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staf


def is_director(user) -> bool:
    return user.is_authenticated and (user.has_role(Role.DIREKTUR) or user.is_superuser)


def can_view_letters(user) -> bool:
    """SK drafts and approved SKs: staff and the signatory (a team member reads the BA instead)."""
    return is_staff(user) or is_director(user)


def is_technical_member(user) -> bool:
    return user.is_authenticated and user.has_role(Role.TIM_TEKNIS)


def involvement(member, assessment) -> str:
    """Why `member` may not decide on this assessment's candidate (9.4.2), or "" when uninvolved:
    they assessed the candidate (any round, any application) or declared a conflict with them."""
    from assessment.models import Assessment
    from assessment.queries import HELD_STATUSES

    candidate_id = assessment.application.applicant_id
    if member.pk == candidate_id:
        return "Anggota adalah asesi itu sendiri."
    assessed = Assessment.objects.filter(
        application__applicant_id=candidate_id, assessor=member, status__in=HELD_STATUSES
    ).exists()
    if assessed or assessment.assessor_id == member.pk:
        return "Anggota ini adalah asesor asesi tersebut."
    conflict = ConflictOfInterest.objects.filter(person=member, candidate_id=candidate_id).first()
    if conflict:
        return f"Anggota ini memiliki konflik kepentingan dengan asesi ({conflict.get_kind_display().lower()})."
    return ""


def uninvolved_members(meeting, assessment) -> list:
    return [m for m in meeting.members.all() if not involvement(m, assessment)]


def can_view_certificate(user, certificate) -> bool:
    return user.is_authenticated and (
        user.is_staf or user.has_role(Role.DIREKTUR) or certificate.holder_id == user.pk
    )
