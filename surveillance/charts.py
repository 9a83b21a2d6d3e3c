"""Dashboard chart of surveillance (9.6.2) for staff: what is overdue, due within 30 days and
waiting for review, from the holders register's own rules; a fixed handful of queries."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from decisions.models import Certificate
from schemes.models import Scheme
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
    """Certificates in force with a period due after today and within SOON_DAYS, not yet submitted.
    Period n is due on issue + n × interval months, so for each (interval, n) the certificates due
    soon are those issued in a window of dates: a CASE over a fixed handful of windows."""
    until = today + timedelta(days=SOON_DAYS)
    whens = []
    for interval, years in Scheme.objects.values_list("surveillance_interval_months", "validity_years").distinct():
        if not interval:
            continue
        for period in range(1, (years * 12) // interval + 1):
            shift = relativedelta(months=interval * period)
            whens.append(When(Q(scheme__surveillance_interval_months=interval,
                                issued_on__gt=today - shift, issued_on__lte=until - shift), then=Value(period)))
    if not whens:
        return 0
    submitted = Surveillance.objects.filter(certificate=OuterRef("pk"), period=OuterRef("period_due"),
                                            status__in=queries.SUBMITTED)
    return (
        Certificate.objects.filter(queries.status_q("berlaku", today))
        .alias(period_due=Case(*whens, default=Value(0), output_field=IntegerField()))
        .filter(period_due__gte=1).filter(~Exists(submitted)).count()
    )
