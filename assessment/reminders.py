"""The assessment stage's part of the reminder sweep (skema_lsp.reminders): the schedule of the
competency test (to candidate and assessor, from two days before) and a plan still waiting for the
candidate's acceptance (two days after it was proposed). One query each, whatever the row count."""

from datetime import date, timedelta

from django.urls import reverse

from assessment.models import Assessment, AssessmentPlan

S = Assessment.Status
SCHEDULE_LEAD_DAYS = 2
PLAN_WAIT_DAYS = 2


def due(today: date) -> list:
    from skema_lsp.reminders import Reminder

    reminders = []
    upcoming = AssessmentPlan.objects.filter(
        assessment__status__in=[S.PLAN_AGREED, S.TESTING], date__gte=today,
        date__lte=today + timedelta(days=SCHEDULE_LEAD_DAYS),
    ).select_related("tuk", "assessment__application__applicant", "assessment__assessor")
    for plan in upcoming:
        assessment = plan.assessment
        url = reverse("assessment:detail", args=[assessment.pk])
        for recipient in (assessment.application.applicant, assessment.assessor):
            if recipient is None:
                continue
            reminders.append(Reminder(
                kind="assessment.schedule", obj=assessment, due_date=plan.date, recipient=recipient,
                subject=f"Pengingat jadwal uji kompetensi {plan.date:%d-%m-%Y} ({assessment.reference})",
                template="assessment/email/reminder_schedule", context={"assessment": assessment, "plan": plan},
                url=url,
            ))
    waiting = AssessmentPlan.objects.filter(
        assessment__status=S.PLAN_PROPOSED, proposed_at__date__lte=today - timedelta(days=PLAN_WAIT_DAYS),
    ).select_related("tuk", "assessment__application__applicant")
    for plan in waiting:
        assessment = plan.assessment
        reminders.append(Reminder(
            kind="assessment.plan_waiting", obj=assessment,
            due_date=plan.proposed_at.date() + timedelta(days=PLAN_WAIT_DAYS),
            recipient=assessment.application.applicant,
            subject=f"Rencana asesmen {assessment.reference} menunggu persetujuan Anda",
            template="assessment/email/plan_proposed", context={"assessment": assessment, "plan": plan},
            url=reverse("assessment:detail", args=[assessment.pk]),
        ))
    return reminders
