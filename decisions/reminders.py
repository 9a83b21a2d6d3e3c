"""The decision stage's part of the reminder sweep (skema_lsp.reminders, whose docstring has the rule
for what is sent when: a sweep that missed a day catches up within CATCH_UP_DAYS, so the first sweep
after deployment does not announce expiries years late): a certificate that has expired (to the
holder; its public status already reads kedaluwarsa, derived from the end date) and a warning whose
deadline passed (to staff: the violation is ready for a revocation proposal, 9.5.2). One query
each, whatever the number of certificates."""

from datetime import date, datetime, timedelta

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from decisions.models import Certificate, Violation
from skema_lsp.reminders import CATCH_UP_DAYS, Reminder, claimed, staff_users
from skema_lsp.sqldates import PlusDays

EXPIRED = "decisions.certificate_expired"
LAPSED = "decisions.warning_lapsed"
SUSPENSION_NEAR = "decisions.suspension_deadline_near"
SUSPENSION_LAPSED = "decisions.suspension_lapsed"
# Days before a suspension's remediation deadline the holder and staff are reminded.
SUSPENSION_NEAR_DAYS = 7


def due(today: date) -> list[Reminder]:
    return certificates_expired(today) + warnings_lapsed(today) + suspensions(today)


def certificates_expired(today: date) -> list[Reminder]:
    """The day after the last valid day. Revoked and superseded certificates are final and say so
    themselves; a suspended one still expires."""
    due = Certificate.objects.filter(  # matched in certificate_current_by_end; the table read for the rows due
        status__in=[Certificate.Status.BERLAKU, Certificate.Status.DIBEKUKAN],
        valid_until__lt=today, valid_until__gte=today - timedelta(days=CATCH_UP_DAYS + 1),
    ).exclude(claimed(EXPIRED, Certificate, PlusDays(OuterRef("valid_until"), 1))).values("pk")
    certificates = Certificate.objects.filter(pk__in=due).select_related("holder", "scheme")
    return [
        Reminder(
            kind=EXPIRED, obj=certificate,
            due_date=certificate.valid_until + timedelta(days=1), recipient=certificate.holder,
            subject=format_lazy(_("Sertifikat {number} telah kedaluwarsa"), number=certificate.number),
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
                                 warning_deadline__lt=today,
                                 warning_deadline__gte=today - timedelta(days=CATCH_UP_DAYS + 1))
        .exclude(claimed(LAPSED, Violation, PlusDays(OuterRef("warning_deadline"), 1)))
        .select_related("certificate__holder")
    )
    staff = staff_users()
    return [
        Reminder(
            kind=LAPSED, obj=violation, due_date=violation.warning_deadline + timedelta(days=1),
            recipient=member,
            subject=f"Batas peringatan sertifikat {violation.certificate.number} terlewati: siap diusulkan dicabut",
            template="decisions/email/reminder_warning_lapsed", context={"violation": violation},
            url=reverse("decisions:violation_detail", args=[violation.pk]),
        )
        for violation in violations
        for member in staff
    ]


def suspensions(today: date) -> list[Reminder]:
    """9.5: a week before a suspension's remediation deadline the holder is reminded; once the deadline
    has passed (advance() made it a revocation proposal) every signatory is asked to decide. The few
    suspended certificates are read through their partial index: one query, plus one for the signatories."""
    from accounts.models import User
    from accounts.roles import Role

    rows = list(
        Certificate.objects.filter(status=Certificate.Status.DIBEKUKAN,
                                   remediation_deadline__gte=today - timedelta(days=CATCH_UP_DAYS + 1),
                                   remediation_deadline__lte=today + timedelta(days=SUSPENSION_NEAR_DAYS))
        .select_related("holder")
    )
    directors = None
    reminders = []
    for certificate in rows:
        deadline = certificate.remediation_deadline
        url = reverse("decisions:certificate_detail", args=[certificate.pk])
        if certificate.revocation_proposed_at and today > deadline:
            if directors is None:
                directors = list(User.objects.filter(groups__name=Role.DIREKTUR, is_active=True).order_by("pk"))
            reminders += [Reminder(
                kind=SUSPENSION_LAPSED, obj=certificate, due_date=deadline + timedelta(days=1), recipient=director,
                subject=f"Usulan pencabutan sertifikat {certificate.number}: batas perbaikan terlewati",
                template="decisions/email/reminder_suspension_lapsed", context={"certificate": certificate},
                url=url,
            ) for director in directors]
        elif today <= deadline and today >= deadline - timedelta(days=SUSPENSION_NEAR_DAYS):
            reminders.append(Reminder(
                kind=SUSPENSION_NEAR, obj=certificate, due_date=deadline - timedelta(days=SUSPENSION_NEAR_DAYS),
                recipient=certificate.holder,
                subject=format_lazy(_("Batas perbaikan pembekuan sertifikat {number} semakin dekat"),
                                    number=certificate.number),
                template="decisions/email/reminder_suspension_near", context={"certificate": certificate},
                url=url,
            ))
    return reminders


def advance(today: date, now: datetime) -> list[str]:
    """Catch up certificate PDFs whose rendering task was lost (broker down at issue time), and turn
    suspensions past their remediation deadline into revocation proposals (9.5.2)."""
    from decisions.services import propose_lapsed_revocations, render_missing_pdfs

    done = render_missing_pdfs()
    moved = [f"PDF sertifikat dibuat ulang: {len(done)}"] if done else []
    proposed = propose_lapsed_revocations(today)
    if proposed:
        moved.append(f"Pembekuan lewat batas perbaikan diusulkan dicabut: {len(proposed)}")
    return moved
