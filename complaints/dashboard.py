"""The complaints stage's dashboard panels: staff see what waits for a handler and what is overdue;
a handler what they handle; a complainant with an account their complaints."""

from django.urls import reverse
from django.utils import timezone

from complaints import permissions, queries
from complaints.models import Complaint

PANEL = "_panel.html"


def panels(user) -> list[tuple[str, dict]]:
    result = []
    if permissions.is_staff(user):
        result.append(_staff_panel())
    handled = Complaint.objects.filter(handler=user, status=Complaint.Status.IN_PROGRESS).count()
    if handled:
        result.append((PANEL, {
            "title": "Pengaduan yang saya tangani",
            "text": "Selesaikan sebelum batas waktu; hasilnya dikirim kepada pengadu.",
            "stats": [("Sedang ditangani", handled)],
            "links": [("Buka daftar", reverse("complaints:handling_list"))],
        }))
    if Complaint.objects.filter(complainant=user).exists():
        result.append((PANEL, {
            "title": "Pengaduan saya",
            "text": "Status pengaduan Anda dan hasil penanganannya.",
            "links": [("Lihat pengaduan", reverse("complaints:my_complaints"))],
        }))
    return result


def _staff_panel() -> tuple[str, dict]:
    today = timezone.localdate()
    return (PANEL, {
        "title": "Pengaduan",
        "text": "Pengaduan dari pemegang sertifikat, asesi, pemberi kerja dan masyarakat (9.9).",
        "stats": [
            ("Menunggu penangan", Complaint.objects.filter(status=Complaint.Status.RECEIVED).count()),
            ("Ditangani", Complaint.objects.filter(status=Complaint.Status.IN_PROGRESS).count()),
            ("Melewati batas waktu", queries.overdue(today).count()),
        ],
        "links": [("Daftar pengaduan", reverse("complaints:staff_list")),
                  ("Yang terlambat", reverse("complaints:staff_list") + "?terlambat=on")],
    })
