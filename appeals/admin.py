from django.contrib import admin

from appeals.models import Appeal, AppealAttachment, PanelMember, PanelVote
from skema_lsp.admin import ReadOnlyAdminMixin


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0
    can_delete = False
    readonly_fields = ["member", "added_by", "added_at"]


class PanelVoteInline(admin.TabularInline):
    model = PanelVote
    extra = 0
    can_delete = False
    readonly_fields = ["member", "result", "reasons", "cast_at"]


class AttachmentInline(admin.TabularInline):
    model = AppealAttachment
    extra = 0
    can_delete = False
    readonly_fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
    exclude = ["file"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: appeals change only through appeals.services (audit trail)."""

    list_display = ["reference", "appellant", "status", "received_on", "due_on", "outcome"]
    list_filter = ["status", "outcome"]
    search_fields = ["reference", "appellant__username", "appellant__full_name"]
    inlines = [PanelMemberInline, PanelVoteInline, AttachmentInline]
