"""What assessment holds about a candidate, as their own pages show it (UU PDP export): each round
they are shown (not one whose proposed assessor has yet to declare freedom from conflict, nor a
cancelled one), the agreed plan (FR.AK.01), the APL-02 review, their feedback (FR.AK.03) and, once
the record is submitted, its result as FR.AK.02 gives it: method and V-A-T-M of each piece of
evidence per KUK, the recommendation, what was not met and the follow-up, the evidence files and the
issued FR.AK.02 itself (the stored file, stored now when its first download has not happened yet).
The FR.AK.05 report notes, the assessor's evidence notes, staff's reopen reasons and the question
bank are not shown to them and stay out."""

from assessment import services
from assessment.models import Assessment, EvidenceItem
from assessment.queries import candidate_rounds
from skema_lsp.privacy import fields

# Shown only once the record is submitted (an earlier submission's leftovers after a reopen are not).
RESULT_FIELDS = ("recommendation", "unmet_criteria", "follow_up", "submitted_at")
NOT_SHOWN = ("excluded_assessor", "assigned_by", "report_notes", "reopened_at", "reopen_reason")


def _submitted(user):
    return candidate_rounds(user).filter(status=Assessment.Status.SUBMITTED)


def export(user) -> dict:
    rounds = candidate_rounds(user).select_related("plan", "pre_assessment", "feedback").order_by("pk")
    rows = []
    for assessment in rounds:
        submitted = assessment.status == Assessment.Status.SUBMITTED
        row = fields(assessment, exclude=NOT_SHOWN + (() if submitted else RESULT_FIELDS))
        for relation, key in (("plan", "rencana_fr_ak_01"), ("pre_assessment", "kaji_apl_02"),
                              ("feedback", "umpan_balik_fr_ak_03")):
            related = getattr(assessment, relation, None)  # reverse one-to-one: None when missing
            row[key] = fields(related) if related else None
        row["bukti_fr_ak_02"] = [_evidence(item) for item in _items(assessment)] if submitted else []
        rows.append(row)
    return {"asesmen": rows}


def _items(assessment: Assessment):
    return assessment.evidence.select_related("criterion__element__unit")


def _evidence(item: EvidenceItem) -> dict:
    return {
        "id": item.pk, "unit": item.criterion.element.unit.code, "kuk": item.criterion.number,
        "metode": item.get_method_display(), "valid": item.valid, "asli": item.authentic, "terkini": item.current,
        "memadai": item.sufficient, "berkas": bool(item.file),
    }


def files(user) -> list[tuple[str, object]]:
    items = EvidenceItem.objects.filter(assessment__in=_submitted(user)).exclude(file="").order_by("pk")
    evidence = [(f"{item.assessment_id}/bukti-{item.pk}{_suffix(item.file.name)}", item.file) for item in items]
    return evidence + [(f"{assessment.pk}/fr-ak-02.pdf", _record_pdf(assessment))
                       for assessment in _submitted(user).order_by("pk")]


def _record_pdf(assessment: Assessment):
    if not assessment.record_pdf:
        services.issued_document(assessment, "record_pdf")
        assessment.refresh_from_db(fields=["record_pdf"])
    return assessment.record_pdf


def _suffix(name: str) -> str:
    return name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""


def audited(user) -> list:
    return [candidate_rounds(user)]
