"""The appeal window on the applicant's status page (registration.progress)."""

from django.urls import reverse
from django.utils import timezone

from appeals import services
from appeals.models import Appeal
from assessment.models import Assessment
from assessment.queries import current_assessment
from decisions.queries import current_decision
from registration.progress import Step
from skema_lsp.templatetags.formatting import waktu


def steps(application) -> list[Step]:
    assessment = current_assessment(application)
    if assessment is None or assessment.status != Assessment.Status.SUBMITTED:
        return []
    decision = current_decision(assessment)
    if decision is None or decision.awaits_notice:
        return []
    appeal = Appeal.objects.filter(decision__assessment__application=application).order_by("-pk").first()
    if appeal is not None:
        state = "sekarang" if appeal.is_open else "selesai"
        return [Step("Banding", state, f"Banding {appeal.reference}: {appeal.get_status_display()}.",
                     reverse("appeals:my_appeals"), "Lihat banding")]
    closes = services.filing_closes_at(decision)
    if decision.corrects_id is None and services.window_is_open(decision, timezone.now()):
        return [Step("Banding (bila Anda berkeberatan)", "sekarang", f"Dapat diajukan sampai {waktu(closes)} WIB.",
                     reverse("appeals:file", args=[decision.pk]), "Ajukan banding")]
    return [Step("Banding", "selesai", f"Masa pengajuan banding berakhir {waktu(closes)} WIB.")]
