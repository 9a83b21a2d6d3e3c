from django.contrib import admin

from assessment.models import (
    AnswerJudgement,
    Assessment,
    AssessmentPlan,
    ConflictDeclaration,
    EvidenceItem,
    Feedback,
    PreAssessment,
    Question,
    TestSession,
)
from skema_lsp.admin import ReadOnlyAdminMixin


@admin.register(TestSession)
class TestSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "start_time", "tuk", "scheme", "capacity"]
    list_filter = ["scheme", "tuk"]
    filter_horizontal = ["assessors"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "tuk":
            from schemes.models import TUK

            kwargs["queryset"] = TUK.objects.filter(is_verified=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class DeclarationInline(ReadOnlyInline):
    model = ConflictDeclaration


class EvidenceInline(ReadOnlyInline):
    model = EvidenceItem
    fields = ["criterion", "method", "notes", "valid", "authentic", "current", "sufficient", "recorded_at"]
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: status changes go through assessment.services (audited)."""

    list_display = ["reference", "application", "round", "assessor", "status", "recommendation", "submitted_at"]
    list_filter = ["status", "recommendation"]
    search_fields = ["application__full_name", "application__applicant__username", "assessor__username"]
    list_select_related = ["application", "assessor"]
    inlines = [DeclarationInline, EvidenceInline]
    deletable = True


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "order", "text", "is_active"]
    list_filter = ["unit__scheme", "unit", "kind", "is_active"]
    search_fields = ["text"]


for model in (AssessmentPlan, PreAssessment, AnswerJudgement, Feedback, ConflictDeclaration):
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdminMixin, admin.ModelAdmin),
                                    {"deletable": True}))
