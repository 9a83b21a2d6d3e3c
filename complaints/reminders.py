"""Complaints' part of the reminder sweep (skema_lsp.reminders has the rule for what is sent when):
an open complaint's deadline at 5 and 2 working days left (to its handler, or to staff while none is
named) and an overdue one (to every staff member). Open complaints are few by nature: one query for
them and one for the calendar, whatever their number."""

from datetime import date, timedelta

from django.urls import reverse

from complaints.models import Complaint
from skema_lsp import workdays
from skema_lsp.reminders import CATCH_UP_DAYS, Reminder, staff_users
from skema_lsp.templatetags.formatting import tanggal

STAGES = [("complaints.due_5", 5), ("complaints.due_2", 2)]
OVERDUE = "complaints.overdue"


def due(today: date) -> list[Reminder]:
    complaints = list(
        Complaint.objects.open().filter(due_on__gte=today - timedelta(days=CATCH_UP_DAYS + 1))
        .select_related("handler")
    )
    if not complaints:
        return []
    latest = max(c.due_on for c in complaints)
    calendar = workdays.Calendar(today - timedelta(days=60), latest)
    staff = staff_users()
    reminders = []
    for complaint in complaints:
        stage = stage_reached(complaint.due_on, today, calendar)
        if stage is None:
            continue
        kind, stage_day = stage
        overdue = kind == OVERDUE
        recipients = staff if overdue or complaint.handler is None else [complaint.handler]
        left = calendar.days_left(today, complaint.due_on)
        for recipient in recipients:
            reminders.append(Reminder(
                kind=kind, obj=complaint, due_date=stage_day, recipient=recipient,
                subject=(f"Pengaduan {complaint.reference} melewati batas {tanggal(complaint.due_on)}" if overdue
                         else f"Pengaduan {complaint.reference}: batas penyelesaian {tanggal(complaint.due_on)}"),
                template="complaints/email/reminder_due",
                context={"complaint": complaint, "overdue": overdue, "left": left,
                         "has_handler": complaint.handler is not None},
                url=reverse("complaints:detail", args=[complaint.pk]),
            ))
    return reminders


def stage_reached(due_on: date, today: date, calendar: workdays.Calendar) -> tuple[str, date] | None:
    """The latest reminder stage reached today (overdue from the day after due_on), or None."""
    return calendar.stage_reached(due_on, today, STAGES, overdue=(OVERDUE, due_on + timedelta(days=1)))
