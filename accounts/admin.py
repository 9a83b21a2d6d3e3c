from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import (
    PDP_RESPONSE_TIME,
    BreachIncident,
    ConflictOfInterest,
    Consent,
    CorrectionRequest,
    DataExportRequest,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "email_verified_at"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "nik"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Profil", {"fields": ["full_name", "nik", "birth_place", "birth_date", "sex", "nationality", "address",
                               "phone", "last_education", "met_number", "met_valid_until", "position",
                               "email_verified_at"]}),
    )


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "purpose", "text_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "text_version"]
    search_fields = ["user__username", "user__full_name"]
    readonly_fields = ["given_at"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["person", "candidate", "kind", "declared_at"]
    list_filter = ["kind"]
    search_fields = ["person__username", "candidate__username", "candidate__full_name"]
    autocomplete_fields = ["person", "candidate"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "status", "created_at", "due_at", "resolved_at"]
    list_filter = ["kind", "status"]
    # Status moves through the staff pages (accounts.services), which record and email the outcome.
    readonly_fields = [f.name for f in CorrectionRequest._meta.fields]


@admin.register(DataExportRequest)
class DataExportRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "requested_at", "due_at", "ready_at"]
    readonly_fields = [f.name for f in DataExportRequest._meta.fields if f.name != "file"]
    exclude = ["file"]  # encrypted: it leaves only through the subject's own download


@admin.register(BreachIncident)
class BreachIncidentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "discovered_at", "notice_due_at", "notified_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "notice_due_at", "notified_at", "authority_notice", "recorded_by", "created_at"]
    autocomplete_fields = ["affected"]

    def save_model(self, request, obj, form, change):
        if not change:  # the same deadline and recorder as accounts.services.record_breach
            obj.notice_due_at = obj.discovered_at + PDP_RESPONSE_TIME
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
