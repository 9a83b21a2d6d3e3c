"""Dashboard panels: holders see what is due and the renewal window; staff see the backlog."""

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from skema_lsp.charts import cached_figure
from skema_lsp.templatetags.formatting import tanggal
from surveillance import queries, schedule
from surveillance.models import RecertificationRequest, Surveillance


def panels(user) -> list[tuple[str, dict]]:
    result = []
    if user.has_role(Role.PEMOHON):
        panel = holder_panel(user)
        if panel:
            result.append(("_panel.html", panel))
    if user.is_staf:
        result.append(("_panel.html", staff_panel()))
    return result


def holder_panel(user) -> dict | None:
    today = timezone.localdate()
    lines, due, overdue = [], 0, 0
    for certificate in queries.certificates_of(user):
        if certificate.effective_status(today) != certificate.Status.BERLAKU:
            continue
        rows = {row.period: row for row in certificate.surveillances.all()}
        for p in schedule.period_states(certificate, rows, today, active=True):
            if p.state == "terlambat":
                overdue += 1
                lines.append(
                    f"Surveilan {p.period} sertifikat {certificate.number} terlambat sejak {tanggal(p.due_date)}."
                )
            elif p.state == "terbuka":
                due += 1
                lines.append(f"Surveilan {p.period} sertifikat {certificate.number} jatuh tempo {tanggal(p.due_date)}.")
        window = schedule.recertification_window(certificate)
        if window.is_open(today):
            lines.append(
                f"Sertifikasi ulang {certificate.number} dapat diajukan sampai {tanggal(window.deadline)} "
                f"(berakhir {tanggal(certificate.valid_until)})."
            )
    if not lines and not user.certificates.exists():
        return None
    return {
        "title": "Surveilan dan sertifikasi ulang",
        "text": " ".join(lines) or "Tidak ada surveilan yang jatuh tempo saat ini.",
        "stats": [("jatuh tempo", due), ("terlambat", overdue)],
        "links": [("Lihat jadwal surveilan", reverse("surveillance:my_surveillance"))],
    }


def staff_panel() -> dict:
    today = timezone.localdate()
    waiting = Surveillance.objects.filter(status=Surveillance.Status.DIAJUKAN).count()
    flagged = RecertificationRequest.objects.filter(status=RecertificationRequest.Status.MENUNGGU_IZIN).count()
    return {
        "title": "Surveilan pemegang sertifikat",
        "text": "Surveilan terlambat, pengajuan yang menunggu tinjauan, dan sertifikasi ulang yang terlambat.",
        "stats": [
            ("surveilan terlambat", cached_figure("surveillance-overdue", today, lambda: queries.overdue_count(today))),
            ("menunggu tinjauan", waiting),
            ("sertifikasi ulang menunggu izin", flagged),
        ],
        "links": [
            ("Pemegang sertifikat", reverse("surveillance:holders")),
            ("Tinjau surveilan", reverse("surveillance:review_queue")),
            ("Sertifikasi ulang", reverse("surveillance:recertification_list")),
        ],
    }
