"""Reminder sweep: surveillance due in 30/7 days and overdue, recertification stages; sent once,
with a fixed number of queries."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skema_lsp.reminders import CATCH_UP_DAYS, sweep
from surveillance import reminders
from surveillance.tests.factories import make_certificate, make_surveillance

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def kinds(today=TODAY) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for r in reminders.due(today):
        result.setdefault(r.obj.holder.username, set()).add(r.kind)
    return result


def issued_for_due_in(days: int) -> date:
    return TODAY + timedelta(days=days) - relativedelta(months=12)


def test_surveillance_windows(scheme):
    in_20 = make_certificate(scheme=scheme, issued_on=issued_for_due_in(20))
    in_5 = make_certificate(scheme=scheme, issued_on=issued_for_due_in(5))
    late = make_certificate(scheme=scheme, issued_on=issued_for_due_in(-3))
    submitted = make_certificate(scheme=scheme, issued_on=issued_for_due_in(-3))
    make_surveillance(submitted, status="diajukan")
    make_certificate(scheme=scheme, issued_on=issued_for_due_in(45))
    make_certificate(scheme=scheme, issued_on=issued_for_due_in(-3), status="dibekukan")
    found = kinds()
    assert found == {
        in_20.holder.username: {"surveillance_due_30"},
        in_5.holder.username: {"surveillance_due_7"},
        late.holder.username: {"surveillance_overdue"},
    }


def test_recertification_latest_stage_only_and_not_after_a_request(scheme):
    five_months = make_certificate(scheme=scheme, issued_on=date(2024, 5, 1),
                                   valid_until=TODAY + relativedelta(months=5, days=10))
    two_months = make_certificate(scheme=scheme, issued_on=date(2024, 5, 1),
                                  valid_until=TODAY + relativedelta(months=2, days=10))
    past_deadline = make_certificate(scheme=scheme, issued_on=date(2024, 5, 1),
                                     valid_until=TODAY + relativedelta(months=1, days=20))
    make_certificate(scheme=scheme, issued_on=date(2024, 5, 1), valid_until=TODAY + relativedelta(months=7))
    found = {k: {x for x in v if x.startswith("recert")} for k, v in kinds().items()}
    found = {k: v for k, v in found.items() if v}
    assert found == {
        five_months.holder.username: {"recertification_6m"},
        two_months.holder.username: {"recertification_3m"},
        past_deadline.holder.username: {"recertification_deadline"},
    }
    from surveillance.services import request_recertification

    request_recertification(certificate=five_months, by=five_months.holder, today=TODAY)
    assert not {x for x in kinds().get(five_months.holder.username, set()) if x.startswith("recert")}


def test_sweep_sends_once_with_fixed_queries(scheme, mailoutbox, django_capture_on_commit_callbacks):
    make_certificate(scheme=scheme, issued_on=issued_for_due_in(5))
    make_certificate(scheme=scheme, issued_on=issued_for_due_in(-3))  # overdue: staff are looked up as well
    with CaptureQueriesContext(connection) as one:
        reminders.due(TODAY)
    for days in range(-10, 30, 3):
        make_certificate(scheme=scheme, issued_on=issued_for_due_in(days))
    with CaptureQueriesContext(connection) as many:
        reminders.due(TODAY)
    assert len(many) == len(one)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep(TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep(TODAY)
    mine = [r for r in first.sent if r.kind.startswith("surveillance")]
    assert len(mine) == 16 and not [r for r in second.sent if r.kind.startswith("surveillance")]
    assert any("jatuh tempo" in m.body for m in mailoutbox) and any("terlambat" in m.subject for m in mailoutbox)


def test_stage_reached_longer_ago_than_the_catch_up_is_dropped_and_the_next_stage_still_sent(scheme):
    """skema_lsp.reminders' rule: a reminder is sent within CATCH_UP_DAYS of its day, never later."""
    cert = make_certificate(scheme=scheme, issued_on=date(2024, 5, 1), valid_until=date(2027, 6, 30))
    six, three = date(2026, 12, 30), date(2027, 3, 30)

    def stages(day):
        return {(r.kind, r.due_date) for r in reminders.due(day) if r.obj.pk == cert.pk}

    assert stages(six + timedelta(days=CATCH_UP_DAYS)) == {("recertification_6m", six)}
    assert stages(six + timedelta(days=CATCH_UP_DAYS + 1)) == set()
    assert stages(three) == {("recertification_3m", three)}


def test_overdue_surveillance_is_reminded_within_the_catch_up_only(scheme, staff):
    due = TODAY - timedelta(days=CATCH_UP_DAYS + 1)  # reminded from the day after: TODAY - CATCH_UP_DAYS
    in_time = make_certificate(scheme=scheme, issued_on=due - relativedelta(months=12))
    too_late = make_certificate(scheme=scheme, issued_on=due - relativedelta(months=12) - timedelta(days=1))
    found = {(r.kind, r.obj.pk, r.due_date) for r in reminders.due(TODAY)}
    assert found == {("surveillance_overdue", in_time.pk, due), ("surveillance_overdue_staff", in_time.pk, due)}
    assert too_late.pk not in {r.obj.pk for r in reminders.due(TODAY)}


def test_next_period_is_the_first_not_submitted(scheme):
    """Period 2 falls due once period 1 is submitted; period 1 returned to the holder is due again."""
    cert = make_certificate(scheme=scheme, issued_on=date(2024, 11, 30))  # periods due 30-11-2025, -2026, -2027
    first = make_surveillance(cert, period=1, status="ditinjau")

    def due_dates(day):
        return {(r.kind, r.due_date) for r in reminders.due(day) if r.obj.pk == cert.pk}

    assert due_dates(TODAY) == {("surveillance_due_7", date(2026, 11, 30))}
    first.status = "belum_diajukan"
    first.save()
    assert due_dates(TODAY) == set()  # period 1 is a year overdue: long past the catch-up
    assert due_dates(date(2025, 12, 5)) >= {("surveillance_overdue", date(2025, 11, 30))}
