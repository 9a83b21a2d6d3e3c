"""The assessment stage's documents, for whoever the calling view has already allowed: the test
record sheet (units → elements → KUK with their evidence and VATM result), FR.AK.02 and FR.AK.05.
A later stage (the decision meeting) shows them to its members through these functions."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.utils import timezone

from assessment import services
from assessment.models import Assessment, Method
from schemes.models import CompetencyUnit, Element


def related(assessment: Assessment, relation: str):
    """A one-to-one row of the assessment (plan, pre_assessment, feedback), or None."""
    try:
        return getattr(assessment, relation)
    except ObjectDoesNotExist:
        return None


def record_sheet(assessment: Assessment) -> dict:
    """Units → elements → KUK with their evidence and the computed VATM result, in a fixed number of queries."""
    outcome = services.evaluate(assessment)
    evidence: dict[int, list] = {}
    for item in assessment.evidence.all():
        evidence.setdefault(item.criterion_id, []).append(item)
    units = CompetencyUnit.objects.filter(scheme_id=assessment.application.scheme_id).prefetch_related(
        Prefetch("elements", queryset=Element.objects.prefetch_related("criteria"))
    )
    rows = []
    for unit in units:
        elements = []
        for element in unit.elements.all():
            criteria = [(c, evidence.get(c.pk, []), outcome.criteria.get(c.pk, False)) for c in element.criteria.all()]
            elements.append((element, criteria))
        # A unit without any evidence yet is "belum dinilai", not Belum Kompeten.
        assessed = any(items for _, criteria in elements for _, items, _ in criteria)
        rows.append({"unit": unit, "elements": elements, "competent": outcome.units.get(unit.pk, False),
                     "assessed": assessed})
    return {"units": rows, "outcome": outcome, "unassessed": sum(not row["assessed"] for row in rows)}


def _pdf_context(assessment: Assessment) -> dict:
    return {
        "assessment": assessment, "sheet": record_sheet(assessment), "lsp_name": settings.LSP_NAME,
        "plan": related(assessment, "plan"), "review": related(assessment, "pre_assessment"),
        "feedback": related(assessment, "feedback"),
        "answers": assessment.answers.select_related("question", "question__unit"),
        "methods": dict(Method.choices), "printed_at": timezone.now(),
    }


def record_pdf(assessment: Assessment) -> bytes:
    """FR.AK.02: the record of the competency test and the recommendation (9.3.5)."""
    from skema_lsp.pdf import render_pdf

    return render_pdf("assessment/pdf/fr_ak_02.html", _pdf_context(assessment))


def report_pdf(assessment: Assessment) -> bytes:
    """FR.AK.05: the assessor's report to the LSP (9.3.5)."""
    from skema_lsp.pdf import render_pdf

    return render_pdf("assessment/pdf/fr_ak_05.html", _pdf_context(assessment))


def plan_pdf(assessment: Assessment) -> bytes:
    """FR.AK.01: the agreed plan and consent, with both signatures (9.2.4)."""
    from skema_lsp.pdf import render_pdf

    return render_pdf("assessment/pdf/fr_ak_01.html", _pdf_context(assessment))


def feedback_pdf(assessment: Assessment) -> bytes:
    """FR.AK.03: the candidate's feedback on the assessment."""
    from assessment.models import Feedback
    from skema_lsp.pdf import render_pdf

    answers = assessment.feedback.answers
    rows = [(text, answers.get(key)) for key, text in Feedback.QUESTIONS]
    return render_pdf("assessment/pdf/fr_ak_03.html", {**_pdf_context(assessment), "rows": rows})
