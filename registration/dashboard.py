from django.db.models import Count
from django.urls import reverse

from accounts.roles import Role
from registration.models import Application, Payment


def panels(user) -> list[tuple[str, dict]]:
    result = []
    if user.has_role(Role.PEMOHON):
        counts = dict(Application.objects.filter(applicant=user).values_list("status").annotate(n=Count("pk")))
        result.append(("_panel.html", {
            "title": "Permohonan sertifikasi",
            "text": "Isi APL-01 dan APL-02, unggah dokumen, dan pantau status permohonan Anda.",
            "stats": [(label, counts.get(value, 0)) for value, label in Application.Status.choices
                      if counts.get(value)],
            "links": [("Permohonan saya", reverse("registration:my_applications"))],
        }))
    if user.is_staf:
        waiting = Application.objects.filter(status=Application.Status.SUBMITTED).count()
        proofs = Payment.objects.filter(status=Payment.Status.PROOF_UPLOADED).count()
        result.append(("_panel.html", {
            "title": "Verifikasi pendaftaran",
            "text": "Periksa dokumen dan persyaratan dasar (9.1.5), lalu terima, kembalikan, atau tolak.",
            "stats": [("Menunggu verifikasi", waiting), ("Bukti bayar menunggu konfirmasi", proofs)],
            "links": [("Antrean verifikasi", reverse("registration:staff_queue") + "?status=submitted")],
        }))
    return result
