"""Accounts' part of the reminder sweep (skema_lsp.reminders): the data-protection deadlines of
3 × 24 hours (UU PDP 27/2022). To staff: on the day a correction or restriction request falls due
and the day after when it is still open; the same for a breach whose notices have not gone out.
Only the latest stage is sent. Two queries whatever the number of requests; `advance` produces a
data export the broker lost."""

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import BreachIncident, CorrectionRequest, DataExportRequest
from skema_lsp.reminders import CATCH_UP_DAYS, Reminder, staff_users, start_of

CORRECTION_DUE = "accounts.correction_due"
CORRECTION_OVERDUE = "accounts.correction_overdue"
BREACH_DUE = "accounts.breach_notice_due"
BREACH_OVERDUE = "accounts.breach_notice_overdue"
# A background export still not ready after this long is produced by the sweep itself.
EXPORT_STUCK_AFTER = timedelta(minutes=15)


def due(today: date) -> list[Reminder]:
    staff = None
    reminders: list[Reminder] = []
    window = {"gte": start_of(today - timedelta(days=CATCH_UP_DAYS + 1)), "lt": start_of(today + timedelta(days=1))}
    requests = CorrectionRequest.objects.filter(status__in=CorrectionRequest.OPEN, due_at__gte=window["gte"],
                                                due_at__lt=window["lt"]).select_related("user")
    for request in requests:
        staff = staff if staff is not None else staff_users()
        kind, due_date = _stage(request.due_at, today, CORRECTION_DUE, CORRECTION_OVERDUE)
        late = kind == CORRECTION_OVERDUE
        reminders += [Reminder(
            kind=kind, obj=request, due_date=due_date, recipient=member,
            subject=(f"Permintaan data pribadi {request.reference} melewati batas 3×24 jam" if late
                     else f"Permintaan data pribadi {request.reference} jatuh tempo hari ini"),
            template="accounts/email/reminder_correction", context={"request": request, "late": late},
            url=reverse("correction_detail", args=[request.pk]),
        ) for member in staff]
    incidents = BreachIncident.objects.filter(status=BreachIncident.Status.TERCATAT,
                                              notice_due_at__gte=window["gte"], notice_due_at__lt=window["lt"])
    for incident in incidents:
        staff = staff if staff is not None else staff_users()
        kind, due_date = _stage(incident.notice_due_at, today, BREACH_DUE, BREACH_OVERDUE)
        late = kind == BREACH_OVERDUE
        reminders += [Reminder(
            kind=kind, obj=incident, due_date=due_date, recipient=member,
            subject=(f"Pemberitahuan insiden {incident.reference} melewati batas 3×24 jam" if late
                     else f"Pemberitahuan insiden {incident.reference} jatuh tempo hari ini"),
            template="accounts/email/reminder_breach", context={"incident": incident, "late": late},
            url=reverse("breach_detail", args=[incident.pk]),
        ) for member in staff]
    return reminders


def _stage(deadline: datetime, today: date, due_kind: str, overdue_kind: str) -> tuple[str, date]:
    day = timezone.localtime(deadline).date()
    return (overdue_kind, day + timedelta(days=1)) if today > day else (due_kind, day)


def advance(today: date, now: datetime) -> list[str]:
    from accounts.services import produce_data_export

    moved = []
    for export in DataExportRequest.objects.filter(status=DataExportRequest.Status.DIPROSES,
                                                   requested_at__lt=now - EXPORT_STUCK_AFTER):
        produce_data_export(export=export)
        moved.append(f"ekspor data {export.pk} dibuat")
    return moved
