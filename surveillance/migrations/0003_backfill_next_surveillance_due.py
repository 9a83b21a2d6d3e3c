"""Fill the certificates' stored next surveillance due date (surveillance.services.refresh_next_due)
in one statement. Period n is due on issue + n × interval months counted from the issue date;
PostgreSQL's date + interval clamps to the month's last day as dateutil's relativedelta does, so the
result is the one schedule.next_due gives. None when no period is left within the validity."""

from dateutil.relativedelta import relativedelta
from django.db import migrations
from django.db.models import Count, Q

FILL = """
UPDATE decisions_certificate AS c
SET next_surveillance_due = due.d
FROM (
    SELECT c2.id,
           CASE WHEN s.surveillance_interval_months > 0 AND nxt.d <= c2.valid_until THEN nxt.d END AS d
    FROM decisions_certificate c2
    JOIN schemes_scheme s ON s.id = c2.scheme_id
    CROSS JOIN LATERAL (
        SELECT (c2.issued_on + make_interval(months => (s.surveillance_interval_months * (count(*) + 1))::int))::date
               AS d
        FROM surveillance_surveillance v
        WHERE v.certificate_id = c2.id AND v.status IN ('diajukan', 'ditinjau')
    ) AS nxt
) AS due
WHERE due.id = c.id AND c.next_surveillance_due IS DISTINCT FROM due.d
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)
        return
    # The SQLite demo: the same rule row by row.
    Certificate = apps.get_model("decisions", "Certificate")
    done = Count("surveillances", filter=Q(surveillances__status__in=("diajukan", "ditinjau")))
    for certificate in Certificate.objects.select_related("scheme").annotate(done=done):
        months = certificate.scheme.surveillance_interval_months
        due = certificate.issued_on + relativedelta(months=months * (certificate.done + 1)) if months else None
        Certificate.objects.filter(pk=certificate.pk).update(
            next_surveillance_due=due if due and due <= certificate.valid_until else None)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0012_certificate_next_surveillance_due"),
        ("surveillance", "0002_list_indexes"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
