from django.contrib import admin, messages
from django.db.models import Count

from schemes.models import (
    TUK,
    BasicRequirement,
    CompetencyUnit,
    Element,
    PerformanceCriterion,
    RequiredDocument,
    Scheme,
    SchemeClause,
    SchemeVersion,
)
from schemes.services import TUKError, revoke_tuk_verification, verify_tuk
from skema_lsp.admin import ReadOnlyAdminMixin
from skema_lsp.templatetags.formatting import rupiah


class UnitInline(admin.TabularInline):
    model = CompetencyUnit
    extra = 0


class RequirementInline(admin.TabularInline):
    model = BasicRequirement
    extra = 0


class DocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ["order", "code", "name", "clause", "always", "requirements", "is_image", "min_files"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Offer only the basic requirements of the scheme being edited.
        if db_field.name == "requirements":
            scheme_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = BasicRequirement.objects.filter(scheme_id=scheme_id or 0)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "document_number", "type", "fee_display", "validity_years", "unit_count", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name", "document_number", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [UnitInline, RequirementInline, DocumentInline]
    readonly_fields = ["version"]  # a new version is put in force on the staff page (audited)
    fieldsets = [
        (None, {"fields": ["code", "document_number", "name", "name_en", "type", "is_active"]}),
        ("Pengesahan", {"fields": ["approved_on", "approved_by", "version"]}),
        ("Uraian", {"fields": ["description", "scope"]}),
        ("Aturan (bawaan dari skema)", {"fields": [
            "fee", "validity_years", "appeal_window_days", "appeal_working_days",
            "surveillance_interval_months", "recertification_lead_months",
        ]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_unit_count=Count("units"))

    @admin.display(description="biaya", ordering="fee")
    def fee_display(self, obj):
        return rupiah(obj.fee)

    @admin.display(description="unit", ordering="_unit_count")
    def unit_count(self, obj):
        return obj._unit_count


@admin.register(SchemeVersion)
class SchemeVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["scheme", "number", "effective_on", "created_by"]
    list_select_related = ["scheme", "created_by"]


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0
    show_change_link = True


@admin.register(CompetencyUnit)
class CompetencyUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "scheme", "order", "element_count"]
    list_filter = ["scheme"]
    list_select_related = ["scheme"]
    search_fields = ["code", "title"]
    inlines = [ElementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_element_count=Count("elements"))

    @admin.display(description="elemen", ordering="_element_count")
    def element_count(self, obj):
        return obj._element_count


class CriterionInline(admin.TabularInline):
    model = PerformanceCriterion
    extra = 0


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "order", "is_example"]
    list_filter = ["unit__scheme", "unit", "is_example"]
    list_select_related = ["unit"]
    search_fields = ["title", "unit__code"]
    inlines = [CriterionInline]


@admin.register(PerformanceCriterion)
class PerformanceCriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "element", "unit_code"]
    list_filter = ["element__unit__scheme", "element__unit"]
    list_select_related = ["element__unit"]
    search_fields = ["text", "element__title"]

    @admin.display(description="unit", ordering="element__unit__code")
    def unit_code(self, obj):
        return obj.element.unit.code


@admin.register(BasicRequirement)
class BasicRequirementAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "scheme"]
    list_filter = ["scheme"]
    list_select_related = ["scheme"]
    search_fields = ["code", "text"]


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "scheme", "clause", "always", "requirement_codes", "is_image", "min_files"]
    list_filter = ["scheme", "always", "is_image"]
    list_select_related = ["scheme"]
    search_fields = ["name", "code"]
    filter_horizontal = ["requirements"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("requirements")

    @admin.display(description="untuk persyaratan")
    def requirement_codes(self, obj):
        return ", ".join(r.code for r in obj.requirements.all()) or "semua"


@admin.register(SchemeClause)
class SchemeClauseAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "group", "excerpt", "scheme"]
    list_filter = ["scheme", "kind", "group"]
    list_select_related = ["scheme"]
    search_fields = ["number", "text", "group"]

    @admin.display(description="teks")
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "…"


@admin.register(TUK)
class TUKAdmin(admin.ModelAdmin):
    """Verification is a recorded act (audit row): changed only through the actions, never by ticking a box."""

    list_display = ["name", "kind", "is_verified", "verified_on", "verified_by"]
    list_filter = ["kind", "is_verified"]
    list_select_related = ["verified_by"]
    search_fields = ["name", "address"]
    readonly_fields = ["is_verified", "verified_on", "verified_by"]
    actions = ["verify", "revoke"]

    @admin.action(description="Verifikasi TUK terpilih (9.3.2)")
    def verify(self, request, queryset):
        self._apply(request, queryset, lambda tuk: verify_tuk(tuk=tuk, by=request.user,
                                                                  reason="Diverifikasi melalui admin"),
                    "diverifikasi")

    @admin.action(description="Cabut verifikasi TUK terpilih")
    def revoke(self, request, queryset):
        self._apply(
            request, queryset,
            lambda tuk: revoke_tuk_verification(tuk=tuk, by=request.user, reason="Dicabut melalui admin"),
            "dicabut verifikasinya",
        )

    def _apply(self, request, queryset, action, done: str) -> None:
        count = 0
        for tuk in queryset:
            try:
                action(tuk)
                count += 1
            except TUKError as exc:
                self.message_user(request, str(exc), messages.WARNING)
        if count:
            self.message_user(request, f"{count} TUK {done}.", messages.SUCCESS)
