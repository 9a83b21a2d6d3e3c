"""Reusable reads for registration, scoped by who asks."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from registration.models import Application, DocumentVerdict, Evidence, Payment, SelfAssessment
from schemes.models import CompetencyUnit, Element, RequiredDocument


def visible_to(user) -> QuerySet[Application]:
    """Applications a user may list: staff see all, an applicant sees their own.

    Object pages use permissions.can_view_application, which later stages extend."""
    qs = Application.objects.select_related("scheme", "applicant", "basic_requirement")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_staf:
        return qs
    return qs.filter(applicant=user)


def required_documents(application: Application) -> QuerySet[RequiredDocument]:
    """The 9.1.2 documents asked of this applicant: the ones for everyone plus those for the claim."""
    query = Q(always=True)
    if application.basic_requirement_id:
        query |= Q(requirements=application.basic_requirement_id)
    return RequiredDocument.objects.filter(query, scheme=application.scheme_id).distinct().order_by("order", "pk")


def current_evidence(application: Application) -> QuerySet[Evidence]:
    return application.evidence.filter(superseded_at__isnull=True).select_related("required_document")


def evidence_history(application: Application) -> QuerySet[Evidence]:
    return application.evidence.filter(superseded_at__isnull=False).select_related("required_document")


def verdicts_of_round(application: Application, review_round: int | None = None) -> dict[int, DocumentVerdict]:
    """The staff's verdict per document id for one round (default: the latest)."""
    round_ = application.review_round if review_round is None else review_round
    rows = DocumentVerdict.objects.filter(application=application, review_round=round_).select_related("reviewed_by")
    return {row.required_document_id: row for row in rows}


def flagged_document_ids(application: Application) -> set[int]:
    """Documents the applicant must replace: flagged in the round that returned the application."""
    if application.status != Application.Status.RETURNED:
        return set()
    return {doc_id for doc_id, row in verdicts_of_round(application).items() if row.is_flagged}


def units_with_elements(scheme_id: int) -> QuerySet[CompetencyUnit]:
    return CompetencyUnit.objects.filter(scheme_id=scheme_id).prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("order", "pk"))
    ).order_by("order", "pk")


def self_assessment_map(application: Application) -> dict[int, SelfAssessment]:
    rows = application.self_assessments.prefetch_related("evidence")
    return {row.element_id: row for row in rows}


def staff_queue(*, status: str = "", scheme_id: int | None = None, search: str = "") -> QuerySet[Application]:
    """Applications for the verification queue; one query whatever the number of rows."""
    # A correlated count rather than a GROUP BY over every application: with the page's LIMIT the
    # database counts files for the listed rows only.
    files = (
        Evidence.objects.filter(application=OuterRef("pk"), superseded_at__isnull=True)
        .order_by().values("application").annotate(n=Count("pk")).values("n")
    )
    qs = Application.objects.exclude(status=Application.Status.DRAFT).select_related(
        "scheme", "applicant", "basic_requirement", "payment"
    ).annotate(file_count=Coalesce(Subquery(files[:1]), 0))
    if status:
        qs = qs.filter(status=status)
    if scheme_id:
        qs = qs.filter(scheme_id=scheme_id)
    if search:
        qs = qs.filter(
            Q(full_name__icontains=search) | Q(nik__contains=search) | Q(applicant__full_name__icontains=search)
        )
    return qs.order_by("submitted_at", "pk")


def is_fee_settled(application: Application) -> bool:
    """True when the scheme fee for this application is confirmed by staff (decisions checks it)."""
    return Payment.objects.filter(application=application, status=Payment.Status.CONFIRMED).exists()


def document_rows(application: Application) -> list[dict]:
    """The 9.1.2 documents asked of this application, each with its current files, this round's verdict
    and whether staff flagged it for replacement."""
    current = list(current_evidence(application).filter(kind=Evidence.Kind.DOCUMENT))
    verdicts = verdicts_of_round(application)
    flagged = flagged_document_ids(application)
    return [
        {"document": doc, "files": [e for e in current if e.required_document_id == doc.pk],
         "verdict": verdicts.get(doc.pk), "flagged": doc.pk in flagged}
        for doc in required_documents(application)
    ]
