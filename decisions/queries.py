"""Reusable reads of the decision stage, including who may see what."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Consent
from accounts.roles import Role
from decisions.models import Certificate, Decision, DecisionLetter, MeetingCandidate, TechnicalMeeting, Violation
from decisions.permissions import can_view_letters


def status_q(status: str, today: date) -> Q:
    """The public (effective) status in SQL: kedaluwarsa follows from the end date (9.4.6)."""
    C = Certificate.Status
    live = Q(valid_until__gte=today)
    return {
        "berlaku": Q(status=C.BERLAKU) & live,
        "dibekukan": Q(status=C.DIBEKUKAN) & live,
        "kedaluwarsa": Q(status__in=[C.BERLAKU, C.DIBEKUKAN], valid_until__lt=today),
        "dicabut": Q(status=C.DICABUT),
        "digantikan": Q(status=C.DIGANTIKAN),
    }.get(status, Q())


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """Staff and the signatory see every certificate; a holder only their own."""
    base = Certificate.objects.select_related("scheme", "holder")
    if not user.is_authenticated:
        return base.none()
    if user.is_staf or user.has_role(Role.DIREKTUR):
        return base
    return base.filter(holder=user)


def meetings_visible_to(user) -> QuerySet[TechnicalMeeting]:
    """Staff and the signatory see every meeting; a technical-team member those they sit in."""
    base = TechnicalMeeting.objects.annotate(candidate_count=Count("candidates", distinct=True))
    if not user.is_authenticated:
        return base.none()
    if user.is_staf or user.has_role(Role.DIREKTUR):
        return base
    if user.has_role(Role.TIM_TEKNIS):
        return base.filter(members=user)
    return base.none()


def letters_visible_to(user) -> QuerySet[DecisionLetter]:
    base = DecisionLetter.objects.select_related("meeting", "approved_by")
    if can_view_letters(user):
        return base
    return base.none()


def violations_visible_to(user) -> QuerySet[Violation]:
    base = Violation.objects.select_related("certificate", "recorded_by")
    if user.is_authenticated and (user.is_staf or user.has_role(Role.DIREKTUR)):
        return base
    return base.none()


def candidates_available():
    """Assessments ready for a decision that no meeting has taken up yet."""
    from assessment.models import Assessment
    from assessment.queries import ready_for_decision

    taken = MeetingCandidate.objects.filter(assessment=OuterRef("pk"), reconsiders__isnull=True)
    ready = ready_for_decision().filter(~Exists(taken)).values("pk")
    # An upheld appeal's decision sent back to the team (decisions.services.request_reconsideration).
    sent_back = Decision.objects.filter(assessment=OuterRef("pk"), reconsideration_requested_at__isnull=False,
                                        corrected_by__isnull=True, reconsideration_entry__isnull=True)
    return Assessment.objects.select_related(
        "application", "application__applicant", "application__scheme", "assessor", "session", "session__tuk"
    ).filter(Q(pk__in=ready) | Q(Exists(sent_back))).order_by("submitted_at", "pk")


def meeting_candidates(meeting: TechnicalMeeting) -> QuerySet[MeetingCandidate]:
    return (
        meeting.candidates.select_related(
            "assessment", "assessment__assessor", "assessment__application", "assessment__application__applicant",
            "assessment__application__scheme", "decision",
        )
        .prefetch_related("votes", "votes__member")
        .order_by("pk")
    )


def current_decision(assessment) -> Decision | None:
    """The decision in force: the last correction if an appeal corrected it."""
    decision = assessment.decisions.filter(corrected_by__isnull=True).order_by("-decided_at", "-pk").first()
    return decision


def decisions_of(user) -> QuerySet[Decision]:
    """A candidate's own decisions (for the appeals app and the candidate's pages)."""
    return Decision.objects.filter(assessment__application__applicant=user).select_related(
        "assessment__application__scheme"
    )


def public_certificates() -> QuerySet[Certificate]:
    """What public verification reads: the public fields, and `name_public`, whether the holder's
    consent to be named there (UU PDP, purpose verifikasi_publik) stands today."""
    consent = Consent.objects.filter(user=OuterRef("holder"), purpose=Consent.Purpose.VERIFIKASI_PUBLIK,
                                     withdrawn_at__isnull=True)
    return Certificate.objects.only(
        "number", "holder_name", "scheme_name", "issued_on", "valid_until", "status", "status_reason", "bnsp_number"
    ).annotate(name_public=Exists(consent))


def search_certificate(number: str, name: str) -> Certificate | None:
    """Public search: both the exact number and the holder's name must match, so names cannot be
    enumerated from numbers or the other way round. A holder who withheld their name is not found
    by it either (a match would confirm the name); their certificate verifies by its QR code."""
    number, name = number.strip(), " ".join(name.split())
    if not number or not name:
        return None
    return public_certificates().filter(number__iexact=number, holder_name__iexact=name, name_public=True).first()


def fees_outstanding(applications) -> list[tuple]:
    """(application, invoice status) for each application whose scheme fee is not yet confirmed:
    the reason its certificate is held (9.4.7). One query."""
    from registration.models import Payment

    applications = list(applications)
    payments = {p.application_id: p for p in Payment.objects.filter(application__in=applications)}
    held = []
    for application in applications:
        payment = payments.get(application.pk)
        if payment is None or not payment.is_settled:
            held.append((application, payment.get_status_display() if payment else "tagihan belum diterbitkan"))
    return held
