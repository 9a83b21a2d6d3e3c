"""Dashboard chart of complaints for staff: open complaints by how close their resolution deadline is
(COMPLAINT_WORKING_DAYS working days after receipt), in one aggregate query."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from complaints import permissions
from complaints.models import Complaint
from skema_lsp.charts import Chart, Series
from skema_lsp.workdays import add_working_days

LABELS = {"late": "Melewati batas", "two": "≤ 2 hari kerja lagi", "five": "3–5 hari kerja lagi",
          "later": "> 5 hari kerja lagi"}


def charts(user) -> list[Chart]:
    if not permissions.is_staff(user):
        return []
    today = timezone.localdate()
    two, five = add_working_days(today, 2), add_working_days(today, 5)
    counts = Complaint.objects.filter(status__in=Complaint.OPEN_STATUSES).aggregate(
        late=Count("pk", filter=Q(due_on__lt=today)),
        two=Count("pk", filter=Q(due_on__gte=today, due_on__lte=two)),
        five=Count("pk", filter=Q(due_on__gt=two, due_on__lte=five)),
        later=Count("pk", filter=Q(due_on__gt=five)),
    )
    listing = reverse("complaints:staff_list")
    return [Chart(
        "pengaduan-batas-waktu", "Pengaduan terbuka menurut batas waktu", list(LABELS.values()),
        [Series("Pengaduan", [counts[k] for k in LABELS], "s3")],
        caption="Pengaduan diselesaikan dalam batas hari kerja sejak diterima.",
        unit="pengaduan", empty_text="Tidak ada pengaduan terbuka.",
        links=[("Daftar pengaduan", listing + "?urut=batas"), ("Yang terlambat", listing + "?terlambat=on")],
    )]
