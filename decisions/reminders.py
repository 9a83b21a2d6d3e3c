"""The decision stage's part of the reminder sweep (skema_lsp.reminders): a certificate that has
expired (to the holder; its public status already reads kedaluwarsa, derived from the end date)
and a warning whose deadline passed (to staff: the violation is ready for a revocation proposal,
9.5.2). One query each, whatever the number of certificates."""

from datetime import date, datetime, timedelta

from django.urls import reverse

from decisions.models import Certificate, Violation
from skema_lsp.reminders import Reminder, staff_users

# A sweep that missed the expiry day catches up within this many days; older expiries (e.g. the
# first sweep after deployment) are not announced years late.
EXPIRED_CATCH_UP_DAYS = 30


def due(today: date) -> list[Reminder]:
    return certificates_expired(today) + warnings_lapsed(today)


def certificates_expired(today: date) -> list[Reminder]:
    """The day after the last valid day. Revoked and superseded certificates are final and say so
    themselves; a suspended one still expires."""
    certificates = Certificate.objects.filter(
        status__in=[Certificate.Status.BERLAKU, Certificate.Status.DIBEKUKAN],
        valid_until__lt=today, valid_until__gte=today - timedelta(days=EXPIRED_CATCH_UP_DAYS + 1),
    ).select_related("holder", "scheme")
    return [
        Reminder(
            kind="decisions.certificate_expired", obj=certificate,
            due_date=certificate.valid_until + timedelta(days=1), recipient=certificate.holder,
            subject=f"Sertifikat {certificate.number} telah kedaluwarsa",
            template="decisions/email/reminder_expired", context={"certificate": certificate},
            url=reverse("decisions:certificate_detail", args=[certificate.pk]),
        )
        for certificate in certificates
    ]


def warnings_lapsed(today: date) -> list[Reminder]:
    """A warned violation whose deadline has passed is ready for a revocation proposal. The move
    itself (propose_revocation) is a staff decision with a note, so the sweep tells staff instead of
    making it."""
    violations = list(
        Violation.objects.filter(status=Violation.Status.DIPERINGATKAN, warned_at__isnull=False,
                                 warning_deadline__lt=today)
        .select_related("certificate__holder")
    )
    staff = staff_users()
    return [
        Reminder(
            kind="decisions.warning_lapsed", obj=violation, due_date=violation.warning_deadline + timedelta(days=1),
            recipient=member,
            subject=f"Batas peringatan sertifikat {violation.certificate.number} terlewati: siap diusulkan dicabut",
            template="decisions/email/reminder_warning_lapsed", context={"violation": violation},
            url=reverse("decisions:violation_detail", args=[violation.pk]),
        )
        for violation in violations
        for member in staff
    ]


def advance(today: date, now: datetime) -> list[str]:
    """Catch up certificate PDFs whose rendering task was lost (broker down at issue time)."""
    from decisions.services import render_missing_pdfs

    done = render_missing_pdfs()
    return [f"PDF sertifikat dibuat ulang: {len(done)}"] if done else []
