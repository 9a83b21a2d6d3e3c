from django.contrib import admin

from exams.models import Attempt, AttemptQuestion, ExamSetting, ObservationChecklist, ObservationRow


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
    readonly_fields = ["order", "question", "chosen", "answered_at", "is_correct"]

    def has_add_permission(self, request, obj=None):
        return False


class ObservationRowInline(admin.TabularInline):
    model = ObservationRow
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "met", "notes"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    inlines = [AttemptQuestionInline]
    list_display = ["assessment", "status", "started_at", "deadline", "score", "passed"]
    list_filter = ["status"]


@admin.register(ObservationChecklist)
class ObservationChecklistAdmin(ReadOnlyAdmin):
    inlines = [ObservationRowInline]
    list_display = ["assessment", "unit", "observed_by", "observed_at"]
