"""Views: who sees what (404 outside one's own, 403 for roles that may not act), uploads through the
registration validator, the holders register filters, exports and a flat query count."""

import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.tests.factories import make_user
from registration.samples import sample_pdf
from schemes.tests.factories import RECERTIFICATION, make_scheme
from skema_lsp.templatetags.formatting import tanggal
from surveillance.models import LogbookEntry, Surveillance
from surveillance.tests.factories import make_certificate, make_surveillance

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def due_certificate(holder, scheme):
    """Issued 11 months and 20 days ago: period 1 is due in about ten days, so open for submission."""
    return make_certificate(holder=holder, scheme=scheme, issued_on=today() - relativedelta(months=12) + timedelta(10))


@pytest.fixture
def surveillance(due_certificate):
    return make_surveillance(due_certificate, complete=True)


@pytest.mark.parametrize("who, expected", [("holder", 200), ("other", 404), ("asesor", 404), ("staff", 200)])
def test_a_holder_sees_only_their_own_surveillance(client, surveillance, holder, staff, who, expected):
    users = {"holder": holder, "staff": staff, "other": make_user(Role.PEMOHON), "asesor": make_user(Role.ASESOR)}
    client.force_login(users[who])
    entry = surveillance.confirmations.get()
    for url in [f"/surveilan/{surveillance.pk}/", f"/surveilan/{surveillance.pk}/berkas/konfirmasi/{entry.pk}/"]:
        assert client.get(url).status_code == expected
    response = client.post(f"/surveilan/{surveillance.pk}/ajukan/")
    assert response.status_code == {"holder": 302, "staff": 403}.get(who, 404)
    surveillance.refresh_from_db()
    assert surveillance.status == ("diajukan" if who == "holder" else "belum_diajukan")


@pytest.mark.parametrize("url", ["/surveilan/pemegang/", "/surveilan/pemegang/ekspor.csv", "/surveilan/tinjauan/",
                                 "/surveilan/sertifikasi-ulang/"])
def test_staff_pages_refuse_holders(client, holder, url):
    client.force_login(holder)
    assert client.get(url).status_code == 403


def test_holder_cannot_review_and_staff_cannot_start_for_a_holder(client, surveillance, holder, staff):
    surveillance.status = Surveillance.Status.DIAJUKAN
    surveillance.save()
    client.force_login(holder)
    assert client.post(f"/surveilan/{surveillance.pk}/tinjau/", {"result": "terpelihara"}).status_code == 403
    client.force_login(staff)
    assert client.post(f"/surveilan/sertifikat/{surveillance.certificate_id}/mulai/").status_code == 404
    surveillance.refresh_from_db()
    assert surveillance.status == "diajukan" and surveillance.reviewed_at is None


def test_my_surveillance_lists_due_dates_and_starts_a_submission(client, holder, due_certificate):
    make_certificate(scheme=due_certificate.scheme, issued_on=due_certificate.issued_on)  # someone else's
    client.force_login(holder)
    page = client.get("/surveilan/saya/").content.decode()
    due = due_certificate.issued_on + relativedelta(months=12)
    assert due_certificate.number in page and tanggal(due) in page and "Dapat diajukan" in page
    assert page.count("Mulai surveilan") == 1
    response = client.post(f"/surveilan/sertifikat/{due_certificate.pk}/mulai/")
    created = Surveillance.objects.get()
    assert response.url == f"/surveilan/{created.pk}/" and (created.period, created.due_date) == (1, due)


def test_logbook_upload_is_checked_by_content_and_served_privately(client, holder, due_certificate):
    surveillance = make_surveillance(due_certificate)
    client.force_login(holder)
    data = {"date": "2026-03-02", "activity": "Menyusun RKPD", "role": "Ketua tim", "output": "Dokumen RKPD"}
    bad = SimpleUploadedFile("rkpd.pdf", b"#!/bin/sh\nrm -rf /", content_type="application/pdf")
    response = client.post(f"/surveilan/{surveillance.pk}/logbook/", {**data, "attachment": bad})
    assert response.status_code == 400 and "Jenis berkas tidak diterima" in response.content.decode()
    assert not LogbookEntry.objects.exists()
    good = SimpleUploadedFile("rkpd.pdf", sample_pdf(), content_type="application/pdf")
    client.post(f"/surveilan/{surveillance.pk}/logbook/", {**data, "attachment": good})
    entry = LogbookEntry.objects.get()
    assert entry.original_name == "rkpd.pdf" and entry.attachment.name.startswith("private/surveillance/")
    response = client.get(f"/surveilan/{surveillance.pk}/berkas/logbook/{entry.pk}/")
    assert b"".join(response.streaming_content) == sample_pdf() or response.status_code == 200
    client.force_login(make_user(Role.PEMOHON))
    assert client.get(f"/surveilan/{surveillance.pk}/berkas/logbook/{entry.pk}/").status_code == 404


# --- holders register -----------------------------------------------------------------------------


@pytest.fixture
def register(scheme):
    t = today()
    certificates = {
        "overdue": make_certificate(scheme=scheme, issued_on=t - relativedelta(months=13)),
        "submitted": make_certificate(scheme=scheme, issued_on=t - relativedelta(months=13)),
        "fresh": make_certificate(scheme=scheme, issued_on=t - relativedelta(months=2)),
        "expiring": make_certificate(scheme=scheme, issued_on=t - relativedelta(months=33)),
        "expired": make_certificate(scheme=scheme, issued_on=t - relativedelta(years=3, months=1)),
        "revoked": make_certificate(scheme=scheme, issued_on=t - relativedelta(months=13), status="dicabut"),
    }
    make_surveillance(certificates["submitted"], status="diajukan")
    make_surveillance(certificates["expiring"], period=1, status="ditinjau")
    make_surveillance(certificates["expiring"], period=2, status="ditinjau")
    return certificates


def listed(client, **params) -> set[str]:
    page = client.get("/surveilan/pemegang/", params).content.decode()
    return {name for name, number in NUMBERS.items() if number in page}


NUMBERS: dict[str, str] = {}


def test_register_filters(client, staff, register):
    NUMBERS.clear()
    NUMBERS.update({k: c.number for k, c in register.items()})
    other = make_certificate(scheme=make_scheme(**RECERTIFICATION), issued_on=today() - relativedelta(months=2))
    client.force_login(staff)
    assert listed(client, overdue="on") == {"overdue"}
    assert listed(client, expiring="6") == {"expiring"}
    assert listed(client, status="kedaluwarsa") == {"expired"}
    assert listed(client, status="dicabut") == {"revoked"}
    assert listed(client, status="berlaku") == {"overdue", "submitted", "fresh", "expiring"}
    page = client.get("/surveilan/pemegang/", {"scheme": other.scheme_id}).content.decode()
    assert other.number in page and register["fresh"].number not in page


def test_register_query_count_does_not_grow_with_rows(client, staff, scheme):
    client.force_login(staff)
    make_surveillance(make_certificate(scheme=scheme, issued_on=today() - relativedelta(months=13)),
                      status="ditinjau")
    with CaptureQueriesContext(connection) as one:
        client.get("/surveilan/pemegang/", {"overdue": "", "status": "berlaku"})
    for _ in range(12):
        make_surveillance(make_certificate(scheme=scheme, issued_on=today() - relativedelta(months=13)),
                          status="ditinjau")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/surveilan/pemegang/", {"overdue": "", "status": "berlaku"})
    assert response.content.decode().count("Kompetensi terpelihara") == 0  # no result set on these rows
    assert len(many) == len(one)


def test_export_csv_and_xlsx_follow_the_filters(client, staff, register):
    client.force_login(staff)
    response = client.get("/surveilan/pemegang/ekspor.csv", {"overdue": "on"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Nomor sertifikat,Nama pemegang") and len(lines) == 2
    assert register["overdue"].number in lines[1] and ",ya," in lines[1]
    response = client.get("/surveilan/pemegang/ekspor.xlsx", {"status": "kedaluwarsa"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nomor sertifikat" and len(rows) == 2
    assert rows[1][0] == register["expired"].number and rows[1][5] == "Kedaluwarsa"


def test_staff_reviews_through_the_page(client, staff, surveillance, django_capture_on_commit_callbacks):
    surveillance.status = Surveillance.Status.DIAJUKAN
    surveillance.save()
    client.force_login(staff)
    assert surveillance.certificate.number in client.get("/surveilan/tinjauan/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/surveilan/{surveillance.pk}/tinjau/", {
            "method_logbook": "on", "method_supervisor": "on", "result": "terpelihara", "follow_up": "tidak_ada",
            "findings": "Sesuai.",
        })
    assert response.status_code == 302
    surveillance.refresh_from_db()
    assert surveillance.status == "ditinjau" and surveillance.result == "terpelihara" and surveillance.report_pdf
    record = client.get(f"/surveilan/pemegang/{surveillance.certificate_id}/").content.decode()
    assert "Kompetensi terpelihara" in record and "analisis logbook" in record
    pdf = client.get(f"/surveilan/{surveillance.pk}/laporan.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_late_request_needs_override_on_the_page(client, staff, holder, scheme):
    t = today()
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=t - relativedelta(years=3) + timedelta(40),
                                   valid_until=t + timedelta(40))
    client.force_login(holder)
    response = client.post(f"/surveilan/sertifikat/{certificate.pk}/sertifikasi-ulang/")
    request = certificate.recertification_requests.get()
    assert response.url == f"/surveilan/sertifikasi-ulang/{request.pk}/" and request.needs_override
    client.force_login(staff)
    assert certificate.number in client.get("/surveilan/sertifikasi-ulang/", {"terlambat": "1"}).content.decode()
    assert client.post(f"/surveilan/sertifikasi-ulang/{request.pk}/izinkan/", {"reason": ""}).status_code == 400
    client.post(f"/surveilan/sertifikasi-ulang/{request.pk}/izinkan/", {"reason": "Tugas lapangan di Papua."})
    request.refresh_from_db()
    assert request.status == "berjalan" and request.application.purpose == "sertifikasi_ulang"
    client.force_login(holder)
    assert client.post(f"/surveilan/sertifikasi-ulang/{request.pk}/tolak/", {"reason": "x"}).status_code == 403


def test_dashboard_panels(client, staff, holder, due_certificate, register):
    client.force_login(holder)
    page = client.get("/dasbor/").content.decode()
    assert "Surveilan dan sertifikasi ulang" in page and due_certificate.number in page
    client.force_login(staff)
    page = client.get("/dasbor/").content.decode()
    assert "Surveilan pemegang sertifikat" in page and "surveilan terlambat" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_other_lists_query_count_does_not_grow_with_rows(client, staff, holder, scheme):
    from surveillance import services

    def add_rows():
        certificate = make_certificate(holder=holder, scheme=scheme, issued_on=today() - relativedelta(months=13))
        make_surveillance(certificate, status="diajukan")
        late = make_certificate(holder=holder, scheme=scheme,
                                issued_on=today() - relativedelta(years=3) + timedelta(days=40))
        services.request_recertification(certificate=late, by=holder)

    add_rows()
    client.force_login(staff)
    before = {url: _queries(client, url) for url in ["/surveilan/tinjauan/", "/surveilan/sertifikasi-ulang/"]}
    client.force_login(holder)
    before["/surveilan/saya/"] = _queries(client, "/surveilan/saya/")
    for _ in range(5):
        add_rows()
    client.force_login(staff)
    after = {url: _queries(client, url) for url in ["/surveilan/tinjauan/", "/surveilan/sertifikasi-ulang/"]}
    client.force_login(holder)
    after["/surveilan/saya/"] = _queries(client, "/surveilan/saya/")
    assert after == before
