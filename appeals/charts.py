"""Dashboard chart of appeals for staff: open appeals by how close their resolution deadline is
(14 working days, 9.9.6), in one aggregate query."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from appeals import permissions
from appeals.models import Appeal
from skema_lsp.charts import Chart, Series
from skema_lsp.workdays import add_working_days


def charts(user) -> list[Chart]:
    if not permissions.is_staff(user):
        return []
    today = timezone.localdate()
    two, five = add_working_days(today, 2), add_working_days(today, 5)
    counts = Appeal.objects.filter(status__in=Appeal.OPEN_STATUSES).aggregate(
        late=Count("pk", filter=Q(due_on__lt=today)),
        two=Count("pk", filter=Q(due_on__gte=today, due_on__lte=two)),
        five=Count("pk", filter=Q(due_on__gt=two, due_on__lte=five)),
        later=Count("pk", filter=Q(due_on__gt=five)),
    )
    labels = {"late": "Melewati batas", "two": "≤ 2 hari kerja lagi", "five": "3–5 hari kerja lagi",
              "later": "> 5 hari kerja lagi"}
    return [Chart(
        "banding-batas-waktu", "Banding terbuka menurut batas waktu", list(labels.values()),
        [Series("Banding", [counts[k] for k in labels], "s2")],
        caption="Keputusan banding paling lambat 14 hari kerja setelah diterima (9.9.6).",
        unit="banding", empty_text="Tidak ada banding terbuka.",
        links=[("Daftar banding", reverse("appeals:staff_list")),
               ("Yang terlambat", reverse("appeals:staff_list") + "?terlambat=1")],
    )]
