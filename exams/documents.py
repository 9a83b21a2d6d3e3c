"""Printable instruments (WeasyPrint through skema_lsp.pdf): FR.IA.01 and FR.IA.05."""

from django.utils import timezone

from assessment.documents import related
from exams import services
from exams.models import Attempt, ObservationChecklist
from skema_lsp.pdf import render_pdf


def observation_pdf(checklist: ObservationChecklist) -> bytes:
    assessment = checklist.assessment
    return render_pdf("exams/pdf/fr_ia_01.html", {
        "checklist": checklist, "assessment": assessment, "rows": checklist.rows.select_related("criterion__element"),
        "identity": related(assessment, "identity_check"), "printed_at": timezone.now(),
    })


def cbt_pdf(attempt: Attempt) -> bytes:
    assessment = attempt.assessment
    return render_pdf("exams/pdf/fr_ia_05.html", {
        "attempt": attempt, "assessment": assessment, "results": services.results_by_criterion(attempt),
        "items": attempt.items.select_related("question__criterion__element").order_by("order"),
        "identity": related(assessment, "identity_check"), "printed_at": timezone.now(),
    })
