"""The exams stage's part of the reminder sweep (skema_lsp.reminders has the rule): the day before a
schedule, each candidate placed in it is reminded of the date, time, TUK and what to bring (the
identity document the assessor will check). `advance` closes CBT attempts whose time is up."""

from datetime import date, datetime, timedelta

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment
from exams import services
from skema_lsp.reminders import Reminder, claimed
from skema_lsp.templatetags.formatting import tanggal_lazy

LEAD_DAYS = 1


def due(today: date) -> list[Reminder]:
    finished = [*Assessment.HIDDEN_FROM_CANDIDATE, Assessment.Status.SUBMITTED, Assessment.Status.NOT_CONTINUED]
    placed = Assessment.objects.filter(
        session__date__gte=today, session__date__lte=today + timedelta(days=LEAD_DAYS),
    ).exclude(status__in=finished).exclude(
        claimed("exams.session", Assessment, OuterRef("session__date"))
    ).select_related("session__tuk", "application__applicant")
    return [
        Reminder(kind="exams.session", obj=a, due_date=a.session.date, recipient=a.application.applicant,
                 subject=format_lazy(_("Pengingat uji kompetensi {day} pukul {time} WIB"),
                                     day=tanggal_lazy(a.session.date), time=f"{a.session.start_time:%H.%M}"),
                 template="exams/email/reminder", context={"assessment": a, "session": a.session},
                 url=reverse("exams:my_exams"))
        for a in placed
    ]


def advance(today: date, now: datetime) -> list[str]:
    return services.close_expired(now)
