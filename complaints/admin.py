from django.contrib import admin

from complaints.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints change only through complaints.services (audit trail)."""

    list_display = ["reference", "subject", "complainant_name", "status", "received_on", "due_on", "handler",
                    "outcome"]
    list_filter = ["status", "subject", "outcome"]
    search_fields = ["reference", "complainant_name", "complainant_email", "certificate__number"]
    exclude = ["attachment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
