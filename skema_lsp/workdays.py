"""Working-day calendar: Monday–Friday minus Indonesian public holidays and cuti bersama,
minus LSP closures, with admin overrides either way (contract surface 5)."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=("public", "government")).keys())


def _overrides(start: date, end: date) -> dict[date, bool]:
    from skema_lsp.models import CalendarDay

    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))


def _is_working(day: date, overrides: dict[date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5 and day not in _national_holidays(day.year)


def is_working_day(day: date) -> bool:
    return _is_working(day, _overrides(day, day))


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (start itself is not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    # Fetch overrides for a generous window in one query; widen if ever exhausted.
    window = max(31, days * 3 + 31)
    overrides = _overrides(start, start + timedelta(days=window))
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if day > start + timedelta(days=window):
            window *= 2
            overrides = _overrides(start, start + timedelta(days=window))
        if _is_working(day, overrides):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides(start, end)
    return sum(1 for n in range(1, (end - start).days + 1) if _is_working(start + timedelta(days=n), overrides))
