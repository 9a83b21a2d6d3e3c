"""Dashboard chart of appeals for staff: open appeals by how close their resolution deadline is
(14 working days, 9.9.6), in one aggregate query."""

from django.urls import reverse

from appeals import permissions
from appeals.models import Appeal
from skema_lsp.cases import DEADLINE_BANDS
from skema_lsp.charts import Chart, Series


def charts(user) -> list[Chart]:
    if not permissions.is_staff(user):
        return []
    counts = Appeal.objects.by_deadline()
    return [Chart(
        "banding-batas-waktu", "Banding terbuka menurut batas waktu", list(DEADLINE_BANDS.values()),
        [Series("Banding", [counts[k] for k in DEADLINE_BANDS], "s2")],
        caption="Keputusan banding paling lambat 14 hari kerja setelah diterima (9.9.6).",
        unit="banding", empty_text="Tidak ada banding terbuka.",
        links=[("Daftar banding", reverse("appeals:staff_list")),
               ("Yang terlambat", reverse("appeals:staff_list") + "?terlambat=1")],
    )]
