"""Staff lists that staff live in (issue 19): search and filters kept in the URL, sort by a column
(?urut=), and the same filtered, sorted list as CSV or XLSX (?ekspor=) to hand on."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals.models import Appeal
from decisions.models import Certificate
from registration.models import Application

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def staff(client, demo):
    client.force_login(demo.user("staf"))
    return client


def test_certificates_filtered_by_status_and_sorted_by_number(staff, demo):
    url = reverse("decisions:certificates")
    revoked = staff.get(url, {"status": "dicabut"}).context["page"]
    assert [c.status for c in revoked] and all(c.status == "dicabut" for c in revoked)
    ascending = [c.number for c in staff.get(url, {"urut": "nomor"}).context["page"]]
    descending = [c.number for c in staff.get(url, {"urut": "-nomor"}).context["page"]]
    assert ascending == sorted(ascending) and descending == ascending[::-1]
    html = staff.get(url, {"urut": "nomor", "status": "berlaku"}).content.decode()
    assert 'aria-sort="ascending"' in html and "urut=-nomor" in html and "status=berlaku" in html


def test_certificate_export_is_the_list_as_shown(staff, demo):
    url = reverse("decisions:certificates")
    shown = [c.number for c in staff.get(url, {"urut": "nomor"}).context["page"]]
    rows = _csv(staff.get(url, {"urut": "nomor", "ekspor": "csv"}))
    assert rows[0][0] == "Nomor sertifikat" and [r[0] for r in rows[1:]] == shown
    sheet = _xlsx(staff.get(url, {"urut": "nomor", "ekspor": "xlsx", "status": "dicabut"}))
    assert [r[0] for r in sheet[1:]] == list(Certificate.objects.filter(status="dicabut").order_by("number")
                                                .values_list("number", flat=True))
    assert {r[5] for r in sheet[1:]} == {"Dicabut"} and all(r[3] for r in sheet[1:])


def test_unknown_sort_and_bad_filter_do_not_break_the_list(staff, demo):
    response = staff.get(reverse("decisions:certificates"), {"urut": "password", "year": "abc"})
    assert response.status_code == 200 and "Filter tahun terbit tidak valid" in response.content.decode()


def test_appeals_list_filters_sorts_and_exports(staff, demo):
    url = reverse("appeals:staff_list")
    by_due = [a.due_on for a in staff.get(url, {"urut": "batas"}).context["page"]]
    assert by_due == sorted(by_due) and by_due
    status = Appeal.objects.order_by("pk").first().status
    filtered = staff.get(url, {"status": status}).context["page"]
    assert {a.status for a in filtered} == {status}
    overdue = staff.get(url, {"terlambat": "1"}).context["page"]
    assert all(a.due_on < timezone.localdate() and a.is_open for a in overdue)
    rows = _csv(staff.get(url, {"status": status, "ekspor": "csv"}))
    assert [r[0] for r in rows[1:]] == [a.reference for a in filtered]


def test_verification_queue_sorts_and_exports_without_nik(staff, demo):
    url = reverse("registration:staff_queue")
    names = [a.full_name for a in staff.get(url, {"urut": "pemohon"}).context["page"]]
    assert names == sorted(names)
    rows = _csv(staff.get(url, {"urut": "pemohon", "ekspor": "csv"}))
    assert "NIK" not in rows[0] and [r[1] for r in rows[1:]][:len(names)] == [
        n or a.applicant.display_name for n, a in zip(names, staff.get(url, {"urut": "pemohon"}).context["page"],
                                                       strict=True)]
    niks = [n for n in Application.objects.exclude(nik="").values_list("nik", flat=True)]
    assert not any(nik in ",".join(",".join(r) for r in rows) for nik in niks)


def test_exports_are_staff_only(client, demo):
    client.force_login(demo.user("pemohon1"))
    assert client.get(reverse("decisions:certificates"), {"ekspor": "csv"}).status_code == 403
    assert client.get(reverse("appeals:staff_list"), {"ekspor": "xlsx"}).status_code == 403


def test_csv_cells_cannot_start_a_formula(staff, demo):
    certificate = Certificate.objects.order_by("pk").first()
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="=HYPERLINK(\"http://x\")")
    rows = _csv(staff.get(reverse("decisions:certificates"), {"q": certificate.number, "ekspor": "csv"}))
    assert rows[1][1].startswith("'=")


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def test_certificate_list_and_export_query_counts_stay_flat(client, db):
    from surveillance.tests.factories import make_certificate

    client.force_login(make_user(Role.STAF))
    url = reverse("decisions:certificates")
    make_certificate(issued_on=date.today() - timedelta(days=30))
    one = [_count(client, url, {"urut": "pemegang"}), _count(client, url, {"ekspor": "xlsx"})]
    for i in range(8):
        make_certificate(issued_on=date.today() - timedelta(days=40 + i))
    assert [_count(client, url, {"urut": "pemegang"}), _count(client, url, {"ekspor": "xlsx"})] == one
