"""Reusable reads of the exams stage, with who may see what."""

from django.db.models import Count, Q, QuerySet

from accounts.roles import Role
from assessment.models import Assessment, Question, TestSession
from assessment.queries import seats_taken
from exams.models import Attempt

S = Assessment.Status


def sessions_visible_to(user) -> QuerySet[TestSession]:
    """Staff see every schedule; an assessor the schedules they are on; nobody else any."""
    base = (TestSession.objects.select_related("tuk", "scheme")
            .annotate(taken=seats_taken()))
    if not user.is_authenticated:
        return base.none()
    if user.is_staf:
        return base
    if user.has_role(Role.ASESOR):
        return base.filter(assessors=user)
    return base.none()


def own_attempts(user) -> QuerySet[Attempt]:
    """Only the candidate's own attempts: a CBT page is never shown to anybody else."""
    if not user.is_authenticated:
        return Attempt.objects.none()
    return Attempt.objects.filter(assessment__application__applicant=user).exclude(
        assessment__status__in=Assessment.HIDDEN_FROM_CANDIDATE).select_related("assessment__application__scheme")


def candidate_schedule(user) -> QuerySet[Assessment]:
    return (Assessment.objects.filter(application__applicant=user, session__isnull=False)
            .exclude(status__in=Assessment.HIDDEN_FROM_CANDIDATE)
            .select_related("session__tuk", "session__scheme", "application__scheme", "assessor", "cbt_attempt",
                            "identity_check")
            .order_by("-session__date"))


def question_statistics(scheme_id: int | None = None) -> QuerySet[Question]:
    """The CBT's questions (multiple choice and essays) with how often they were drawn, answered and
    answered correctly or judged competent (finished attempts only), in one query."""
    finished = Q(attempt_items__attempt__status=Attempt.Status.FINISHED)
    queryset = Question.objects.filter(kind__in=[Question.Kind.PILIHAN_GANDA, Question.Kind.TERTULIS]).select_related(
        "unit", "criterion__element")
    if scheme_id:
        queryset = queryset.filter(unit__scheme_id=scheme_id)
    return queryset.annotate(
        drawn=Count("attempt_items", filter=finished),
        answered=Count("attempt_items", filter=finished & Q(attempt_items__chosen__isnull=False)),
        right=Count("attempt_items", filter=finished & Q(attempt_items__is_correct=True)),
    ).order_by("unit__order", "kind", "-is_active", "pk")
