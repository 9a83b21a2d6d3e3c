"""Contract 5: Monday–Friday minus public holidays and cuti bersama (holidays, ID, public +
government), minus LSP closures, with CalendarDay overrides either way."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skema_lsp.models import CalendarDay
from skema_lsp.workdays import Calendar, add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


def test_nyepi_and_idul_fitri_2026_cluster_is_one_block_of_days_off():
    # 18 Mar cuti Nyepi, 19 Nyepi, 20 cuti Idul Fitri, 21–22 Idul Fitri (weekend), 23–24 cuti bersama.
    for day in range(18, 25):
        assert not is_working_day(date(2026, 3, day)), day
    assert is_working_day(date(2026, 3, 17))
    assert is_working_day(date(2026, 3, 25))
    assert add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)


def test_appeal_deadline_across_the_cluster_and_good_friday():
    # 14 working days from Tue 17 Mar 2026: 25,26,27,30,31 Mar, 1,2 Apr, (3 Apr Wafat Yesus Kristus),
    # 6,7,8,9,10,13,14 Apr.
    assert add_working_days(date(2026, 3, 17), 14) == date(2026, 4, 14)
    assert working_days_between(date(2026, 3, 17), date(2026, 4, 14)) == 14


def test_year_end_2026_into_2027():
    assert not is_working_day(date(2026, 12, 24))  # cuti bersama Natal
    assert not is_working_day(date(2026, 12, 25))
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert not is_working_day(date(2027, 1, 1))
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert not is_working_day(date(2027, 1, 5))  # Isra Mikraj 2027
    assert add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 6)


def test_weekends_are_skipped():
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)


@pytest.mark.parametrize("start", [date(2026, 3, 17), date(2026, 3, 21), date(2026, 12, 25)])
def test_zero_days_is_the_start_itself(start):
    assert add_working_days(start, 0) == start


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 17), -1)


def test_override_makes_a_cuti_bersama_day_working():
    CalendarDay.objects.create(date=date(2026, 3, 24), is_working_day=True, reason="LSP tetap buka")
    assert is_working_day(date(2026, 3, 24))
    assert add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 24)


def test_lsp_closure_makes_a_weekday_off():
    CalendarDay.objects.create(date=date(2026, 3, 9), is_working_day=False, reason="Rapat kerja LSP")
    assert not is_working_day(date(2026, 3, 9))
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)


def test_saturday_override_to_working():
    CalendarDay.objects.create(date=date(2026, 3, 7), is_working_day=True, reason="Uji kompetensi hari Sabtu")
    assert is_working_day(date(2026, 3, 7))
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)


def test_closure_longer_than_the_lookup_window_is_respected():
    # add_working_days fetches overrides for a window and widens it when exhausted: a 45-day closure
    # (longer than the first window for days=1) must still be honoured.
    first = date(2026, 7, 7)
    CalendarDay.objects.bulk_create(
        CalendarDay(date=first + timedelta(days=n), is_working_day=False, reason="Renovasi kantor") for n in range(45)
    )
    assert add_working_days(date(2026, 7, 6), 1) == date(2026, 8, 21)


def test_add_working_days_uses_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(date(2026, 3, 17), 14)


def test_working_days_between_is_antisymmetric():
    assert working_days_between(date(2026, 4, 14), date(2026, 3, 17)) == -14
    assert working_days_between(date(2026, 3, 17), date(2026, 3, 17)) == 0


@settings(max_examples=40, deadline=None)
@given(start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)), days=st.integers(0, 60))
def test_result_is_a_working_day_exactly_n_working_days_later(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    if days:
        assert is_working_day(end)
        assert working_days_between(start, end - timedelta(days=1)) == days - 1


def test_a_calendar_read_once_answers_as_the_single_day_functions_do():
    # Across the Nyepi / Idul Fitri block, with an LSP closure on a working day after it.
    CalendarDay.objects.create(date=date(2026, 3, 26), is_working_day=False, reason="Rapat kerja LSP")
    calendar = Calendar(date(2026, 3, 1), date(2026, 4, 30))
    due_on = add_working_days(date(2026, 3, 10), 10)
    for left in (1, 2, 5):
        day = calendar.day_with_days_left(due_on, left)
        assert calendar.is_working(day) and add_working_days(day, left) == due_on
    for today in (date(2026, 3, 12), date(2026, 3, 20), date(2026, 3, 26)):
        assert calendar.days_left(today, due_on) == working_days_between(today, due_on)
    stages = [("lima", 5), ("dua", 2)]
    assert calendar.stage_reached(due_on, date(2026, 3, 10), stages, overdue=("lewat", due_on)) is None
    assert calendar.stage_reached(due_on, due_on, stages, overdue=("lewat", due_on))[0] == "dua"
    assert calendar.stage_reached(due_on, due_on + timedelta(days=1), stages, overdue=("lewat", due_on)) == (
        "lewat", due_on)
