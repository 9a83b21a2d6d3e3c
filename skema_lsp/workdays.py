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


class Calendar:
    """The calendar of a date range read in one query, for a sweep that asks about many dates (the
    functions above read it once per call)."""

    def __init__(self, start: date, end: date):
        self.overrides = _overrides(start, end)

    def is_working(self, day: date) -> bool:
        return _is_working(day, self.overrides)

    def days_left(self, today: date, end: date) -> int:
        """Working days after `today` up to and including `end`."""
        return sum(self.is_working(today + timedelta(days=n)) for n in range(1, (end - today).days + 1))

    def day_with_days_left(self, end: date, n: int) -> date:
        """The working day on which exactly `n` working days remain up to and including `end`
        (so add_working_days(result, n) == end)."""
        day, counted = end, 0
        while counted < n:
            if self.is_working(day):
                counted += 1
            day -= timedelta(days=1)
        while not self.is_working(day):
            day -= timedelta(days=1)
        return day

    def stage_reached(self, due_on: date, today: date, stages: list[tuple[str, int]],
                      overdue: tuple[str, date]) -> tuple[str, date] | None:
        """The latest of `stages` ((kind, working days left), earliest first) a deadline has reached
        today, with the day it was reached; `overdue` (kind, day) once the deadline has passed."""
        if today > due_on:
            return overdue
        for kind, left in reversed(stages):
            stage_day = self.day_with_days_left(due_on, left)
            if today >= stage_day:
                return kind, stage_day
        return None


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides(start, end)
    return sum(1 for n in range(1, (end - start).days + 1) if _is_working(start + timedelta(days=n), overrides))
