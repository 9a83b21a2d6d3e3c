from django.contrib import admin

from schemes.models import (
    TUK,
    BasicRequirement,
    CompetencyUnit,
    Element,
    PerformanceCriterion,
    RequiredDocument,
    Scheme,
    SchemeClause,
)


class UnitInline(admin.TabularInline):
    model = CompetencyUnit
    extra = 0


class RequirementInline(admin.TabularInline):
    model = BasicRequirement
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "document_number", "type", "fee", "validity_years", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name", "document_number", "code"]
    inlines = [UnitInline, RequirementInline]


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0


@admin.register(CompetencyUnit)
class CompetencyUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "scheme", "order"]
    list_filter = ["scheme"]
    search_fields = ["code", "title"]
    inlines = [ElementInline]


class CriterionInline(admin.TabularInline):
    model = PerformanceCriterion
    extra = 0


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "order", "is_example"]
    list_filter = ["unit__scheme", "unit", "is_example"]
    search_fields = ["title"]
    inlines = [CriterionInline]


@admin.register(PerformanceCriterion)
class PerformanceCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "element", "order"]
    list_filter = ["element__unit"]
    search_fields = ["text"]


@admin.register(BasicRequirement)
class BasicRequirementAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "scheme"]
    list_filter = ["scheme"]


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "clause", "always", "is_image", "min_files"]
    list_filter = ["scheme", "always"]
    search_fields = ["name", "code"]


@admin.register(SchemeClause)
class SchemeClauseAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "group", "scheme"]
    list_filter = ["scheme", "kind"]
    search_fields = ["text"]


@admin.register(TUK)
class TUKAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_verified", "verified_on"]
    list_filter = ["kind", "is_verified"]
    search_fields = ["name", "address"]
