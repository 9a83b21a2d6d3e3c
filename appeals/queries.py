"""Reusable reads of the appeals stage, including who may see which appeal."""

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.roles import Role
from appeals.models import Appeal, PanelMember, PanelVote


def _base() -> QuerySet[Appeal]:
    return Appeal.objects.select_related(
        "appellant", "decision", "decision__assessment", "decision__assessment__application",
        "decision__assessment__application__scheme",
    )


def visible_to(user) -> QuerySet[Appeal]:
    """Staff see every appeal; a Tim Banding member only the appeals whose panel they sit on; an
    appellant only their own. Everyone else sees nothing, so views 404."""
    if not user.is_authenticated:
        return Appeal.objects.none()
    if user.is_staf:
        return _base()
    condition = Q(pk__in=[])
    if user.has_role(Role.TIM_BANDING):
        condition |= Q(panel__member=user)
    if user.has_role(Role.PEMOHON):
        condition |= Q(appellant=user)
    return _base().filter(condition).distinct()


def _count(model) -> Coalesce:
    rows = model.objects.filter(appeal=OuterRef("pk")).order_by().values("appeal").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")), 0)


def with_counts(queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
    # Subqueries, not joins: visible_to may already filter on the panel, which would skew a joined Count.
    return queryset.annotate(panel_size=_count(PanelMember), vote_count=_count(PanelVote))


def overdue(today: date | None = None) -> QuerySet[Appeal]:
    """Open appeals past their resolution deadline (9.9.6): escalated on the staff dashboard."""
    return Appeal.objects.overdue(today)


def awaiting_vote(user) -> QuerySet[Appeal]:
    """Appeals under review on whose panel `user` sits and has not yet given an opinion."""
    return (
        Appeal.objects.filter(status=Appeal.Status.UNDER_REVIEW, panel__member=user)
        .exclude(votes__member=user)
        .distinct()
    )


def decisions_for_candidate(user):
    """The candidate's decisions with any appeal on them (one query for the list)."""
    from decisions.queries import decisions_of

    return decisions_of(user).select_related("appeal", "assessment").order_by("-decided_at", "-pk")
