"""Dashboard chart of complaints for staff: open complaints by how close their resolution deadline is
(COMPLAINT_WORKING_DAYS working days after receipt), in one aggregate query."""

from django.urls import reverse

from complaints import permissions
from complaints.models import Complaint
from skema_lsp.cases import DEADLINE_BANDS
from skema_lsp.charts import Chart, Series


def charts(user) -> list[Chart]:
    if not permissions.is_staff(user):
        return []
    counts = Complaint.objects.by_deadline()
    listing = reverse("complaints:staff_list")
    return [Chart(
        "pengaduan-batas-waktu", "Pengaduan terbuka menurut batas waktu", list(DEADLINE_BANDS.values()),
        [Series("Pengaduan", [counts[k] for k in DEADLINE_BANDS], "s3")],
        caption="Pengaduan diselesaikan dalam batas hari kerja sejak diterima.",
        unit="pengaduan", empty_text="Tidak ada pengaduan terbuka.",
        links=[("Daftar pengaduan", listing + "?urut=batas"), ("Yang terlambat", listing + "?terlambat=on")],
    )]
