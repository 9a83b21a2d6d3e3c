"""The certificate's stored next surveillance due date follows the surveillance lifecycle in the
same transaction, and the overdue filter and dashboard figures read it."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from decisions.models import Certificate
from surveillance import charts, queries, schedule, services
from surveillance.models import Surveillance
from surveillance.tests.factories import make_certificate, make_surveillance
from surveillance.tests.test_services import review_input, upload

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def stored(certificate) -> date | None:
    return Certificate.objects.values_list("next_surveillance_due", flat=True).get(pk=certificate.pk)


def overdue_numbers(today=TODAY) -> set[str]:
    return set(queries.holders_register(queries.RegisterFilter(overdue=True), today).values_list("number", flat=True))


def complete(surveillance, holder):
    services.add_logbook_entry(surveillance=surveillance, by=holder, date=date(2026, 3, 2), activity="Menyusun RKPD",
                               role="Ketua tim", output="Dokumen RKPD", upload=upload("rkpd.pdf"))
    services.save_confirmation(surveillance=surveillance, kind="atasan", by=holder, name="Budi Santoso",
                               position="Kepala Bappeda", contact="022-123", upload=upload())


def test_next_due_through_the_lifecycle(holder, scheme, staff):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 10, 31))
    first, second = schedule.due_dates(certificate)[:2]
    assert (first, second) == (date(2026, 10, 31), date(2027, 10, 31))
    assert stored(certificate) == first  # set on issue
    assert certificate.number in overdue_numbers() and queries.overdue_count(TODAY) == 1

    surveillance = services.start_surveillance(certificate=certificate, by=holder, today=TODAY)  # opened
    assert stored(certificate) == first and queries.overdue_count(TODAY) == 1
    complete(surveillance, holder)
    services.submit_surveillance(surveillance=surveillance, by=holder)
    assert stored(certificate) == second
    assert certificate.number not in overdue_numbers() and queries.overdue_count(TODAY) == 0

    services.return_surveillance(surveillance=surveillance, by=staff, note="Surat belum ditandatangani.")
    assert stored(certificate) == first and certificate.number in overdue_numbers()

    services.submit_surveillance(surveillance=surveillance, by=holder)
    services.review_surveillance(surveillance=surveillance, by=staff, data=review_input())
    assert stored(certificate) == second and queries.overdue_count(TODAY) == 0
    assert certificate.number in overdue_numbers(today=date(2027, 11, 1))  # the next period, once past due

    # the register row shows the same date as the filter uses
    row = queries.register_row(queries.holders_register(queries.RegisterFilter()).get(pk=certificate.pk), TODAY)
    assert row.next_due == second and not row.overdue


def test_no_period_left_and_rows_written_directly(holder, scheme):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2023, 1, 10))
    dates = schedule.due_dates(certificate)
    for period in range(1, len(dates) + 1):
        make_surveillance(certificate, period=period, status=Surveillance.Status.DITINJAU)
    assert stored(certificate) is None and certificate.number not in overdue_numbers()
    Surveillance.objects.filter(certificate=certificate, period=len(dates)).delete()
    assert stored(certificate) == dates[-1]


def test_only_certificates_in_force_are_overdue(holder, scheme):
    suspended = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 1, 5), status="dibekukan")
    expired = make_certificate(holder=holder, scheme=scheme, issued_on=date(2022, 1, 5),
                               valid_until=date(2025, 1, 4))
    assert stored(suspended) == date(2026, 1, 5)
    assert overdue_numbers() == set() and expired.number not in overdue_numbers()


def test_due_soon_figure(holder, scheme):
    soon = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 10))
    make_certificate(holder=holder, scheme=scheme, issued_on=date(2026, 2, 10))  # due in February 2027
    assert charts.due_soon_count(TODAY) == 1
    make_surveillance(soon, status=Surveillance.Status.DIAJUKAN)
    assert charts.due_soon_count(TODAY) == 0


def test_backfill_matches_the_rule(holder, scheme):
    """The migration's SQL gives what refresh_next_due (schedule.next_due) gives, month ends included."""
    import importlib

    fill = importlib.import_module("surveillance.migrations.0003_backfill_next_surveillance_due").FILL
    certificates = [make_certificate(holder=holder, scheme=scheme, issued_on=day)
                    for day in (date(2024, 2, 29), date(2025, 1, 31), date(2023, 3, 31), date(2021, 6, 30))]
    make_surveillance(certificates[0], status=Surveillance.Status.DITINJAU)
    make_surveillance(certificates[1], status=Surveillance.Status.BELUM_DIAJUKAN)
    expected = {c.pk: stored(c) for c in certificates}
    assert expected[certificates[0].pk] == date(2026, 2, 28)  # 29 February + 24 months, clamped
    assert expected[certificates[1].pk] == date(2026, 1, 31)
    Certificate.objects.update(next_surveillance_due=timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(fill)
    assert {c.pk: stored(c) for c in certificates} == expected
