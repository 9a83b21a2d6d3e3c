"""Printable instruments (WeasyPrint through skema_lsp.pdf): the per-KUK sheets (FR.IA.01, FR.IA.03,
FR.IA.11, one template), FR.IA.05/06 and FR.IA.07."""

from django.utils import timezone

from assessment.documents import related
from assessment.models import Assessment
from exams import services
from exams.models import Attempt, InstrumentSheet, OralRecord
from schemes.models import CompetencyUnit
from skema_lsp.pdf import render_pdf

TITLES = {
    "FR.IA.01": "CEKLIS OBSERVASI AKTIVITAS DI TEMPAT KERJA ATAU TEMPAT KERJA SIMULASI",
    "FR.IA.03": "PERTANYAAN UNTUK MENDUKUNG OBSERVASI",
    "FR.IA.11": "CEKLIS MENINJAU PORTOFOLIO",
}


def sheet_pdf(sheet: InstrumentSheet) -> bytes:
    assessment = sheet.assessment
    return render_pdf("exams/pdf/sheet.html", {
        "sheet": sheet, "assessment": assessment, "title": TITLES[sheet.instrument],
        "rows": sheet.rows.select_related("criterion__element", "portfolio_file__required_document"),
        "identity": related(assessment, "identity_check"), "printed_at": timezone.now(),
    })


def oral_pdf(assessment: Assessment, unit: CompetencyUnit, judged: list) -> bytes:
    """FR.IA.07: `judged` is [(question, judgement)] of the unit, every question judged."""
    return render_pdf("exams/pdf/fr_ia_07.html", {
        "assessment": assessment, "unit": unit, "judged": judged,
        "assessor": judged[0][1].judged_by if judged else None,
        "identity": related(assessment, "identity_check"), "printed_at": timezone.now(),
    })


def oral_record_pdf(record: OralRecord) -> bytes:
    """FR.IA.07 of the record's unit, from the judged answers as they stand when it is issued."""
    judged = [(j.question, j) for j in services.oral_judgements(record.assessment, record.unit)]
    return oral_pdf(record.assessment, record.unit, judged)


def cbt_pdf(attempt: Attempt) -> bytes:
    assessment = attempt.assessment
    return render_pdf("exams/pdf/fr_ia_05.html", {
        "attempt": attempt, "assessment": assessment, "results": services.results_by_criterion(attempt),
        "items": attempt.items.select_related("question__criterion__element").order_by("order"),
        "identity": related(assessment, "identity_check"), "printed_at": timezone.now(),
    })
