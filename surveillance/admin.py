"""Read-mostly admin: status fields change only through services, so they are read-only here."""

from django.contrib import admin

from surveillance.models import Confirmation, LogbookEntry, RecertificationRequest, Surveillance


class LogbookInline(admin.TabularInline):
    model = LogbookEntry
    extra = 0
    fields = ["date", "activity", "role", "output", "original_name"]
    readonly_fields = fields


class ConfirmationInline(admin.TabularInline):
    model = Confirmation
    extra = 0
    fields = ["kind", "name", "position", "contact", "original_name"]
    readonly_fields = fields


@admin.register(Surveillance)
class SurveillanceAdmin(admin.ModelAdmin):
    list_display = ["certificate", "period", "due_date", "status", "result", "follow_up"]
    list_filter = ["status", "result", "follow_up"]
    search_fields = ["certificate__number", "certificate__holder_name"]
    raw_id_fields = ["certificate", "reviewed_by"]
    readonly_fields = ["status", "submitted_at", "reviewed_at", "reviewed_by", "report_pdf"]
    inlines = [LogbookInline, ConfirmationInline]


@admin.register(RecertificationRequest)
class RecertificationRequestAdmin(admin.ModelAdmin):
    list_display = ["certificate", "requested_on", "deadline", "is_late", "status", "application"]
    list_filter = ["status", "is_late"]
    search_fields = ["certificate__number", "certificate__holder_name"]
    raw_id_fields = ["certificate", "application", "requested_by", "override_by"]
    readonly_fields = ["status", "is_late", "deadline", "override_by", "override_at"]
