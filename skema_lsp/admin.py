from django.contrib import admin

from skema_lsp import audit
from skema_lsp.models import AuditEntry, CalendarDay, Notification, SentReminder

admin.site.site_header = "Administrasi LSP Renbang"
admin.site.site_title = "LSP Renbang"


class ReadOnlyAdminMixin:
    """The admin only reads: records change through their services (locks, audit rows). For a
    ModelAdmin or an inline; `deletable = True` keeps a superuser's delete where it was allowed."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: audit rows can be neither changed nor deleted."""

    list_display = ["created_at", "actor", "content_type", "object_id", "label", "action", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_id", "action", "actor__username"]
    date_hierarchy = "created_at"

    @admin.display(description="tindakan")
    def label(self, entry: AuditEntry) -> str:
        return audit.label(entry.action)

@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["recipient__username", "subject"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "reason"]
    list_filter = ["is_working_day"]
    search_fields = ["reason"]
    date_hierarchy = "date"


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The claims of the reminder sweep: read-only, a row is the proof a reminder went out once."""

    list_display = ["sent_at", "kind", "recipient", "due_date", "subject"]
    list_filter = ["kind", "due_date"]
    search_fields = ["recipient__username", "subject"]
    date_hierarchy = "sent_at"
