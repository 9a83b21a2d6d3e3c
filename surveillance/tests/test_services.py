"""Surveillance and recertification services: what rows, statuses, files and emails change."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import Certificate
from registration.models import Application, DocumentVerdict, Evidence, SelfAssessment
from registration.samples import sample_pdf
from skema_lsp.models import AuditEntry
from skema_lsp.testing import pdf_text
from skema_lsp.uploads import validate_upload
from surveillance import services
from surveillance.models import Confirmation, RecertificationRequest, Surveillance
from surveillance.tests.factories import make_accepted_application, make_certificate, make_surveillance

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def upload(name="surat.pdf", content=None):
    return validate_upload(SimpleUploadedFile(name, content or sample_pdf(), content_type="application/pdf"))


def review_input(**overrides):
    data = {"result": Surveillance.Result.TERPELIHARA, "follow_up": Surveillance.FollowUp.TIDAK_ADA,
            "method_logbook": True, "method_supervisor": True, "findings": "Logbook sesuai unit kompetensi."}
    return services.ReviewInput(**{**data, **overrides})


# --- the holder's submission -----------------------------------------------------------------------


def test_start_creates_the_first_due_period(holder, scheme):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20))
    surveillance = services.start_surveillance(certificate=certificate, by=holder, today=TODAY)
    assert surveillance.period == 1 and surveillance.due_date == date(2026, 12, 20)
    assert surveillance.status == "belum_diajukan"
    # Starting again resumes the same row rather than opening another.
    assert services.start_surveillance(certificate=certificate, by=holder, today=TODAY) == surveillance
    assert Surveillance.objects.count() == 1


def test_start_refused_before_the_window_for_others_and_when_suspended(holder, scheme):
    early = make_certificate(holder=holder, scheme=scheme, issued_on=date(2026, 6, 1))
    with pytest.raises(services.SurveillanceError, match="dibuka mulai 2 April 2027"):
        services.start_surveillance(certificate=early, by=holder, today=TODAY)
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20))
    other = make_certificate(scheme=scheme, issued_on=date(2025, 12, 20)).holder
    with pytest.raises(services.SurveillanceError, match="Hanya pemegang"):
        services.start_surveillance(certificate=certificate, by=other, today=TODAY)
    suspended = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20), status="dibekukan")
    with pytest.raises(services.SurveillanceError, match="Dibekukan"):
        services.start_surveillance(certificate=suspended, by=holder, today=TODAY)
    assert not Surveillance.objects.exists()


def test_submit_needs_logbook_and_supervisor_letter(holder, scheme):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20))
    surveillance = services.start_surveillance(certificate=certificate, by=holder, today=TODAY)
    with pytest.raises(services.SurveillanceError, match="logbook.*atasan"):
        services.submit_surveillance(surveillance=surveillance, by=holder)
    entry = services.add_logbook_entry(surveillance=surveillance, by=holder, date=date(2026, 3, 2),
                                       activity="Menyusun RKPD", role="Ketua tim", output="Dokumen RKPD",
                                       upload=upload("rkpd.pdf"))
    assert entry.attachment.name.startswith("private/surveillance/") and "rkpd" not in entry.attachment.name
    assert entry.original_name == "rkpd.pdf" and entry.content_type == "application/pdf"
    services.save_confirmation(surveillance=surveillance, kind=Confirmation.Kind.ATASAN, by=holder,
                               name="Budi Santoso", position="Kepala Bappeda", contact="022-123", upload=upload())
    submitted = services.submit_surveillance(surveillance=surveillance, by=holder, note="Mohon ditinjau")
    assert (submitted.status, submitted.holder_note) == ("diajukan", "Mohon ditinjau")
    assert AuditEntry.objects.filter(action="surveillance.surveillance.submitted", to_state="diajukan",
                                     object_id=str(surveillance.pk)).exists()
    with pytest.raises(services.SurveillanceError, match="tidak dapat diubah"):
        services.add_logbook_entry(surveillance=surveillance, by=holder, date=date(2026, 3, 3), activity="x",
                                   role="y", output="z")


def test_logbook_is_bounded_and_a_refused_entry_stores_no_file(holder, scheme, monkeypatch, settings):
    monkeypatch.setattr(services, "MAX_LOGBOOK_ENTRIES", 2)
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20))
    surveillance = services.start_surveillance(certificate=certificate, by=holder, today=TODAY)
    for day in (2, 3):
        services.add_logbook_entry(surveillance=surveillance, by=holder, date=date(2026, 3, day), activity="Rapat",
                                   role="Anggota", output="Notulen", upload=upload(f"notulen{day}.pdf"))
    stored = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    with pytest.raises(services.SurveillanceError, match="sudah berisi 2 kegiatan"):
        services.add_logbook_entry(surveillance=surveillance, by=holder, date=date(2026, 3, 4), activity="Rapat",
                                   role="Anggota", output="Notulen", upload=upload("notulen4.pdf"))
    assert surveillance.logbook.count() == 2
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == stored


def test_replacing_a_confirmation_keeps_one_row_per_kind(holder, scheme):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20))
    surveillance = make_surveillance(certificate)
    first = services.save_confirmation(surveillance=surveillance, kind="atasan", by=holder, name="A", position="B",
                                       contact="C", upload=upload())
    second = services.save_confirmation(surveillance=surveillance, kind="atasan", by=holder, name="Budi",
                                        position="Kepala", contact="D", upload=upload("baru.pdf"))
    assert first.pk == second.pk and Confirmation.objects.count() == 1
    second.refresh_from_db()
    assert (second.name, second.original_name) == ("Budi", "baru.pdf")


def test_an_executable_upload_is_refused():
    with pytest.raises(ValidationError):
        upload("surat.pdf", b"MZ\x90\x00 not a pdf")


# --- staff review -----------------------------------------------------------------------------------


def test_review_records_methods_result_and_report(holder, scheme, staff, mailoutbox,
                                                  django_capture_on_commit_callbacks):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20))
    surveillance = make_surveillance(certificate, status="diajukan", complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_surveillance(surveillance=surveillance, by=staff, data=review_input(
            method_visit=True, visit_date=date(2026, 11, 20), visit_notes="Diterima kepala bidang."))
    surveillance.refresh_from_db()
    assert (surveillance.status, surveillance.result, surveillance.reviewed_by) == ("ditinjau", "terpelihara", staff)
    assert surveillance.methods_display == ["analisis logbook", "konfirmasi atasan langsung", "kunjungan tempat kerja"]
    assert surveillance.report_pdf  # rendered by the task after commit
    text = pdf_text(services.render_report(surveillance), layout=True)
    assert "LAPORAN SURVEILAN" in text and certificate.number in text and "Kompetensi terpelihara" in text
    assert "Menyusun RKPD" in text and "Budi Santoso" in text and "20 November 2026" in text
    assert [m.to for m in mailoutbox] == [[holder.email]] and "Kompetensi terpelihara" in mailoutbox[0].body
    assert Certificate.objects.get(pk=certificate.pk).status == "berlaku"


def test_review_refused_without_method_or_follow_up(holder, scheme, staff):
    surveillance = make_surveillance(make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20)),
                                     status="diajukan", complete=True)
    with pytest.raises(services.SurveillanceError, match="minimal satu metode"):
        services.review_surveillance(surveillance=surveillance, by=staff, data=review_input(
            method_logbook=False, method_supervisor=False))
    with pytest.raises(services.SurveillanceError, match="memerlukan tindak lanjut"):
        services.review_surveillance(surveillance=surveillance, by=staff, data=review_input(result="tidak_terpelihara"))
    with pytest.raises(services.SurveillanceError, match="tanggal kunjungan"):
        services.review_surveillance(surveillance=surveillance, by=staff, data=review_input(method_visit=True))
    surveillance.refresh_from_db()
    assert surveillance.status == "diajukan" and surveillance.result == ""


def test_failed_surveillance_suspends_the_certificate_through_decisions(holder, scheme, staff, mailoutbox, client):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20))
    surveillance = make_surveillance(certificate, status="diajukan", complete=True)
    services.review_surveillance(surveillance=surveillance, by=staff, data=review_input(
        result="tidak_terpelihara", follow_up="pembekuan", follow_up_note="Tidak lagi bekerja di bidang perencanaan."))
    certificate.refresh_from_db()
    assert certificate.status == "dibekukan"
    assert "Tidak lagi bekerja di bidang perencanaan" in certificate.suspension_note
    assert certificate.suspension_category == "surveilan" and certificate.remediation_deadline is not None
    assert AuditEntry.objects.filter(action="surveillance.surveillance.suspension_opened",
                                     object_id=str(surveillance.pk)).exists()
    public = client.get(f"/verifikasi/{certificate.public_code}.json").json()
    assert public["status"] == "dibekukan" and "Hasil surveilan" in public["alasan"]
    assert "Tidak lagi bekerja" not in public["alasan"]  # the staff's note is never published


def test_return_to_holder_reopens_the_submission(holder, scheme, staff):
    surveillance = make_surveillance(make_certificate(holder=holder, scheme=scheme, issued_on=date(2025, 12, 20)),
                                     status="diajukan", complete=True)
    services.return_surveillance(surveillance=surveillance, by=staff, note="Surat atasan belum ditandatangani.")
    surveillance.refresh_from_db()
    assert surveillance.status == "belum_diajukan" and surveillance.submitted_at is None


# --- recertification -------------------------------------------------------------------------------


def renewable(holder, scheme, valid_until=date(2027, 4, 30)):
    application = make_accepted_application(holder=holder, scheme=scheme)
    return make_certificate(holder=holder, scheme=scheme, issued_on=date(2024, 5, 1), valid_until=valid_until,
                            application=application)


def test_recertification_on_time_creates_a_prefilled_application(holder, scheme, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    certificate = renewable(holder, scheme)
    source = certificate.application
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_recertification(certificate=certificate, by=holder, today=date(2026, 12, 1))
    new = request.application
    assert (request.status, request.is_late, request.deadline) == ("berjalan", False, date(2027, 2, 28))
    assert (new.purpose, new.prefilled_from, new.status) == ("sertifikasi_ulang", source, "draft")
    assert (new.nik, new.institution, new.position) == (source.nik, "Bappeda Kota Bandung", "Perencana Ahli Muda")
    assert new.basic_requirement_id == source.basic_requirement_id
    old_files = {e.sha256: e for e in source.evidence.all()}
    copies = list(new.evidence.all())
    assert len(copies) == 2 and {e.sha256 for e in copies} == set(old_files)
    for copy in copies:  # new rows with their own files, pending review
        assert copy.pk not in {e.pk for e in old_files.values()}
        assert copy.file.name != old_files[copy.sha256].file.name
        assert copy.file.read() == old_files[copy.sha256].file.read()
    assert not DocumentVerdict.objects.filter(application=new).exists()
    answer = SelfAssessment.objects.get(application=new)
    assert answer.answer == "K" and list(answer.evidence.all()) == [new.evidence.get(original_name="ktp.pdf")]
    assert Evidence.objects.filter(application=source).count() == 2  # the source is untouched
    assert "Sertifikasi Ulang" in mailoutbox[-1].body


def test_recertification_window_and_duplicates(holder, scheme):
    certificate = renewable(holder, scheme)
    with pytest.raises(services.SurveillanceError, match="mulai 30 Oktober 2026"):
        services.request_recertification(certificate=certificate, by=holder, today=date(2026, 10, 29))
    services.request_recertification(certificate=certificate, by=holder, today=date(2026, 10, 30))
    with pytest.raises(services.SurveillanceError, match="sudah ada"):
        services.request_recertification(certificate=certificate, by=holder, today=date(2026, 11, 2))
    with pytest.raises(services.SurveillanceError, match="Kedaluwarsa"):
        services.request_recertification(certificate=certificate, by=holder, today=date(2027, 5, 1))
    assert Application.objects.filter(purpose="sertifikasi_ulang").count() == 1


def test_late_recertification_is_flagged_and_waits_for_an_override(holder, scheme, staff, mailoutbox):
    certificate = renewable(holder, scheme)
    request = services.request_recertification(certificate=certificate, by=holder, today=date(2027, 3, 1))
    assert (request.status, request.is_late, request.application) == ("menunggu_izin", True, None)
    # No application exists, so registration's review has nothing it could accept before the override.
    assert not Application.objects.filter(purpose="sertifikasi_ulang").exists()
    with pytest.raises(services.SurveillanceError, match="alasan"):
        services.override_late_request(request=request, by=staff, reason="  ")
    services.override_late_request(request=request, by=staff, reason="Pemohon sedang tugas belajar.")
    request.refresh_from_db()
    assert (request.status, request.override_by, request.override_reason) == (
        "berjalan", staff, "Pemohon sedang tugas belajar.")
    assert request.application.purpose == "sertifikasi_ulang"
    assert AuditEntry.objects.filter(action="surveillance.recertification.overridden", object_id=str(request.pk),
                                     to_state="berjalan").exists()
    with pytest.raises(services.SurveillanceError, match="sudah berstatus"):
        services.refuse_late_request(request=request, by=staff, reason="x")


def test_refused_late_request_allows_a_new_one(holder, scheme, staff):
    certificate = renewable(holder, scheme)
    request = services.request_recertification(certificate=certificate, by=holder, today=date(2027, 3, 1))
    services.refuse_late_request(request=request, by=staff, reason="Dokumen tidak lengkap.")
    again = services.request_recertification(certificate=certificate, by=holder, today=date(2027, 3, 2))
    assert again.pk != request.pk and RecertificationRequest.objects.filter(certificate=certificate).count() == 2


def test_certificate_without_application_starts_from_the_profile(holder, scheme):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2024, 5, 1),
                                   valid_until=date(2027, 4, 30))
    request = services.request_recertification(certificate=certificate, by=holder, today=date(2026, 12, 1))
    assert request.application.purpose == "sertifikasi_ulang" and request.application.prefilled_from is None
