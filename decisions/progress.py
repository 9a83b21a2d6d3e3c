"""The decision and the certificate on the applicant's status page (registration.progress)."""

from django.urls import reverse

from assessment.models import Assessment
from assessment.queries import current_assessment
from decisions.models import Certificate, Decision
from decisions.queries import current_decision
from registration.progress import Step
from registration.queries import is_fee_settled
from skema_lsp.templatetags.formatting import tanggal


def steps(application) -> list[Step]:
    assessment = current_assessment(application)
    submitted = assessment is not None and assessment.status == Assessment.Status.SUBMITTED
    decision = current_decision(assessment) if submitted else None
    if decision is None:
        waiting = Step("Keputusan tim teknis", "sekarang" if submitted else "nanti",
                       "Rekaman asesmen Anda menunggu rapat tim teknis." if submitted else "")
        return [waiting, Step("Sertifikat", "nanti")]
    if decision.awaits_notice:
        # Told formally only with the approved SK (9.4.5, 9.9.2): no result before then.
        return [Step("Keputusan tim teknis", "sekarang", "Tim teknis telah bersidang; keputusan disampaikan resmi "
                     "dengan Surat Keputusan yang disetujui Direktur."), Step("Sertifikat", "nanti")]
    result = f"{decision.get_result_display()} ({tanggal(decision.decided_at)})."
    steps = [Step("Keputusan tim teknis", "selesai", result)]
    if decision.result != Decision.Result.K:
        return steps
    certificate = decision.certificates.order_by("-pk").first()
    if certificate is None:
        text = ("Sertifikat diterbitkan setelah biaya sertifikasi lunas." if not is_fee_settled(application) else
                "Sertifikat diterbitkan setelah Surat Keputusan disetujui Direktur.")
        return [*steps, Step("Sertifikat", "sekarang", text)]
    text = (f"Nomor {certificate.number}, berlaku sampai {tanggal(certificate.valid_until)} "
            f"({certificate.effective_status_label()}).")
    if not certificate.pdf:
        return [*steps, Step("Sertifikat terbit", "selesai", f"{text} PDF sedang dibuat.")]
    if certificate.status == Certificate.Status.DICABUT:
        return [*steps, Step("Sertifikat terbit", "selesai", text)]
    download = reverse("decisions:certificate_download", args=[certificate.pk])
    return [*steps, Step("Sertifikat terbit", "selesai", text, download, "Unduh sertifikat (PDF)")]
