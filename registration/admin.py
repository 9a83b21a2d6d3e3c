from django.contrib import admin

from registration.models import Application, DocumentVerdict, Evidence, Payment, SelfAssessment


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scheme", "purpose", "status", "submitted_at"]
    list_filter = ["status", "scheme", "purpose"]
    search_fields = ["full_name", "nik", "applicant__username"]
    readonly_fields = ["status", "created_at", "updated_at", "submitted_at", "decided_at", "returned_at",
                       "review_round"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    # The file itself is served only through registration's permission-checked view.
    list_display = ["original_name", "application", "kind", "required_document", "size", "uploaded_at",
                    "superseded_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Evidence._meta.fields]
    exclude = ["file"]


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
