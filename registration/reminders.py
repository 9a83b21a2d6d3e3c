"""Registration's part of the reminder sweep (skema_lsp.reminders, whose docstring has the rule for
what is sent when): an application left as a draft, or returned for revision, untouched for
INCOMPLETE_AFTER_DAYS days reminds the applicant. One query whatever the number of applications."""

from datetime import date, timedelta

from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registration.models import Application, Evidence
from skema_lsp.reminders import CATCH_UP_DAYS, Reminder, claimed, on_days
from skema_lsp.sqldates import LocalDayPlus

INCOMPLETE_AFTER_DAYS = 7
KIND = "registration.incomplete"
S = Application.Status


def due(today: date) -> list[Reminder]:
    return incomplete_applications(today)


def incomplete_applications(today: date) -> list[Reminder]:
    """Untouched means neither the form nor its uploads changed: the due date is the last touch's
    day (Asia/Jakarta) + 7, so touching the draft again moves the next reminder a week on."""
    last_touch = today - timedelta(days=INCOMPLETE_AFTER_DAYS)
    last_upload = Evidence.objects.filter(application=OuterRef("pk")).order_by("-uploaded_at").values("uploaded_at")[:1]
    applications = (
        Application.objects.filter(status__in=[S.DRAFT, S.RETURNED])
        .annotate(touched=Greatest("updated_at", Coalesce(Subquery(last_upload), "updated_at"),
                                   output_field=DateTimeField()))
        .filter(on_days("touched", last_touch - timedelta(days=CATCH_UP_DAYS), last_touch))
        .exclude(claimed(KIND, Application, LocalDayPlus(OuterRef("touched"), INCOMPLETE_AFTER_DAYS)))
        .select_related("applicant", "scheme")
    )
    reminders = []
    for application in applications:
        touched_on = timezone.localtime(application.touched).date()
        returned = application.status == S.RETURNED
        reminders.append(Reminder(
            kind=KIND, obj=application,
            due_date=touched_on + timedelta(days=INCOMPLETE_AFTER_DAYS), recipient=application.applicant,
            subject=(format_lazy(_("Permohonan {ref} menunggu perbaikan Anda"), ref=application.reference) if returned
                     else format_lazy(_("Permohonan {ref} belum diajukan"), ref=application.reference)),
            template="registration/email/reminder_incomplete",
            context={"application": application, "returned": returned, "touched_on": touched_on,
                     "days": INCOMPLETE_AFTER_DAYS},
            url=reverse("registration:detail", args=[application.pk]),
            essential=False,  # a nudge: only with the komunikasi consent (accounts/consents.py)
        ))
    return reminders
