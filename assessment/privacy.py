"""What assessment holds about a candidate (UU PDP export): each assessment round, the agreed plan
(FR.AK.01), the APL-02 review, the evidence collected about them with its VATM judgement, the
recommendation and their feedback. Question banks and answer keys are not theirs and stay out."""

from assessment.models import Assessment, EvidenceItem
from skema_lsp.privacy import fields


def export(user) -> dict:
    rounds = Assessment.objects.filter(application__applicant=user).select_related(
        "application", "assessor", "session", "plan", "pre_assessment", "feedback").order_by("pk")
    rows = []
    for assessment in rounds:
        row = fields(assessment, exclude=("excluded_assessor",))
        for relation, key in (("plan", "rencana_fr_ak_01"), ("pre_assessment", "kaji_apl_02"),
                              ("feedback", "umpan_balik_fr_ak_03")):
            related = getattr(assessment, relation, None)  # reverse one-to-one: None when missing
            row[key] = fields(related) if related else None
        row["bukti"] = [fields(item) for item in assessment.evidence.select_related("criterion")]
        rows.append(row)
    return {"asesmen": rows}


def files(user) -> list[tuple[str, object]]:
    items = EvidenceItem.objects.filter(assessment__application__applicant=user).exclude(file="").order_by("pk")
    return [(f"{item.assessment_id}/bukti-{item.pk}{_suffix(item.file.name)}", item.file) for item in items]


def _suffix(name: str) -> str:
    return name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""
