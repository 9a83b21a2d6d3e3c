from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation

from registration.models import (
    Application,
    DocumentVerdict,
    Evidence,
    Payment,
    PersonalFileDestruction,
    SelfAssessment,
)
from registration.retention import PERSONAL_ID, RetentionError, destroy_personal_file, refuse_early_deletion
from skema_lsp.admin import ReadOnlyAdminMixin


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scheme", "purpose", "status", "submitted_at"]
    list_filter = ["status", "scheme", "purpose"]
    search_fields = ["full_name", "nik", "applicant__username"]
    readonly_fields = ["status", "created_at", "updated_at", "submitted_at", "decided_at", "returned_at",
                       "review_round"]

    def has_delete_permission(self, request, obj=None):
        """Deleting an application would delete its identity files with it: refused while any of
        them is within its retention period (registration/retention.py)."""
        if obj is not None:
            try:
                for evidence in obj.evidence.filter(PERSONAL_ID, destroyed_at__isnull=True).select_related(
                        "application__scheme", "required_document"):
                    refuse_early_deletion(evidence)
            except RetentionError:
                return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # a bulk delete would bypass the retention check
        return actions


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    # The file itself is served only through registration's permission-checked view.
    list_display = ["original_name", "application", "kind", "required_document", "size", "uploaded_at",
                    "superseded_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Evidence._meta.fields if f.name not in ("file", "print_copy")]
    exclude = ["file", "print_copy"]
    actions = ["destroy_expired"]

    def has_delete_permission(self, request, obj=None):
        """An identity file inside its retention period cannot be deleted here either."""
        if obj is not None:
            try:
                refuse_early_deletion(obj)
            except RetentionError:
                return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # a bulk delete would bypass the retention check
        return actions

    def delete_model(self, request, obj):
        try:
            obj.delete()
        except RetentionError as exc:
            messages.error(request, str(exc))

    @admin.action(description="Musnahkan berkas identitas yang masa retensinya berakhir")
    def destroy_expired(self, request, queryset):
        for evidence in queryset:
            try:
                destroy_personal_file(evidence=evidence, by=request.user)
                messages.success(request, f"«{evidence.original_name}» dimusnahkan dan dicatat.")
            except RetentionError as exc:
                messages.error(request, str(exc))


@admin.register(PersonalFileDestruction)
class PersonalFileDestructionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["document", "application", "retention_until", "destroyed_at", "destroyed_by"]
    readonly_fields = [f.name for f in PersonalFileDestruction._meta.fields]


@admin.register(DocumentVerdict)
class DocumentVerdictAdmin(admin.ModelAdmin):
    list_display = ["application", "required_document", "review_round", "verdict", "reviewed_by", "reviewed_at"]
    readonly_fields = [f.name for f in DocumentVerdict._meta.fields]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["application", "element", "answer"]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["invoice_number", "application", "amount", "status", "confirmed_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "issued_at", "confirmed_at", "confirmed_by", "proof"]
