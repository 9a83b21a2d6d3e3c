from django.contrib import admin

from registration.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scheme", "purpose", "status", "submitted_at"]
    list_filter = ["status", "scheme", "purpose"]
    search_fields = ["full_name", "nik", "applicant__username"]
    readonly_fields = ["created_at", "updated_at", "submitted_at", "decided_at"]
