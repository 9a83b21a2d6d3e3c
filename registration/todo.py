"""What waits for the user in registration: applicants finish or fix their APL-01/APL-02 and pay;
staff verify submitted applications (9.1.5) and confirm payment proofs."""

from django.urls import reverse

from accounts.roles import Role
from registration.models import Application, Payment
from skema_lsp.todo import Action, action, collect

S = Application.Status


def actions(user) -> list[Action]:
    parts = []
    if user.has_role(Role.PEMOHON):
        own = Application.objects.filter(applicant=user).select_related("scheme").order_by("pk")
        parts += [
            action("Perbaiki permohonan yang dikembalikan", own.filter(status=S.RETURNED),
                   lambda a: (f"{a.reference} · {a.scheme.name}", reverse("registration:detail", args=[a.pk]))),
            action("Lengkapi dan ajukan draf permohonan", own.filter(status=S.DRAFT),
                   lambda a: (f"{a.reference} · {a.scheme.name}", reverse("registration:detail", args=[a.pk]))),
            action("Bayar biaya sertifikasi dan unggah buktinya",
                   Payment.objects.filter(application__applicant=user,
                                          status__in=[Payment.Status.UNPAID, Payment.Status.REJECTED])
                   .exclude(application__status__in=[S.REJECTED, S.DRAFT]).select_related("application")
                   .order_by("pk"),
                   lambda p: (f"{p.invoice_number} · {p.application.reference}",
                              reverse("registration:detail", args=[p.application_id]) + "#pembayaran")),
        ]
    if user.is_staf:
        queue = reverse("registration:staff_queue")
        parts += [
            action("Verifikasi permohonan (9.1.5)",
                   Application.objects.filter(status=S.SUBMITTED).order_by("submitted_at", "pk"),
                   lambda a: (f"{a.reference} · {a.full_name}", reverse("registration:review", args=[a.pk])),
                   queue + "?status=submitted"),
            action("Konfirmasi bukti pembayaran",
                   Payment.objects.filter(status=Payment.Status.PROOF_UPLOADED).select_related("application")
                   .order_by("pk"),
                   lambda p: (f"{p.invoice_number} · {p.application.full_name}",
                              reverse("registration:review", args=[p.application_id]) + "#pembayaran"),
                   queue),
        ]
    return collect(parts)
