"""The date rules: due dates from the issue date with month ends clamped, 29 February, the overdue
threshold the database filter relies on, and the recertification window."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta

from surveillance import schedule


def cert(issued_on, valid_until, interval=12, lead=2):
    scheme = SimpleNamespace(surveillance_interval_months=interval, recertification_lead_months=lead)
    return SimpleNamespace(issued_on=issued_on, valid_until=valid_until, scheme=scheme)


def test_due_dates_every_twelve_months_from_issue_while_valid():
    # Valid 3 years: two surveillances; the third anniversary falls after expiry (renewal takes its place).
    c = cert(date(2026, 1, 10), date(2029, 1, 9))
    assert schedule.due_dates(c) == [date(2027, 1, 10), date(2028, 1, 10)]


def test_month_end_issue_clamps_to_last_day_without_drifting():
    c = cert(date(2025, 1, 31), date(2025, 12, 31), interval=1)
    dates = schedule.due_dates(c)
    assert dates[:4] == [date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31)]
    assert dates[-1] == date(2025, 12, 31)  # counted from the issue date, so the 31st comes back


def test_certificate_issued_on_29_february():
    valid_until = date(2024, 2, 29) + relativedelta(years=3) - timedelta(days=1)
    assert valid_until == date(2027, 2, 27)
    assert schedule.due_dates(cert(date(2024, 2, 29), valid_until)) == [date(2025, 2, 28), date(2026, 2, 28)]
    # With a longer validity the leap year comes back: 29 February 2028.
    five_years = cert(date(2024, 2, 29), date(2029, 2, 27))
    assert schedule.due_dates(five_years) == [date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28),
                                              date(2028, 2, 29)]


def test_period_due_on_the_last_valid_day_is_kept():
    assert schedule.due_dates(cert(date(2026, 1, 10), date(2027, 1, 10))) == [date(2027, 1, 10)]
    assert schedule.due_dates(cert(date(2026, 1, 10), date(2027, 1, 9))) == []


@pytest.mark.parametrize("interval", [1, 6, 12])
@pytest.mark.parametrize("period", [1, 2])
def test_overdue_threshold_matches_the_rule_for_every_issue_date(interval, period):
    """Issued on or before the threshold ⇔ period `period` due before today — checked day by day
    through two leap-year Februaries and month ends."""
    for today in [date(2026, 3, 1), date(2026, 2, 28), date(2028, 2, 29), date(2028, 3, 1), date(2026, 5, 31)]:
        threshold = schedule.latest_issue_overdue(today, interval, period)
        for offset in range(-900, 1):
            issued = today + timedelta(days=offset)
            overdue = schedule.due_date(issued, interval, period) < today
            assert overdue == (issued <= threshold), (today, issued)


def test_period_states_run_in_order_and_open_sixty_days_early():
    c = cert(date(2025, 1, 10), date(2028, 1, 9))
    today = date(2026, 11, 25)  # period 1 (2026-01-10) overdue; period 2 (2027-01-10) opens 2026-11-11
    states = schedule.period_states(c, {}, today, active=True)
    assert [(p.period, p.state, p.can_start) for p in states] == [(1, "terlambat", True), (2, "terbuka", False)]
    done = SimpleNamespace(status="ditinjau")
    states = schedule.period_states(c, {1: done}, today, active=True)
    assert [(p.state, p.can_start) for p in states] == [("selesai", False), ("terbuka", True)]
    assert states[1].opens_on == date(2026, 11, 11)
    early = schedule.period_states(c, {1: done}, date(2026, 11, 10), active=True)
    assert (early[1].state, early[1].can_start) == ("terjadwal", False)


def test_nothing_can_start_for_a_certificate_no_longer_in_force():
    c = cert(date(2025, 1, 10), date(2028, 1, 9))
    assert not any(p.can_start for p in schedule.period_states(c, {}, date(2026, 11, 25), active=False))


def test_recertification_window_six_months_before_and_deadline_two_months_before_expiry():
    window = schedule.recertification_window(cert(date(2024, 5, 1), date(2027, 4, 30)))
    assert (window.opens, window.deadline, window.closes) == (date(2026, 10, 30), date(2027, 2, 28), date(2027, 4, 30))
    assert not window.is_open(date(2026, 10, 29)) and window.is_open(date(2026, 10, 30))
    assert not window.is_late(date(2027, 2, 28)) and window.is_late(date(2027, 3, 1))
    assert window.is_open(date(2027, 4, 30)) and not window.is_open(date(2027, 5, 1))
