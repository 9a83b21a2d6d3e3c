"""Dashboard chart of surveillance (9.6.2) for staff: what is overdue, due within 30 days and
waiting for review, from the holders register's own rules; a fixed handful of queries."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from decisions.models import Certificate
from skema_lsp.charts import Chart, Series, cached_figure
from surveillance import queries
from surveillance.models import Surveillance

SOON_DAYS = 30


def charts(user) -> list[Chart]:
    if not user.is_staf:
        return []
    today = timezone.localdate()
    labels = ["Terlambat", f"Jatuh tempo ≤ {SOON_DAYS} hari", "Diajukan, menunggu tinjauan"]
    values = [cached_figure("surveillance-overdue", today, lambda: queries.overdue_count(today)),
              cached_figure("surveillance-due-soon", today, lambda: due_soon_count(today)),
              Surveillance.objects.filter(status=Surveillance.Status.DIAJUKAN).count()]
    return [Chart(
        "surveilan", "Surveilan jatuh tempo dan terlambat", labels,
        [Series("Surveilan", values, "s3")], unit="surveilan", empty_text="Tidak ada surveilan yang menunggu.",
        caption="Sertifikat berlaku dengan periode surveilan yang belum diajukan.",
        links=[("Terlambat", reverse("surveillance:holders") + "?overdue=on"),
               ("Tinjau surveilan", reverse("surveillance:review_queue"))],
    )]


def due_soon_count(today: date) -> int:
    """Certificates in force whose first period not yet submitted falls due after today and within
    SOON_DAYS: a range on the stored due date (surveillance.services.refresh_next_due), on its index."""
    until = today + timedelta(days=SOON_DAYS)
    return Certificate.objects.filter(queries.status_q("berlaku", today), next_surveillance_due__gt=today,
                                      next_surveillance_due__lte=until).count()
