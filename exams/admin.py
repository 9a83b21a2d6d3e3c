from django.contrib import admin

from exams.models import Attempt, AttemptQuestion, ExamSetting, ObservationChecklist, ObservationRow
from skema_lsp.admin import ReadOnlyAdminMixin


@admin.register(ExamSetting)
class ExamSettingAdmin(admin.ModelAdmin):
    list_display = ["scheme", "question_count", "duration_minutes", "pass_mark"]


class AttemptQuestionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AttemptQuestion
    extra = 0
    readonly_fields = ["order", "question", "chosen", "answered_at", "is_correct"]


class ObservationRowInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ObservationRow
    extra = 0
    readonly_fields = ["criterion", "met", "notes"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    inlines = [AttemptQuestionInline]
    list_display = ["assessment", "status", "started_at", "deadline", "score", "passed"]
    list_filter = ["status"]


@admin.register(ObservationChecklist)
class ObservationChecklistAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    inlines = [ObservationRowInline]
    list_display = ["assessment", "unit", "observed_by", "observed_at"]
