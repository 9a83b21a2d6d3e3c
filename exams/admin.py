from django.contrib import admin

from exams.models import Attempt, AttemptQuestion, ExamSetting, InstrumentRow, InstrumentSheet, OralRecord
from skema_lsp.admin import ReadOnlyAdminMixin


@admin.register(ExamSetting)
class ExamSettingAdmin(admin.ModelAdmin):
    list_display = ["scheme", "question_count", "duration_minutes", "pass_mark"]


class AttemptQuestionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AttemptQuestion
    extra = 0
    readonly_fields = ["order", "question", "chosen", "answered_at", "is_correct", "essay_answer", "review_note",
                       "reviewed_by", "reviewed_at"]


class InstrumentRowInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InstrumentRow
    extra = 0
    readonly_fields = ["criterion", "met", "valid", "authentic", "current", "question", "answer", "portfolio_file",
                       "notes"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    inlines = [AttemptQuestionInline]
    list_display = ["assessment", "status", "started_at", "deadline", "score", "passed"]
    list_filter = ["status"]


@admin.register(InstrumentSheet)
class InstrumentSheetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    inlines = [InstrumentRowInline]
    list_display = ["assessment", "unit", "instrument", "recorded_by", "recorded_at"]
    list_filter = ["instrument"]


@admin.register(OralRecord)
class OralRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["assessment", "unit", "recorded_by", "recorded_at"]
