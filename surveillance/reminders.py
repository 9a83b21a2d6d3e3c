"""Surveillance's part of the reminder sweep (skema_lsp.reminders, whose docstring has the rule for
what is sent when): surveillance due in 30 and 7 days and overdue; recertification 6 and 3 months
before expiry and at the deadline (expiry − lead months). A fixed number of queries whatever the
number of certificates, each reading only the certificates whose dates fall in a window that can be
due: ranges on the indexed issue date (a period's due date follows from it) or end date, one per
period or stage, with the rows whose reminder is already claimed left out in SQL."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from decisions.models import Certificate
from schemes.models import Scheme
from skema_lsp.reminders import CATCH_UP_DAYS, Reminder, claimed
from skema_lsp.sqldates import MonthsAfter
from skema_lsp.templatetags.formatting import tanggal_lazy
from surveillance import schedule
from surveillance.models import RecertificationRequest, Surveillance
from surveillance.queries import SUBMITTED, status_q

# (kind, from, to) in days before the due date; disjoint, so a certificate first seen 5 days before
# its due date gets the 7-day reminder only.
DUE_WINDOWS = [("surveillance_due_30", 8, 30), ("surveillance_due_7", 0, 7)]
OVERDUE = "surveillance_overdue"
RECERTIFICATION_STAGES = [("recertification_6m", 6), ("recertification_3m", 3)]


def due(today: date) -> list[Reminder]:
    holders = surveillance_reminders(today)
    return holders + overdue_to_staff(holders) + recertification_reminders(today)


def overdue_to_staff(holder_reminders: list[Reminder]) -> list[Reminder]:
    """An overdue surveillance is escalated to every staff member too, once per certificate and
    due date (the holder's overdue reminders already carry both, so no further certificate query)."""
    from skema_lsp.reminders import staff_users

    overdue = [r for r in holder_reminders if r.kind == OVERDUE]
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


def due_windows(today: date) -> list[tuple[str, date, date]]:
    """(kind, first, last): the due dates each kind reminds of today. An overdue period is reminded
    from the day after its due date, and caught up for CATCH_UP_DAYS."""
    windows = [(kind, today + timedelta(days=start), today + timedelta(days=end)) for kind, start, end in DUE_WINDOWS]
    return [*windows, (OVERDUE, today - timedelta(days=CATCH_UP_DAYS + 1), today - timedelta(days=1))]


def _periods() -> list[tuple[int, int]]:
    """(interval in months, period) of every surveillance period some scheme has (one small query)."""
    pairs = set()
    for interval, years in Scheme.objects.values_list("surveillance_interval_months", "validity_years").distinct():
        if interval:
            pairs.update((interval, period) for period in range(1, (years * 12) // interval + 1))
    return sorted(pairs)


def _submitted(period: int) -> Exists:
    return Exists(Surveillance.objects.filter(certificate=OuterRef("pk"), period=period, status__in=SUBMITTED))


def _next_due_between(kind: str, first: date, last: date, periods: list[tuple[int, int]]) -> list[tuple[int, Q]]:
    """(period, condition) for the certificates whose first unsubmitted period falls due in
    [first, last] and whose `kind` reminder for it is not claimed. Periods are submitted in order, so
    period p is the first unsubmitted one when p is not submitted and p − 1 is (two probes of the
    (certificate, period) unique index); its due date is in range exactly when the issue date is."""
    branches = []
    for interval, period in periods:
        months = interval * period
        unclaimed = ~Q(claimed(kind, Certificate, MonthsAfter(OuterRef("issued_on"), months)))
        branch = (
            Q(scheme__surveillance_interval_months=interval,
              issued_on__gte=schedule.first_reaching(first, months),
              issued_on__lt=schedule.first_reaching(last + timedelta(days=1), months),
              valid_until__gte=MonthsAfter("issued_on", months))  # a period exists only within the validity
            & ~Q(_submitted(period)) & unclaimed
        )
        if period > 1:
            branch &= Q(_submitted(period - 1))
        branches.append((period, branch))
    return branches


def surveillance_reminders(today: date) -> list[Reminder]:
    in_force = Certificate.objects.filter(status_q("berlaku", today)).order_by()
    periods = _periods()
    url = reverse("surveillance:my_surveillance")
    reminders = []
    for kind, first, last in due_windows(today):
        branches = _next_due_between(kind, first, last, periods)
        if not branches:
            continue
        # Each branch is one range of certificate_in_force_by_issue, which carries every column the
        # conditions read: matched in the index (one query, UNION ALL), the table is read only for
        # the certificates due, none when idle.
        due = in_force.filter(branches[0][1]).values("pk").union(
            *(in_force.filter(branch).values("pk") for _, branch in branches[1:]), all=True)
        period = Case(*(When(branch, then=Value(p)) for p, branch in branches), output_field=IntegerField())
        rows = in_force.filter(pk__in=due).annotate(due_period=period).select_related("scheme", "holder")
        for certificate in rows:
            next_due = schedule.due_date(certificate.issued_on, certificate.scheme.surveillance_interval_months,
                                         certificate.due_period)
            overdue = kind == OVERDUE
            reminders.append(Reminder(
                kind=kind, obj=certificate, due_date=next_due, recipient=certificate.holder,
                subject=(format_lazy(_("Surveilan sertifikat {number} terlambat"), number=certificate.number) if overdue
                         else format_lazy(_("Surveilan sertifikat {number} jatuh tempo {day}"),
                                          number=certificate.number, day=tanggal_lazy(next_due))),
                template="surveillance/email/reminder_surveillance",
                context={"certificate": certificate, "next_due": next_due, "overdue": overdue}, url=url,
            ))
    return reminders


def _recertification_due(today: date) -> Q:
    """Certificates that reached a recertification stage within the last CATCH_UP_DAYS (the stage's
    day is expiry − m months) whose next stage is still ahead and whose reminder is not claimed:
    ranges on the end date, per lead time (the deadline stage is expiry − the scheme's lead months)."""
    where = Q(pk__in=[])
    for lead in Scheme.objects.values_list("recertification_lead_months", flat=True).distinct():
        stages = [(kind, m) for kind, m in RECERTIFICATION_STAGES if m > lead] + [("recertification_deadline", lead)]
        for i, (kind, months) in enumerate(stages):
            stage = Q(scheme__recertification_lead_months=lead,
                      valid_until__gte=schedule.first_reaching(today - timedelta(days=CATCH_UP_DAYS), -months),
                      valid_until__lt=schedule.first_reaching(today + timedelta(days=1), -months))
            if i + 1 < len(stages):
                stage &= Q(valid_until__gte=schedule.first_reaching(today + timedelta(days=1), -stages[i + 1][1]))
            where |= stage & ~Q(claimed(kind, Certificate, MonthsAfter(OuterRef("valid_until"), -months)))
    return where


def recertification_reminders(today: date) -> list[Reminder]:
    """Only the latest stage reached is sent, so a certificate first seen late gets one reminder."""
    open_request = RecertificationRequest.objects.filter(certificate=OuterRef("pk")).exclude(
        status=RecertificationRequest.Status.DITOLAK
    )
    due = (  # matched in certificate_current_by_end, the table read for the rows due only
        Certificate.objects.filter(status_q("berlaku", today), _recertification_due(today))
        .filter(~Exists(open_request)).values("pk")
    )
    certificates = Certificate.objects.filter(pk__in=due).select_related("scheme", "holder")
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
            subject=format_lazy(_("Sertifikat {number} berakhir {day}: ajukan sertifikasi ulang"),
                                number=certificate.number, day=tanggal_lazy(certificate.valid_until)),
            template="surveillance/email/reminder_recertification",
            context={"certificate": certificate, "window": window, "late": window.is_late(today)}, url=url,
            essential=kind == "recertification_deadline",  # the early invitations are offers (accounts/consents.py)
        ))
    return reminders


def _recertification_stage(certificate: Certificate, today: date) -> tuple[str, date] | None:
    """The latest stage `certificate` has reached today, or None."""
    end = certificate.valid_until
    deadline = schedule.recertification_window(certificate).deadline
    if today >= deadline:
        return "recertification_deadline", deadline
    for kind, months in reversed(RECERTIFICATION_STAGES):  # 3 months first: the latest stage wins
        stage_date = end - relativedelta(months=months)
        if today >= stage_date:
            return kind, stage_date
    return None
