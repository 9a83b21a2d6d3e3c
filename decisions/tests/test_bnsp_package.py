"""The paperwork exchanged with BNSP: the blanko request package of an approved SK (K/BK list in
BNSP's column order, BA, SK, cover letter) and the registration numbers that come back."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import bnsp, services
from decisions.models import Certificate
from decisions.tests.factories import make_certificate, make_ready_assessment
from decisions.tests.test_meetings import run_meeting
from skema_lsp.models import AuditEntry
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(staff, members, scheme, director):
    kompeten = make_ready_assessment(scheme=scheme)
    application = kompeten.application
    application.nik, application.birth_place, application.birth_date = "3174015507900003", "Bandung", date(1990, 7, 15)
    application.sex, application.address, application.last_education = "P", "Jl. Merdeka 1, Jakarta", "S-1 Planologi"
    application.position, application.institution = "Perencana Ahli Muda", "Bappeda DKI"
    application.save()
    belum = make_ready_assessment(scheme=scheme, recommendation="BK")
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [kompeten, belum]), by=staff)
    letter = services.draft_letter(meeting=meeting, by=staff)
    services.approve_letter(letter=letter, by=director)
    letter.refresh_from_db()
    return letter, kompeten, belum


def download(client, user, letter):
    client.force_login(user)
    return client.get(reverse("decisions:blanko_package", args=[letter.pk]))


def test_staff_download_the_package_with_the_list_in_bnsp_order(client, approved, staff):
    letter, kompeten, belum = approved
    response = download(client, staff, letter)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                         else response.content))
    assert set(archive.namelist()) == {"daftar-k-bk.xlsx", "surat-keputusan.pdf", "berita-acara.pdf",
                                       "surat-permohonan-blanko.pdf"}
    sheet = load_workbook(io.BytesIO(archive.read("daftar-k-bk.xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "NIK", "Nama", "Tempat Lahir", "Tanggal Lahir", "Jenis Kelamin", "Alamat", "Pendidikan Terakhir",
        "Pekerjaan", "Skema Sertifikasi", "Unit Kompetensi", "Nama Asesor", "No. Reg. MET Asesor", "TUK",
        "Tanggal Uji", "Rekomendasi (K/BK)",
    ]
    by_name = {row[1]: row for row in rows[1:]}
    k = by_name[kompeten.application.full_name]
    assert k[0] == "3174015507900003" and k[2] == "Bandung" and k[3].date() == date(1990, 7, 15)
    assert k[4] == "Perempuan" and k[5] == "Jl. Merdeka 1, Jakarta" and k[6] == "S-1 Planologi"
    assert k[7] == "Perencana Ahli Muda, Bappeda DKI" and k[8] == kompeten.application.scheme.name
    assert k[9] == "O.84PPB01.007.1; O.84PPB01.008.1"
    assert k[10] == kompeten.assessor.display_name and k[11] == kompeten.assessor.met_number
    assert k[12] == kompeten.plan.tuk.name and k[13].date() == kompeten.plan.date and k[14] == "K"
    assert by_name[belum.application.full_name][14] == "BK"
    assert letter.number in pdf_text(archive.read("surat-keputusan.pdf"))
    assert letter.meeting.ba_number in pdf_text(archive.read("berita-acara.pdf"))
    cover = pdf_text(archive.read("surat-permohonan-blanko.pdf"))
    assert "Permohonan Blanko Sertifikat Kompetensi" in cover and letter.number in cover
    assert "sejumlah 1 lembar" in cover and letter.approved_by.display_name in cover
    entry = AuditEntry.objects.get(action="decisions.letter.blanko_downloaded")
    assert entry.actor == staff and entry.object_id == str(letter.pk)


def test_package_is_staff_only_and_needs_an_approved_sk(client, approved, staff, director, members, scheme):
    letter, _, _ = approved
    assert download(client, director, letter).status_code == 403
    assert download(client, make_user(Role.PEMOHON), letter).status_code == 404
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [make_ready_assessment(scheme=scheme)]),
                                     by=staff)
    draft = services.draft_letter(meeting=meeting, by=staff)
    response = download(client, staff, draft)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert AuditEntry.objects.filter(action="decisions.letter.blanko_downloaded").count() == 0


def test_number_entered_per_certificate_shows_on_pdf_register_and_verification(
        client, scheme, director, staff, django_capture_on_commit_callbacks):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("decisions:certificate_bnsp_number", args=[certificate.pk]),
                    {"bnsp_number": " 62090 2421 3 "})
    certificate.refresh_from_db()
    assert certificate.bnsp_number == "62090 2421 3" and certificate.bnsp_recorded_at
    with certificate.pdf.open("rb") as handle:  # rendered again (eager) with the number printed
        assert "BNSP Registration No.: 62090 2421 3" in pdf_text(handle.read())
    client.logout()
    assert "62090 2421 3" in client.get(certificate.verification_path).content.decode()
    entry = AuditEntry.objects.get(action="decisions.certificate.bnsp_number_recorded")
    assert entry.to_state == "62090 2421 3" and entry.actor == staff


def test_number_entry_refused_for_non_staff_and_for_a_taken_number(client, scheme, director, staff):
    first = make_certificate(scheme=scheme, signatory=director, by=staff)
    second = make_certificate(scheme=scheme, signatory=director, by=staff)
    client.force_login(director)
    assert client.post(reverse("decisions:certificate_bnsp_number", args=[first.pk]),
                       {"bnsp_number": "X"}).status_code == 403
    bnsp.record_bnsp_number(certificate=first, number="REG-1", by=staff)
    with pytest.raises(bnsp.BnspError, match="sudah tercatat"):
        bnsp.record_bnsp_number(certificate=second, number="REG-1", by=staff)
    second.refresh_from_db()
    assert second.bnsp_number == ""


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nomor-bnsp.xlsx", buffer.getvalue())


def test_returned_list_upload_records_every_number(client, scheme, director, staff):
    a = make_certificate(scheme=scheme, signatory=director, by=staff)
    b = make_certificate(scheme=scheme, signatory=director, by=staff)
    client.force_login(staff)
    response = client.post(reverse("decisions:bnsp_numbers"), {"berkas": xlsx([
        ["Nomor Sertifikat", "Nomor Registrasi BNSP"], [a.number, "REG-A"], [b.number, "REG-B"]])})
    assert response.status_code == 302
    assert dict(Certificate.objects.values_list("number", "bnsp_number")) == {a.number: "REG-A", b.number: "REG-B"}


def test_a_bad_row_records_nothing_and_names_the_row(client, scheme, director, staff):
    a = make_certificate(scheme=scheme, signatory=director, by=staff)
    client.force_login(staff)
    page = client.post(reverse("decisions:bnsp_numbers"), {"berkas": xlsx([
        ["Nomor Sertifikat", "Nomor Registrasi BNSP"], [a.number, "REG-A"], ["TIDAK/ADA", "REG-X"]])})
    assert page.status_code == 200 and "Baris 3: sertifikat TIDAK/ADA tidak ditemukan." in page.content.decode()
    a.refresh_from_db()
    assert a.bnsp_number == ""
    not_xlsx = client.post(reverse("decisions:bnsp_numbers"),
                           {"berkas": SimpleUploadedFile("x.xlsx", b"%PDF-1.4 bukan excel")})
    assert not_xlsx.status_code == 200 and "Berkas harus berupa .xlsx" in not_xlsx.content.decode()


def test_recording_the_number_keeps_the_issued_pdf_as_a_revision(
        client, scheme, director, staff, django_capture_on_commit_callbacks):
    """The issued PDF is a snapshot: recording the number stores a new current file and keeps the
    earlier one byte for byte, with when it was rendered, why it was replaced and its SHA-256."""
    import hashlib

    with django_capture_on_commit_callbacks(execute=True):
        certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    certificate.refresh_from_db()
    issued_name, issued_at = certificate.pdf.name, certificate.pdf_rendered_at
    with certificate.pdf.open("rb") as handle:
        issued_bytes = handle.read()
    assert issued_name and "62090 2421 3" not in pdf_text(issued_bytes)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("decisions:certificate_bnsp_number", args=[certificate.pk]),
                    {"bnsp_number": "62090 2421 3"})
    certificate.refresh_from_db()
    revision = certificate.revisions.get()
    assert revision.file.name == issued_name and revision.rendered_at == issued_at
    assert revision.reason == "nomor registrasi BNSP dicatat"
    assert revision.sha256 == hashlib.sha256(issued_bytes).hexdigest() and revision.replaced_by == staff
    with revision.file.open("rb") as handle:
        assert handle.read() == issued_bytes  # the old file is still there, unchanged
    assert certificate.pdf.name != issued_name and certificate.pdf_rendered_at > issued_at
    with certificate.pdf.open("rb") as handle:
        assert "BNSP Registration No.: 62090 2421 3" in pdf_text(handle.read())
    entry = AuditEntry.objects.get(action="decisions.certificate.pdf_revised")
    assert entry.actor == staff and entry.details["previous_file_sha256"] == revision.sha256

    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "Riwayat berkas PDF" in page and "nomor registrasi BNSP dicatat" in page and revision.sha256 in page
    download = client.get(reverse("decisions:certificate_revision_download", args=[certificate.pk, revision.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == issued_bytes
    client.force_login(certificate.holder)
    assert client.get(reverse("decisions:certificate_revision_download",
                              args=[certificate.pk, revision.pk])).status_code == 403
    assert "Riwayat berkas PDF" not in client.get(certificate.get_absolute_url()).content.decode()

    client.logout()
    assert client.get(f"/verifikasi/{certificate.public_code}.json").json()["nomor_registrasi_bnsp"] == "62090 2421 3"
    assert "62090 2421 3" in client.get(certificate.verification_path).content.decode()


def test_a_number_recorded_before_the_first_render_needs_no_revision(scheme, director, staff,
                                                                     django_capture_on_commit_callbacks):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)  # PDF not rendered yet
    with django_capture_on_commit_callbacks(execute=True):
        bnsp.record_bnsp_number(certificate=certificate, number="REG-9", by=staff)
    certificate.refresh_from_db()
    assert certificate.revisions.count() == 0
    with certificate.pdf.open("rb") as handle:
        assert "REG-9" in pdf_text(handle.read())
