from django.contrib import admin

from complaints.models import Complaint
from skema_lsp.admin import ReadOnlyAdminMixin


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: complaints change only through complaints.services (audit trail)."""

    list_display = ["reference", "subject", "complainant_name", "status", "received_on", "due_on", "handler",
                    "outcome"]
    list_filter = ["status", "subject", "outcome"]
    search_fields = ["reference", "complainant_name", "complainant_email", "certificate__number"]
    exclude = ["attachment"]
