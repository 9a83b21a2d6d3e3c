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


def involvements(members, assessments) -> dict[tuple[int, int], str]:
    """Why each member may not decide on each assessment's candidate (9.4.2), keyed by (member pk,
    assessment pk); uninvolved pairs are absent. A member is involved when they are the candidate,
    assessed the candidate (any round, any application) or declared a conflict with them. Two
    queries, whatever the numbers of members and candidates."""
    from assessment.models import Assessment

    members, assessments = list(members), list(assessments)
    member_ids = {m.pk for m in members}
    candidate_of = {a.pk: a.application.applicant_id for a in assessments}
    candidates = set(candidate_of.values())
    assessed = set(Assessment.objects.filter(
        application__applicant_id__in=candidates, assessor_id__in=member_ids, status__in=Assessment.HELD_STATUSES,
    ).values_list("assessor_id", "application__applicant_id"))
    conflicts = {}
    for conflict in ConflictOfInterest.objects.filter(person_id__in=member_ids, candidate_id__in=candidates
                                                      ).order_by("pk"):
        conflicts.setdefault((conflict.person_id, conflict.candidate_id), conflict)
    reasons = {}
    for assessment in assessments:
        candidate_id = candidate_of[assessment.pk]
        for member in members:
            conflict = conflicts.get((member.pk, candidate_id))
            if member.pk == candidate_id:
                reasons[member.pk, assessment.pk] = "Anggota adalah asesi itu sendiri."
            elif (member.pk, candidate_id) in assessed or assessment.assessor_id == member.pk:
                reasons[member.pk, assessment.pk] = "Anggota ini adalah asesor asesi tersebut."
            elif conflict:
                reasons[member.pk, assessment.pk] = (
                    f"Anggota ini memiliki konflik kepentingan dengan asesi ({conflict.get_kind_display().lower()}).")
    return reasons


def involvement(member, assessment) -> str:
    """Why `member` may not decide on this assessment's candidate, or "" when uninvolved."""
    return involvements([member], [assessment]).get((member.pk, assessment.pk), "")


def uninvolved_members(meeting, assessment) -> list:
    return [m for m in meeting.members.all() if not involvement(m, assessment)]


def can_view_certificate(user, certificate) -> bool:
    return user.is_authenticated and (
        user.is_staf or user.has_role(Role.DIREKTUR) or certificate.holder_id == user.pk
    )
