from django.contrib import admin

from exams.models import Attempt, AttemptQuestion, ExamSetting, InstrumentRow, InstrumentSheet


@admin.register(ExamSetting)
class ExamSettingAdmin(admin.ModelAdmin):
    list_display = ["scheme", "question_count", "duration_minutes", "pass_mark"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    extra = 0
    can_delete = False
    readonly_fields = ["order", "question", "chosen", "answered_at", "is_correct", "essay_answer", "review_note",
                       "reviewed_by", "reviewed_at"]

    def has_add_permission(self, request, obj=None):
        return False


class InstrumentRowInline(admin.TabularInline):
    model = InstrumentRow
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "met", "valid", "authentic", "current", "question", "answer", "portfolio_file",
                       "notes"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    inlines = [AttemptQuestionInline]
    list_display = ["assessment", "status", "started_at", "deadline", "score", "passed"]
    list_filter = ["status"]


@admin.register(InstrumentSheet)
class InstrumentSheetAdmin(ReadOnlyAdmin):
    inlines = [InstrumentRowInline]
    list_display = ["assessment", "unit", "instrument", "recorded_by", "recorded_at"]
    list_filter = ["instrument"]
