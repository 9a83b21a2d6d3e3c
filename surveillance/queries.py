"""Reusable reads of surveillance, scoped by who asks, and the holders register (9.6.4)."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from decisions.models import Certificate
from surveillance.models import RecertificationRequest, Surveillance

SUBMITTED = [Surveillance.Status.DIAJUKAN, Surveillance.Status.DITINJAU]


def visible_to(user) -> QuerySet[Surveillance]:
    """Staff see every surveillance; a holder only those of their own certificates."""
    qs = Surveillance.objects.select_related("certificate", "certificate__scheme", "certificate__holder")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_staf:
        return qs
    return qs.filter(certificate__holder=user)


def requests_visible_to(user) -> QuerySet[RecertificationRequest]:
    qs = RecertificationRequest.objects.select_related(
        "certificate", "certificate__scheme", "certificate__holder", "application", "override_by"
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_staf:
        return qs
    return qs.filter(certificate__holder=user)


def certificates_of(user) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(holder=user)
        .select_related("scheme", "superseded_by")
        .prefetch_related("surveillances", "recertification_requests", "recertification_requests__application")
        .order_by("-issued_on", "-pk")
    )


def review_queue() -> QuerySet[Surveillance]:
    return visible_to_staff().filter(status=Surveillance.Status.DIAJUKAN).order_by("submitted_at", "pk")


def visible_to_staff() -> QuerySet[Surveillance]:
    return Surveillance.objects.select_related("certificate", "certificate__scheme", "certificate__holder")


def new_certificate_for(request: RecertificationRequest) -> Certificate | None:
    """The certificate issued from the recertification application (decisions links it by application)."""
    if not request.application_id:
        return None
    return Certificate.objects.filter(application_id=request.application_id).order_by("-issued_on", "-pk").first()


# --- holders register -----------------------------------------------------------------------------

STATUS_FILTERS = {
    "berlaku": "Berlaku",
    "kedaluwarsa": "Kedaluwarsa",
    "dibekukan": "Dibekukan",
    "dicabut": "Dicabut",
    "digantikan": "Digantikan",
}


@dataclass(frozen=True)
class RegisterFilter:
    scheme_id: int | None = None
    status: str = ""
    overdue: bool = False
    expiring_months: int | None = None
    search: str = ""


def status_q(status: str, today: date) -> Q:
    """The public (effective) status in SQL; the rule lives with the certificate (decisions)."""
    from decisions.queries import status_q as certificate_status_q

    return certificate_status_q(status, today)


def only_overdue(qs: QuerySet[Certificate], today: date) -> QuerySet[Certificate]:
    """Certificates in force whose first period not yet submitted was due before today: a range on
    the stored due date (surveillance.services.refresh_next_due keeps it), read off its index."""
    return qs.filter(status_q("berlaku", today), next_surveillance_due__lt=today)


def holders_register(filters: RegisterFilter, today: date | None = None) -> QuerySet[Certificate]:
    """One row per certificate with the count of submitted periods and the last result, in one query."""
    today = today or timezone.localdate()
    last_review = Surveillance.objects.filter(
        certificate=OuterRef("pk"), status=Surveillance.Status.DITINJAU
    ).order_by("-period")
    # Correlated subqueries rather than a GROUP BY over every certificate: ordered by an indexed
    # column with a LIMIT, PostgreSQL evaluates them for the page's rows only. The next due date is
    # stored on the certificate.
    qs = (
        Certificate.objects.select_related("scheme", "superseded_by")  # the holder's name is a snapshot column
        .annotate(
            last_result=Subquery(last_review.values("result")[:1]),
            last_reviewed_at=Subquery(last_review.values("reviewed_at")[:1]),
        )
    )
    if filters.scheme_id:
        qs = qs.filter(scheme_id=filters.scheme_id)
    if filters.status:
        qs = qs.filter(status_q(filters.status, today))
    if filters.overdue:
        qs = only_overdue(qs, today)
    if filters.expiring_months is not None:
        horizon = today + relativedelta(months=filters.expiring_months)
        qs = qs.filter(status_q("berlaku", today), valid_until__lte=horizon)
    if filters.search:
        term = filters.search.strip()
        qs = qs.filter(Q(number__icontains=term) | Q(holder_name__icontains=term))
    return qs.order_by("valid_until", "pk")


@dataclass(frozen=True)
class RegisterRow:
    certificate: Certificate
    status: str
    status_label: str
    next_due: date | None
    overdue: bool
    last_result: str
    successor: Certificate | None = None  # the reissued certificate (a missing one raises in templates)


RESULT_LABELS = dict(Surveillance.Result.choices)


def register_row(certificate: Certificate, today: date) -> RegisterRow:
    """Derived columns of one register row, from the annotations (no query)."""
    status = certificate.effective_status(today)
    in_force = status == Certificate.Status.BERLAKU
    next_due = certificate.next_surveillance_due if in_force else None
    return RegisterRow(
        certificate=certificate, status=status, status_label=certificate.effective_status_label(today),
        next_due=next_due, overdue=bool(next_due and next_due < today),
        last_result=RESULT_LABELS.get(certificate.last_result or "", ""),
        successor=getattr(certificate, "superseded_by", None),
    )


def overdue_count(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return only_overdue(Certificate.objects.all(), today).count()
