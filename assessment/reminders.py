"""The assessment stage's part of the reminder sweep (skema_lsp.reminders, whose docstring has the
rule for what is sent when): the schedule of the competency test (to candidate and assessor, from
two days before) and a plan still waiting for the candidate's acceptance (two days after it was
proposed). One query each, whatever the row count."""

from datetime import date, timedelta

from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment, AssessmentPlan
from skema_lsp.reminders import CATCH_UP_DAYS, Reminder, claimed, on_days
from skema_lsp.sqldates import LocalDayPlus
from skema_lsp.templatetags.formatting import tanggal_lazy

S = Assessment.Status
SCHEDULE_LEAD_DAYS = 2
PLAN_WAIT_DAYS = 2


def due(today: date) -> list[Reminder]:
    reminders = []
    upcoming = AssessmentPlan.objects.filter(
        assessment__status__in=[S.PLAN_AGREED, S.TESTING], date__gte=today,
        date__lte=today + timedelta(days=SCHEDULE_LEAD_DAYS),
    ).exclude(
        claimed("assessment.schedule", Assessment, OuterRef("date"), obj=OuterRef("assessment_id"))
    ).select_related("tuk", "assessment__application__applicant", "assessment__assessor")
    for plan in upcoming:
        assessment = plan.assessment
        url = reverse("assessment:detail", args=[assessment.pk])
        for recipient in (assessment.application.applicant, assessment.assessor):
            if recipient is None:
                continue
            reminders.append(Reminder(
                kind="assessment.schedule", obj=assessment, due_date=plan.date, recipient=recipient,
                subject=format_lazy(_("Pengingat jadwal uji kompetensi {day} ({ref})"), day=tanggal_lazy(plan.date),
                                    ref=assessment.reference),
                template="assessment/email/reminder_schedule", context={"assessment": assessment, "plan": plan},
                url=url,
            ))
    proposed_by = today - timedelta(days=PLAN_WAIT_DAYS)
    waiting = AssessmentPlan.objects.filter(
        on_days("proposed_at", proposed_by - timedelta(days=CATCH_UP_DAYS), proposed_by),
        assessment__status=S.PLAN_PROPOSED,
    ).exclude(
        claimed("assessment.plan_waiting", Assessment, LocalDayPlus(OuterRef("proposed_at"), PLAN_WAIT_DAYS),
                obj=OuterRef("assessment_id"))
    ).select_related("tuk", "assessment__application__applicant")
    for plan in waiting:
        assessment = plan.assessment
        reminders.append(Reminder(
            kind="assessment.plan_waiting", obj=assessment,
            due_date=timezone.localtime(plan.proposed_at).date() + timedelta(days=PLAN_WAIT_DAYS),
            recipient=assessment.application.applicant,
            subject=format_lazy(_("Rencana asesmen {ref} menunggu persetujuan Anda"), ref=assessment.reference),
            template="assessment/email/plan_proposed", context={"assessment": assessment, "plan": plan},
            url=reverse("assessment:detail", args=[assessment.pk]),
        ))
    return reminders + assignment_reminders(today)


DECLARATION_WAIT_DAYS = 2
PLAN_DUE_DAYS = 3


def assignment_reminders(today: date) -> list[Reminder]:
    """An assessor proposed but silent on the conflict declaration for DECLARATION_WAIT_DAYS days
    (to the assessor); an assigned assessor without a plan after PLAN_DUE_DAYS days (to the
    assessor, and to the candidate so they know who will assess them). One query."""
    proposed_by, assigned_by = (today - timedelta(days=DECLARATION_WAIT_DAYS), today - timedelta(days=PLAN_DUE_DAYS))
    waiting = Assessment.objects.filter(
        # updated_at of a PROPOSED round is the proposal: any later save moves it out of PROPOSED.
        (Q(on_days("updated_at", proposed_by - timedelta(days=CATCH_UP_DAYS), proposed_by), status=S.PROPOSED)
         & ~Q(claimed("assessment.declaration_waiting", Assessment,
                      LocalDayPlus(OuterRef("updated_at"), DECLARATION_WAIT_DAYS))))
        | (Q(on_days("assigned_at", assigned_by - timedelta(days=CATCH_UP_DAYS), assigned_by), status=S.ASSIGNED)
           & ~Q(claimed("assessment.assigned", Assessment, LocalDayPlus(OuterRef("assigned_at"), PLAN_DUE_DAYS)))),
        assessor__isnull=False,
    ).select_related("application__applicant", "application__scheme", "assessor")
    reminders = []
    for assessment in waiting:
        url = reverse("assessment:detail", args=[assessment.pk])
        if assessment.status == S.PROPOSED:
            since = timezone.localtime(assessment.updated_at).date()
            reminders.append(Reminder(
                kind="assessment.declaration_waiting", obj=assessment,
                due_date=since + timedelta(days=DECLARATION_WAIT_DAYS), recipient=assessment.assessor,
                subject=f"Penugasan {assessment.reference} menunggu pernyataan bebas konflik Anda",
                template="assessment/email/reminder_assigned",
                context={"assessment": assessment, "declaration": True, "since": since},
                url=reverse("assessment:declare", args=[assessment.pk]),
            ))
            continue
        since = timezone.localtime(assessment.assigned_at).date()
        for recipient, for_assessor in ((assessment.assessor, True), (assessment.application.applicant, False)):
            reminders.append(Reminder(
                kind="assessment.assigned", obj=assessment, due_date=since + timedelta(days=PLAN_DUE_DAYS),
                recipient=recipient,
                subject=(f"{assessment.reference}: susun rencana asesmen (FR.AK.01)" if for_assessor else
                         format_lazy(_("Asesor Anda untuk {ref}: {name}"), ref=assessment.application.reference,
                                     name=assessment.assessor.display_name)),
                template="assessment/email/reminder_assigned",
                context={"assessment": assessment, "declaration": False, "for_assessor": for_assessor,
                         "since": since},
                url=url,
            ))
    return reminders
