"""The applicant's path from APL-01 to certificate and appeal, step by step, on the status page.

Registration knows its own steps; each later stage adds its steps through PROVIDERS from its
AppConfig.ready() (assessment: the test; decisions: decision and certificate; appeals: the appeal
window), so registration never imports a later stage."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from registration.models import Application, Payment


@dataclass(frozen=True)
class Step:
    title: str
    state: str  # "selesai", "sekarang" (the applicant's or the LSP's turn), "nanti", "berhenti"
    text: str = ""
    link: str = ""
    link_label: str = ""

    @property
    def done(self) -> bool:
        return self.state == "selesai"


VERIFICATION = "Verifikasi berkas oleh LSP"
# Later stages append callables (application) -> list[Step], in lifecycle order.
PROVIDERS: list[Callable[[Application], list[Step]]] = []


def register(provider: Callable[[Application], list[Step]]) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def steps_for(application: Application) -> list[Step]:
    steps = _registration_steps(application)
    if application.status == Application.Status.ACCEPTED:
        for provider in PROVIDERS:
            steps.extend(provider(application))
    return steps


def current_step(steps: list[Step]) -> Step | None:
    return next((step for step in steps if step.state in ("sekarang", "berhenti")), None)


def _registration_steps(application: Application) -> list[Step]:
    from skema_lsp.templatetags.formatting import tanggal

    S = Application.Status
    status = application.status
    if status in (S.DRAFT, S.RETURNED):
        filling = Step("Isi dan ajukan permohonan", "sekarang",
                       "Dikembalikan untuk perbaikan: ganti dokumen yang ditandai." if status == S.RETURNED else
                       "Lengkapi APL-01, dokumen, dan APL-02, lalu ajukan.",
                       reverse("registration:step", args=[application.pk, "data-pribadi"])
                       if status == S.DRAFT else "", "Lanjutkan pengisian" if status == S.DRAFT else "")
        return [filling, Step(VERIFICATION, "nanti"), Step("Pembayaran biaya sertifikasi", "nanti")]
    steps = [Step("Permohonan diajukan", "selesai", tanggal(application.submitted_at))]
    if status == S.SUBMITTED:
        steps.append(Step(VERIFICATION, "sekarang", "Staf LSP memeriksa dokumen dan persyaratan dasar."))
    elif status == S.REJECTED:
        return [*steps, Step(VERIFICATION, "berhenti", f"Permohonan ditolak: {application.decision_note}")]
    else:
        steps.append(Step("Diterima sebagai peserta", "selesai", tanggal(application.decided_at)))
    payment = Payment.objects.filter(application=application).first()
    if payment is None:
        steps.append(Step("Pembayaran biaya sertifikasi", "nanti"))
    elif payment.is_settled:
        steps.append(Step("Pembayaran biaya sertifikasi", "selesai", f"Lunas ({payment.invoice_number})."))
    else:
        text = f"{payment.get_status_display()}."
        if payment.status in (Payment.Status.UNPAID, Payment.Status.REJECTED) and payment.due_on:
            text = f"{text} Bayar paling lambat {tanggal(payment.due_on)}."
        steps.append(Step("Pembayaran biaya sertifikasi", "sekarang", text,
                          reverse("registration:detail", args=[application.pk]) + "#pembayaran", "Cara membayar"))
    return steps


def applicant_next_step(user):
    """For accounts.next_step: an applicant without an application starts one; otherwise the current
    step of their latest open application (or its status page)."""
    from accounts.next_step import NextStep
    from accounts.roles import Role

    if not user.has_role(Role.PEMOHON):
        return None
    application = Application.objects.filter(applicant=user).exclude(status=Application.Status.REJECTED).select_related(
        "scheme").order_by("-pk").first()
    if application is None:
        return NextStep("Profil siap. Ajukan permohonan sertifikasi: isi APL-01 dan APL-02, lalu unggah dokumen.",
                        reverse("registration:my_applications"), "Ajukan permohonan sertifikasi")
    status_page = reverse("registration:detail", args=[application.pk])
    step = current_step(steps_for(application))
    if step is None:
        return NextStep(f"Permohonan {application.reference} ({application.scheme.name}) sudah tuntas.",
                        status_page, "Lihat status permohonan")
    return NextStep(f"{application.reference}: {step.title}. {step.text}".strip(), step.link or status_page,
                    step.link_label or "Lihat status permohonan")
