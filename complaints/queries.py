"""Reusable reads of the complaints stage, including who may see which complaint."""

from datetime import date

from django.db.models import Q, QuerySet

from complaints.models import Complaint


def _base() -> QuerySet[Complaint]:
    return Complaint.objects.select_related("certificate", "handler")


def visible_to(user) -> QuerySet[Complaint]:
    """Staff see every complaint; a handler the ones they handle; a complainant with an account their
    own. Everyone else sees none (a complainant without an account tracks by reference and email)."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    if user.is_staf:
        return _base()
    return _base().filter(Q(handler=user) | Q(complainant=user))


def overdue(today: date | None = None) -> QuerySet[Complaint]:
    return Complaint.objects.overdue(today)


def search(queryset: QuerySet[Complaint], *, q: str = "", status: str = "", subject: str = "",
           only_overdue: bool = False) -> QuerySet[Complaint]:
    if q:
        queryset = queryset.filter(
            Q(reference__icontains=q) | Q(complainant_name__icontains=q) | Q(complainant_email__icontains=q)
            | Q(certificate__number__icontains=q) | Q(certificate__holder_name__icontains=q)
        )
    if status:
        queryset = queryset.filter(status=status)
    if subject:
        queryset = queryset.filter(subject=subject)
    if only_overdue:
        queryset = queryset.filter(pk__in=overdue().values("pk"))
    return queryset
