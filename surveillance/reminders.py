"""Surveillance's part of the reminder sweep (skema_lsp.reminders): surveillance due in 30 and 7
days and overdue; recertification 6 and 3 months before expiry and at the deadline (expiry − lead
months). A fixed number of queries whatever the number of certificates: the database picks the
certificates whose next period falls in each window (see queries.only_overdue for the reasoning)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from decisions.models import Certificate
from schemes.models import Scheme
from skema_lsp.reminders import Reminder
from skema_lsp.templatetags.formatting import tanggal
from surveillance import schedule
from surveillance.models import RecertificationRequest
from surveillance.queries import SUBMITTED, status_q

# (kind, from, to) in days before the due date; disjoint, so a certificate first seen 5 days before
# its due date gets the 7-day reminder only.
DUE_WINDOWS = [("surveillance_due_30", 8, 30), ("surveillance_due_7", 0, 7)]
RECERTIFICATION_STAGES = [("recertification_6m", 6), ("recertification_3m", 3)]


def due(today: date) -> list[Reminder]:
    holders = surveillance_reminders(today)
    return holders + overdue_to_staff(holders) + recertification_reminders(today)


def overdue_to_staff(holder_reminders: list[Reminder]) -> list[Reminder]:
    """An overdue surveillance is escalated to every staff member too, once per certificate and
    due date (the holder's overdue reminders already carry both, so no further certificate query)."""
    from skema_lsp.reminders import staff_users

    overdue = [r for r in holder_reminders if r.kind == "surveillance_overdue"]
    staff = staff_users()
    return [
        Reminder(
            kind="surveillance_overdue_staff", obj=r.obj, due_date=r.due_date, recipient=member,
            subject=f"Surveilan sertifikat {r.obj.number} ({r.obj.holder_name}) terlambat",
            template="surveillance/email/reminder_overdue_staff", context=r.context,
            url=reverse("surveillance:holders") + "?overdue=on",
        )
        for r in overdue
        for member in staff
    ]


def _due_window_q(today: date, window: tuple[int, int] | None) -> Q:
    """Certificates whose first unsubmitted period is due in [today + from, today + to], or before
    today when window is None (overdue)."""
    query = Q(pk__in=[])
    for interval, years in Scheme.objects.values_list("surveillance_interval_months", "validity_years").distinct():
        if not interval:
            continue
        for done in range(0, (years * 12) // interval + 1):
            n = done + 1
            overdue_until = schedule.latest_issue_overdue(today, interval, n)
            rows = Q(scheme__surveillance_interval_months=interval, done_count=done)
            if window is None:
                query |= rows & Q(issued_on__lte=overdue_until)
            else:
                start, end = (schedule.latest_issue_overdue(today + timedelta(days=d), interval, n)
                              for d in (window[0], window[1] + 1))
                query |= rows & Q(issued_on__gt=start, issued_on__lte=end)
    return query


def surveillance_reminders(today: date) -> list[Reminder]:
    base = (
        Certificate.objects.filter(status_q("berlaku", today)).select_related("scheme", "holder")
        .annotate(done_count=Count("surveillances", filter=Q(surveillances__status__in=SUBMITTED)))
    )
    url = reverse("surveillance:my_surveillance")
    reminders = []
    windows = [(kind, (start, end)) for kind, start, end in DUE_WINDOWS] + [("surveillance_overdue", None)]
    for kind, window in windows:
        for certificate in base.filter(_due_window_q(today, window)):
            next_due = schedule.next_due(certificate, certificate.done_count)
            if next_due is None:
                continue
            overdue = next_due < today
            reminders.append(Reminder(
                kind=kind, obj=certificate, due_date=next_due, recipient=certificate.holder,
                subject=(f"Surveilan sertifikat {certificate.number} terlambat" if overdue
                         else f"Surveilan sertifikat {certificate.number} jatuh tempo {tanggal(next_due)}"),
                template="surveillance/email/reminder_surveillance",
                context={"certificate": certificate, "next_due": next_due, "overdue": overdue}, url=url,
            ))
    return reminders


def recertification_reminders(today: date) -> list[Reminder]:
    """Only the latest stage reached is sent, so a certificate first seen late gets one reminder."""
    open_request = RecertificationRequest.objects.filter(certificate=OuterRef("pk")).exclude(
        status=RecertificationRequest.Status.DITOLAK
    )
    horizon = today + relativedelta(months=schedule.RECERTIFICATION_OPENS_MONTHS) + timedelta(days=3)
    certificates = (
        Certificate.objects.filter(status_q("berlaku", today), valid_until__lte=horizon)
        .filter(~Exists(open_request)).select_related("scheme", "holder")
    )
    url = reverse("surveillance:my_surveillance")
    reminders = []
    for certificate in certificates:
        stage = _recertification_stage(certificate, today)
        if stage is None:
            continue
        kind, stage_date = stage
        window = schedule.recertification_window(certificate)
        reminders.append(Reminder(
            kind=kind, obj=certificate, due_date=stage_date, recipient=certificate.holder,
            subject=f"Sertifikat {certificate.number} berakhir {tanggal(certificate.valid_until)}: "
                    "ajukan sertifikasi ulang",
            template="surveillance/email/reminder_recertification",
            context={"certificate": certificate, "window": window, "late": window.is_late(today)}, url=url,
        ))
    return reminders


def _recertification_stage(certificate: Certificate, today: date) -> tuple[str, date] | None:
    end = certificate.valid_until
    deadline = schedule.recertification_window(certificate).deadline
    if today >= deadline:
        return "recertification_deadline", deadline
    for kind, months in reversed(RECERTIFICATION_STAGES):  # 3 months first: the latest stage wins
        stage_date = end - relativedelta(months=months)
        if today >= stage_date:
            return kind, stage_date
    return None
