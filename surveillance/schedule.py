"""Date rules of surveillance (9.6.2) and recertification (9.7.1), as pure functions.

The rule for due dates: period n of a certificate is due on issue date + n × interval months,
always counted from the issue date (never from the previous due date, so dates do not drift), with
dateutil's relativedelta, which clamps to the last day of a shorter month: issued 31 January →
due 28/29 February (one-month interval); issued 29 February 2024 → due 28 February 2025, 2026,
2027 and 29 February 2028. A period exists only when its due date falls on or before the
certificate's last valid day; the renewal (9.7) takes the place of a period that would fall after.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# A holder may start a period's submission this many days before it is due.
SUBMISSION_OPENS_DAYS = 60
# 9.7: recertification may be requested from this many months before expiry.
RECERTIFICATION_OPENS_MONTHS = 6


def due_date(issued_on: date, interval_months: int, period: int) -> date:
    return issued_on + relativedelta(months=interval_months * period)


def period_count(issued_on: date, valid_until: date, interval_months: int) -> int:
    """How many surveillance periods fall within the validity."""
    if interval_months <= 0:
        return 0
    n = 0
    while due_date(issued_on, interval_months, n + 1) <= valid_until:
        n += 1
    return n


def due_dates(certificate) -> list[date]:
    interval = certificate.scheme.surveillance_interval_months
    count = period_count(certificate.issued_on, certificate.valid_until, interval)
    return [due_date(certificate.issued_on, interval, n) for n in range(1, count + 1)]


def next_due(certificate, done: int) -> date | None:
    """The due date of the first period not yet submitted, or None when no period is left."""
    dates = due_dates(certificate)
    return dates[done] if done < len(dates) else None


def first_reaching(target: date, months: int) -> date:
    """The earliest day d with d + `months` months on or after `target` (months may be negative).
    Adding months is non-decreasing in the start day, so the days whose shifted date falls in a range
    form a range themselves: that is what lets the database pick them with an indexed condition."""
    shift = relativedelta(months=months)
    candidate = target - shift
    while candidate + shift >= target:
        candidate -= timedelta(days=1)
    while candidate + shift < target:
        candidate += timedelta(days=1)
    return candidate


def latest_issue_overdue(today: date, interval_months: int, period: int) -> date:
    """The last issue date whose period `period` is due before `today` (so is overdue when not
    submitted): the certificates overdue for a period are exactly those issued on or before it."""
    return first_reaching(today, interval_months * period) - timedelta(days=1)


@dataclass(frozen=True)
class PeriodState:
    period: int
    due_date: date
    state: str  # selesai | diajukan | terlambat | terbuka | terjadwal
    surveillance: object | None = None
    can_start: bool = False

    LABELS = {
        "selesai": "Selesai ditinjau",
        "diajukan": "Diajukan, menunggu peninjauan",
        "terlambat": "Terlambat",
        "terbuka": "Dapat diajukan",
        "terjadwal": "Terjadwal",
    }

    @property
    def label(self) -> str:
        return self.LABELS[self.state]

    @property
    def opens_on(self) -> date:
        return self.due_date - timedelta(days=SUBMISSION_OPENS_DAYS)


def period_states(certificate, surveillances: dict[int, object], today: date, active: bool) -> list[PeriodState]:
    """Every period of the certificate with its state today. Periods run in order: a holder starts
    period n only when every earlier period is submitted. `active` is False for a certificate that
    is no longer in force (nothing can be started then)."""
    from surveillance.models import Surveillance

    states, blocked = [], not active
    for n, due in enumerate(due_dates(certificate), start=1):
        row = surveillances.get(n)
        status = getattr(row, "status", None)
        if status == Surveillance.Status.DITINJAU:
            state = "selesai"
        elif status == Surveillance.Status.DIAJUKAN:
            state = "diajukan"
        elif due < today:
            state = "terlambat"
        elif today >= due - timedelta(days=SUBMISSION_OPENS_DAYS):
            state = "terbuka"
        else:
            state = "terjadwal"
        can_start = not blocked and state in {"terlambat", "terbuka"}
        if state not in {"selesai", "diajukan"}:
            blocked = True
        states.append(PeriodState(period=n, due_date=due, state=state, surveillance=row, can_start=can_start))
    return states


@dataclass(frozen=True)
class RecertificationWindow:
    opens: date
    deadline: date
    closes: date

    def is_open(self, today: date) -> bool:
        return self.opens <= today <= self.closes

    def is_late(self, today: date) -> bool:
        return today > self.deadline


def recertification_window(certificate) -> RecertificationWindow:
    """From 6 months before expiry until the last valid day; later than expiry − lead months
    (2 by default, per scheme) a request is late and needs a staff override (9.7.1)."""
    end = certificate.valid_until
    lead = certificate.scheme.recertification_lead_months
    return RecertificationWindow(
        opens=end - relativedelta(months=RECERTIFICATION_OPENS_MONTHS),
        deadline=end - relativedelta(months=lead),
        closes=end,
    )
