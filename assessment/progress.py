"""The assessment's step on the applicant's status page (registration.progress)."""

from django.urls import reverse

from assessment.models import Assessment
from assessment.queries import current_assessment
from registration.progress import Step
from skema_lsp.templatetags.formatting import tanggal

S = Assessment.Status
TITLE = "Asesmen kompetensi"


def steps(application) -> list[Step]:
    assessment = current_assessment(application)
    if assessment is None or assessment.status in (S.UNASSIGNED, S.PROPOSED, S.CANCELLED):
        return [Step(TITLE, "sekarang", "LSP sedang menetapkan asesor dan jadwal uji kompetensi Anda.")]
    detail = reverse("assessment:detail", args=[assessment.pk])
    plan = getattr(assessment, "plan", None) if assessment.status != S.ASSIGNED else None
    when = ""
    if plan is not None:
        when = f" Uji kompetensi: {tanggal(plan.date)} pukul {plan.time:%H.%M} WIB di {plan.tuk.name}."
    if assessment.status == S.ASSIGNED:
        return [Step(TITLE, "sekarang", f"Asesor {assessment.assessor.display_name} menyusun rencana asesmen.",
                     detail, "Lihat asesmen")]
    if assessment.status == S.PLAN_PROPOSED:
        return [Step(TITLE, "sekarang", "Rencana asesmen (FR.AK.01) menunggu persetujuan Anda." + when,
                     detail, "Periksa dan setujui rencana")]
    if assessment.status in (S.PLAN_AGREED, S.TESTING):
        return [Step(TITLE, "sekarang", "Rencana disetujui." + when, detail, "Lihat asesmen")]
    if assessment.status == S.NOT_CONTINUED:
        return [Step(TITLE, "berhenti", "Asesmen tidak dapat dilanjutkan (hasil kaji APL-02).", detail,
                     "Lihat alasannya")]
    done = f"Asesmen selesai; rekaman diserahkan ke LSP pada {tanggal(assessment.submitted_at)}."
    return [Step(TITLE, "selesai", done,
                 reverse("assessment:record_pdf", args=[assessment.pk]), "Rekaman asesmen (FR.AK.02)")]
