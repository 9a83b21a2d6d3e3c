"""Appeals' part of the reminder sweep (skema_lsp.reminders, whose docstring has the rule for what is
sent when): the last day to appeal a BK decision (to the candidate), the panel's deadline at 5 and 2
working days left (to the panel, or to staff while no panel is formed) and an overdue appeal (to
every staff member). A fixed number of queries whatever the number of decisions and appeals. Open
appeals are few by nature, so they are rebuilt each sweep and their claims checked on insert: a
panel formed after staff were reminded still gets the stage it reaches."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from appeals.models import Appeal, PanelMember
from decisions.models import Decision
from schemes.models import Scheme
from skema_lsp import workdays
from skema_lsp.reminders import CATCH_UP_DAYS, Reminder, on_days, staff_users
from skema_lsp.templatetags.formatting import tanggal, tanggal_lazy

# Working days left before the panel's deadline when the panel is reminded; the latest stage reached wins.
RESOLUTION_STAGES = [("appeals.resolution_5", 5), ("appeals.resolution_2", 2)]


def due(today: date) -> list[Reminder]:
    staff = staff_users()
    return window_closing(today) + resolution_due(today, staff)


def window_closing(today: date) -> list[Reminder]:
    """9.9.2: on the window's last day (decision day + scheme.appeal_window_days, until 23:59 WIB) a
    candidate who was found BK and has not appealed is reminded once. After that day the window is
    closed, so there is nothing to catch up."""
    days = Scheme.objects.values_list("appeal_window_days", flat=True).distinct()
    decided_on = Q(pk__in=[])
    for window in days:
        decided_day = today - timedelta(days=window)
        # The window counts from the formal notice (the approved SK); older rows from the decision day.
        told = Q(on_days("notified_at", decided_day, decided_day)) | Q(
            on_days("decided_at", decided_day, decided_day), notified_at__isnull=True, meeting_candidate__isnull=True)
        decided_on |= Q(told, assessment__application__scheme__appeal_window_days=window)
    decisions = (
        Decision.objects.filter(decided_on, result=Decision.Result.BK, corrects__isnull=True)
        .filter(~Exists(Appeal.objects.filter(decision=OuterRef("pk"))))
        .select_related("assessment__application__applicant", "assessment__application__scheme")
    )
    reminders = []
    for decision in decisions:
        closes = timezone.localtime(decision.appeal_deadline)
        reminders.append(Reminder(
            kind="appeals.window_closing", obj=decision, due_date=closes.date(), recipient=decision.candidate,
            subject=format_lazy(_("Hari terakhir pengajuan banding: {day} pukul 23.59 WIB"), day=tanggal_lazy(closes)),
            template="appeals/email/reminder_window_closing",
            context={"decision": decision, "closes": closes, "application": decision.application},
            url=reverse("appeals:file", args=[decision.pk]),
        ))
    return reminders


def resolution_stage(appeal: Appeal, today: date, calendar: workdays.Calendar) -> tuple[str, date] | None:
    """The latest reminder stage `appeal` has reached today, or None. Overdue is its own kind."""
    return calendar.stage_reached(appeal.due_on, today, RESOLUTION_STAGES, overdue=("appeals.overdue", appeal.due_on))


def resolution_due(today: date, staff: list) -> list[Reminder]:
    # Overdue is reminded from the day after due_on, within the catch-up; the stages come before it.
    appeals = list(
        Appeal.objects.open().filter(due_on__gte=today - timedelta(days=CATCH_UP_DAYS + 1))
        .select_related("appellant")
        # Members joined to their panel rows: one query whether or not any panel is formed yet.
        .prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("member")))
    )
    # One calendar read for every appeal (workdays.add_working_days would read once per call). Only
    # appeals not yet overdue need it, and their stage days lie between today − ~3 weeks and due_on.
    latest = max([a.due_on for a in appeals], default=today)
    calendar = workdays.Calendar(today - timedelta(days=60), latest)
    reminders = []
    for appeal in appeals:
        stage = resolution_stage(appeal, today, calendar)
        if stage is None:
            continue
        kind, stage_day = stage
        overdue = kind == "appeals.overdue"
        panel = [m.member for m in appeal.panel.all()]
        recipients = staff if overdue or not panel else panel
        left = calendar.days_left(today, appeal.due_on)
        for recipient in recipients:
            reminders.append(Reminder(
                kind=kind, obj=appeal, due_date=stage_day, recipient=recipient,
                subject=(f"Banding {appeal.reference} melewati batas keputusan {tanggal(appeal.due_on)}" if overdue
                         else f"Banding {appeal.reference}: batas keputusan {tanggal(appeal.due_on)}"),
                template="appeals/email/reminder_resolution",
                context={"appeal": appeal, "overdue": overdue, "has_panel": bool(panel), "left": left},
                url=reverse("appeals:detail", args=[appeal.pk]),
            ))
    return reminders
