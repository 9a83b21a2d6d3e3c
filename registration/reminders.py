"""Registration's part of the reminder sweep (skema_lsp.reminders): an application left as a draft,
or returned for revision, untouched for INCOMPLETE_AFTER_DAYS days reminds the applicant. One query
whatever the number of applications."""

from datetime import date, datetime, time, timedelta

from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from registration.models import Application, Evidence
from skema_lsp.reminders import Reminder

INCOMPLETE_AFTER_DAYS = 7
S = Application.Status


def due(today: date) -> list[Reminder]:
    return incomplete_applications(today)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def incomplete_applications(today: date) -> list[Reminder]:
    """Untouched means neither the form nor its uploads changed: the due date is the last touch's
    day (Asia/Jakarta) + 7, so touching the draft again moves the next reminder a week on."""
    last_upload = Evidence.objects.filter(application=OuterRef("pk")).order_by("-uploaded_at").values("uploaded_at")[:1]
    applications = (
        Application.objects.filter(status__in=[S.DRAFT, S.RETURNED])
        .annotate(touched=Greatest("updated_at", Coalesce(Subquery(last_upload), "updated_at"),
                                   output_field=DateTimeField()))
        # last touch on or before today − 7 (local) ⇔ before the start of today − 6.
        .filter(touched__lt=_start_of(today - timedelta(days=INCOMPLETE_AFTER_DAYS - 1)))
        .select_related("applicant", "scheme")
    )
    reminders = []
    for application in applications:
        touched_on = timezone.localtime(application.touched).date()
        returned = application.status == S.RETURNED
        reminders.append(Reminder(
            kind="registration.incomplete", obj=application,
            due_date=touched_on + timedelta(days=INCOMPLETE_AFTER_DAYS), recipient=application.applicant,
            subject=(f"Permohonan {application.reference} menunggu perbaikan Anda" if returned
                     else f"Permohonan {application.reference} belum diajukan"),
            template="registration/email/reminder_incomplete",
            context={"application": application, "returned": returned, "touched_on": touched_on,
                     "days": INCOMPLETE_AFTER_DAYS},
            url=reverse("registration:detail", args=[application.pk]),
        ))
    return reminders
