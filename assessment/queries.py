"""Reusable reads of the assessment stage, including who may see which assessment."""

from django.db.models import Exists, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.roles import Role
from assessment.models import Assessment, Question
from registration.models import Application

S = Assessment.Status


def _base() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "application", "application__applicant", "application__scheme", "assessor", "session", "session__tuk"
    )


def visible_to(user) -> QuerySet[Assessment]:
    """Staff see every assessment; an assessor only those assigned (or proposed) to them; a candidate
    only their own. Everything else is empty, so views 404."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    if user.is_staf:
        return _base()
    condition = Q(pk__in=[])
    if user.has_role(Role.ASESOR):
        condition |= Q(assessor=user) & ~Q(status=S.CANCELLED)
    if user.has_role(Role.PEMOHON):
        condition |= Q(application__applicant=user) & ~Q(status__in=Assessment.HIDDEN_FROM_CANDIDATE)
    return _base().filter(condition)


def candidate_rounds(user) -> QuerySet[Assessment]:
    """The user's own rounds as their pages show them (whatever other role they also hold)."""
    return _base().filter(application__applicant=user).exclude(status__in=Assessment.HIDDEN_FROM_CANDIDATE)


def current_assessment(application: Application) -> Assessment | None:
    """The latest round of this application, whatever its status."""
    return application.assessments.order_by("-round").first()


def assessor_of(application: Application):
    """The assessor who holds the latest round of this application (declared no conflict), or None."""
    assessment = (
        application.assessments.filter(status__in=Assessment.HELD_STATUSES, assessor__isnull=False)
        .select_related("assessor").order_by("-round").first()
    )
    return assessment.assessor if assessment else None


def assessors_of(application: Application) -> list:
    """Everyone who assessed (or assesses) any round of this application: they may not decide on it."""
    held = application.assessments.filter(status__in=Assessment.HELD_STATUSES).select_related("assessor")
    return [a.assessor for a in held if a.assessor_id]


def ready_for_decision() -> QuerySet[Assessment]:
    """Submitted, undecided assessments with a recommendation, for an accepted application whose
    FR.AK.01 the candidate accepted, and not superseded by a later round (re-assessment)."""
    queryset = _base().filter(
        status=S.SUBMITTED,
        decided_at__isnull=True,
        recommendation__in=["K", "BK"],
        application__status=Application.Status.ACCEPTED,
        plan__accepted_at__isnull=False,
        plan__confidentiality_accepted_at__isnull=False,
    )
    return queryset.latest_round_only()


def applications_awaiting_assessor() -> QuerySet[Application]:
    """Accepted applications without any open or finished round: staff must start one."""
    started = Assessment.objects.filter(application=OuterRef("pk")).exclude(status=S.CANCELLED)
    return (
        Application.objects.filter(status=Application.Status.ACCEPTED)
        .filter(~Exists(started))
        .select_related("applicant", "scheme")
        .order_by("pk")
    )


def question_bank_for(user, assessment: Assessment) -> QuerySet[Question]:
    """Questions for the scheme of this assessment: staff, or the assessor who holds it; nobody else."""
    from assessment.permissions import can_see_question_bank

    if not can_see_question_bank(user, assessment):
        return Question.objects.none()
    # Multiple-choice questions are scored by the written test itself (exams), not judged one by one here.
    return Question.objects.filter(unit__scheme_id=assessment.application.scheme_id, is_active=True).exclude(
        kind=Question.Kind.PILIHAN_GANDA).select_related("unit")


def self_assessment_rows(application: Application) -> list:
    """APL-02 answers (registration.SelfAssessment) with their evidence, for the assessor's review.
    Read defensively: an application without APL-02 rows gives an empty list."""
    manager = getattr(application, "self_assessments", None)
    if manager is None:
        return []
    return list(manager.select_related("element", "element__unit").prefetch_related("evidence"))


def application_documents(application: Application) -> list:
    """The application's current uploads (9.1.2 documents and APL-02 evidence), payment proofs excluded."""
    manager = getattr(application, "evidence", None)
    if manager is None:
        return []
    queryset = manager.all()
    model = queryset.model
    if hasattr(model, "superseded_at"):
        queryset = queryset.filter(superseded_at__isnull=True)
    if hasattr(model, "Kind") and hasattr(model.Kind, "PAYMENT"):
        queryset = queryset.exclude(kind=model.Kind.PAYMENT)
    return list(queryset.select_related("required_document"))


def seats_taken():
    """Annotation: candidates placed in a test session, not counting cancelled rounds. A correlated
    count (evaluated for the listed sessions only) rather than a join with GROUP BY, which sorted
    every assessment row of every session together with the wide scheme and TUK columns."""
    # COUNT as a plain function, not an aggregate: a scalar subquery without GROUP BY or LIMIT, which
    # PostgreSQL answers from the (session, status) index instead of scanning assessments per session.
    placed = (Assessment.objects.filter(session=OuterRef("pk")).exclude(status=S.CANCELLED)
              .order_by().annotate(n=Func("pk", function="COUNT")).values("n"))
    return Coalesce(Subquery(placed, output_field=IntegerField()), 0)
