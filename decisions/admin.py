from django.contrib import admin

from decisions.models import (
    Certificate,
    CertificateRevision,
    CompetenceRecord,
    Decision,
    DecisionLetter,
    MeetingCandidate,
    NumberCounter,
    TechnicalMeeting,
    Violation,
    Vote,
)
from skema_lsp.admin import ReadOnlyAdminMixin


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """State changes go through decisions.services (audit, locks); admin only reads."""


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    exclude = ["photo"]  # encrypted at rest: shown only on the certificate itself
    list_display = ["number", "holder_name", "scheme_name", "issued_on", "valid_until", "status"]
    list_filter = ["status", "scheme", "year"]
    search_fields = ["number", "holder_name"]
    list_select_related = ["scheme"]


@admin.register(CertificateRevision)
class CertificateRevisionAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "reason", "replaced_at", "sha256"]
    list_select_related = ["certificate"]


@admin.register(TechnicalMeeting)
class TechnicalMeetingAdmin(ReadOnlyAdmin):
    list_display = ["date", "place", "status", "ba_number"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "result", "decided_at", "corrects"]


@admin.register(DecisionLetter)
class DecisionLetterAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "approved_by", "approved_at"]


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "category", "status", "recorded_at"]


admin.site.register([MeetingCandidate, Vote, NumberCounter], ReadOnlyAdmin)


@admin.register(CompetenceRecord)
class CompetenceRecordAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "title", "issuer", "obtained_on"]
    list_filter = ["kind"]
    search_fields = ["person__username", "person__full_name", "title"]
    exclude = ["document"]
