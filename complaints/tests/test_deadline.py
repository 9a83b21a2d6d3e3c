"""Working-day deadline on the project's calendar and reminders through the reminder sweep: 5 and 2
working days left to the handler (to staff while none is named), overdue to staff, each once."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from complaints import services
from complaints.tests.factories import make_complaint
from skema_lsp.models import CalendarDay, SentReminder
from skema_lsp.reminders import sweep

pytestmark = pytest.mark.django_db


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=timezone.get_default_timezone())


def test_deadline_counts_working_days_and_lsp_closures(settings, db):
    settings.COMPLAINT_WORKING_DAYS = 14
    # Monday 2 March 2026: 14 working days later is Friday 20 March, unless the LSP closes a day.
    plain = make_complaint(now=_at(date(2026, 3, 2))).due_on
    CalendarDay.objects.create(date=date(2026, 3, 4), is_working_day=False, reason="Penutupan LSP")
    closed = make_complaint(now=_at(date(2026, 3, 2))).due_on
    assert closed > plain
    from skema_lsp.workdays import add_working_days
    assert closed == add_working_days(date(2026, 3, 2), 14)


def _kinds(result) -> list[tuple[str, str]]:
    return sorted((r.kind, r.recipient.username) for r in result.sent if r.kind.startswith("complaints."))


def test_reminders_go_to_staff_then_handler_then_overdue_to_staff(certificate, staff, handler, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    complaint = make_complaint(certificate=certificate, now=_at(date(2026, 3, 2)))
    from skema_lsp.workdays import add_working_days

    five_left = add_working_days(date(2026, 3, 2), 9)  # 5 working days remain up to due_on
    assert _kinds(sweep(five_left)) == [("complaints.due_5", staff.username)]  # no handler yet
    assert _kinds(sweep(five_left)) == []  # claimed once
    services.assign_handler(complaint=complaint, handler=handler, by=staff)
    two_left = add_working_days(date(2026, 3, 2), 12)
    with django_capture_on_commit_callbacks(execute=True):
        assert _kinds(sweep(two_left)) == [("complaints.due_2", handler.username)]
    assert [m.to for m in mailoutbox] == [[handler.email]]
    complaint.refresh_from_db()
    overdue = _kinds(sweep(date.fromordinal(complaint.due_on.toordinal() + 1)))
    assert overdue == [("complaints.overdue", staff.username)]
    assert SentReminder.objects.filter(kind__startswith="complaints.").count() == 3


def test_closed_complaints_are_not_reminded(certificate, staff, handler):
    complaint = make_complaint(certificate=certificate, now=_at(date(2026, 3, 2)))
    services.assign_handler(complaint=complaint, handler=handler, by=staff)
    services.close_complaint(complaint=complaint, by=handler, outcome="tidak_terbukti", text="Selesai.")
    assert _kinds(sweep(date.fromordinal(complaint.due_on.toordinal() + 1))) == []
