from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import ConflictOfInterest, Consent, User


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
