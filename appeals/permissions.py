"""Named predicates of the appeals stage."""

from accounts.roles import Role
from appeals.models import Appeal


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staf


def is_panel_user(user) -> bool:
    return user.is_authenticated and user.has_role(Role.TIM_BANDING)


def is_candidate(user) -> bool:
    return user.is_authenticated and user.has_role(Role.PEMOHON)


def can_form_panel(user, appeal: Appeal) -> bool:
    return is_staff(user) and appeal.status == Appeal.Status.RECEIVED


def sits_on_panel(user, appeal: Appeal) -> bool:
    return user.is_authenticated and appeal.panel.filter(member=user).exists()


def can_vote(user, appeal: Appeal) -> bool:
    return (
        appeal.status == Appeal.Status.UNDER_REVIEW
        and sits_on_panel(user, appeal)
        and not appeal.votes.filter(member=user).exists()
    )


def can_see_votes(user, appeal: Appeal) -> bool:
    """Staff and the panel see each opinion; the appellant sees the outcome and its reasons."""
    return is_staff(user) or sits_on_panel(user, appeal)


def can_order_remedy(user, appeal: Appeal) -> bool:
    return is_staff(user) and appeal.status == Appeal.Status.UPHELD
