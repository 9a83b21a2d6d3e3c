"""Dashboard panels of the decision stage."""

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from skema_lsp.charts import cached_figure


def panels(user) -> list[tuple[str, dict]]:
    from decisions.models import Certificate, DecisionLetter, TechnicalMeeting, Violation
    from decisions.queries import candidates_available

    result = []
    if user.is_staf:
        today = timezone.localdate()
        result.append(("_panel.html", {
            "title": "Keputusan dan sertifikat",
            "text": "Rapat tim teknis, Berita Acara, SK, sertifikat, pembekuan dan pencabutan.",
            "stats": [
                ("asesi menunggu rapat", candidates_available().count()),
                ("rapat terbuka", TechnicalMeeting.objects.filter(status="terbuka").count()),
                ("SK menunggu persetujuan", DecisionLetter.objects.filter(status="draf").count()),
                ("sertifikat berlaku",
                 cached_figure("certificates-in-force", today, lambda: Certificate.objects.valid_on(today).count())),
            ],
            "links": [("Rapat tim teknis", reverse("decisions:meetings")), ("SK", reverse("decisions:sk_list")),
                      ("Sertifikat", reverse("decisions:certificates")),
                      ("Kompetensi personel (9.4.3)", reverse("decisions:competence"))],
        }))
    if user.has_role(Role.TIM_TEKNIS):
        open_meetings = TechnicalMeeting.objects.filter(members=user, status="terbuka").count()
        result.append(("_panel.html", {
            "title": "Rapat tim teknis", "stats": [("rapat terbuka", open_meetings)],
            "text": "Putuskan hanya untuk asesi yang tidak Anda ases atau latih (9.4.2).",
            "links": [("Rapat saya", reverse("decisions:meetings"))],
        }))
    if user.has_role(Role.DIREKTUR):
        result.append(("_panel.html", {
            "title": "Persetujuan Direktur",
            "stats": [("SK menunggu", DecisionLetter.objects.filter(status="draf").count()),
                      ("usulan pencabutan", Violation.objects.filter(status="pencabutan_diusulkan").count()),
                      ("pembekuan lewat batas perbaikan", Certificate.objects.filter(
                          status="dibekukan", revocation_proposed_at__isnull=False).count())],
            "links": [("Persetujuan SK", reverse("decisions:sk_list")),
                      ("Usulan pencabutan (pembekuan)", reverse("decisions:certificates") + "?usulan=1")],
        }))
    if user.has_role(Role.PEMOHON):
        mine = Certificate.objects.filter(holder=user).count()
        if mine:
            result.append(("_panel.html", {
                "title": "Sertifikat saya", "stats": [("sertifikat", mine)],
                "links": [("Sertifikat saya", reverse("decisions:my_certificates"))],
            }))
    return result
