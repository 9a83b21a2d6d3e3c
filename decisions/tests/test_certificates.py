from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from decisions import services
from decisions.models import Certificate, Violation
from decisions.services import DecisionError
from decisions.tests.factories import make_certificate, make_decision
from registration.samples import sample_pdf
from skema_lsp.models import AuditEntry, Notification
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(scheme, director, staff):
    return make_certificate(scheme=scheme, signatory=director, by=staff)


def evidence_file():
    return SimpleUploadedFile("bukti.pdf", sample_pdf(), content_type="application/pdf")


def test_number_format_and_validity(scheme, director, staff):
    first = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 3, 1))
    second = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 3, 1))
    assert first.number == f"RENBANG/KLS/{scheme.document_number.split('/')[1]}/2026/00001"
    assert second.number == f"RENBANG/KLS/{scheme.document_number.split('/')[1]}/2026/00002"
    assert first.valid_until == date(2029, 2, 28)
    assert len(first.public_code) >= 22 and first.public_code != second.public_code


def test_numbering_restarts_per_year_and_per_scheme(scheme, director, staff, settings):
    from schemes.tests.factories import PASFOTO, make_scheme

    settings.CERTIFICATE_NUMBER_FORMAT = "X/{scheme_serial}/{year}/{seq:03d}"
    other = make_scheme(elements=0, documents=[PASFOTO])
    a = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 12, 31))
    b = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2027, 1, 1))
    c = make_certificate(scheme=other, signatory=director, by=staff, issued_on=date(2027, 1, 1))
    assert (a.number, b.number, c.number) == (
        f"X/{scheme.serial}/2026/001", f"X/{scheme.serial}/2027/001", f"X/{other.serial}/2027/001"
    )


def test_issue_refused_for_bk_unpaid_or_twice(scheme, director, staff):
    with pytest.raises(DecisionError, match="Kompeten"):
        services.issue_certificate(decision=make_decision(scheme=scheme, result="BK"), signatory=director, by=staff)
    with pytest.raises(DecisionError, match="lunas"):
        services.issue_certificate(decision=make_decision(scheme=scheme, paid=False), signatory=director, by=staff)
    decision = make_decision(scheme=scheme)
    services.issue_certificate(decision=decision, signatory=director, by=staff)
    with pytest.raises(DecisionError, match="sudah diterbitkan"):
        services.issue_certificate(decision=decision, signatory=director, by=staff)
    assert Certificate.objects.count() == 1


def test_rolled_back_issue_leaves_no_gap(scheme, director, staff):
    from django.db import transaction

    decision = make_decision(scheme=scheme)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_certificate(decision=decision, signatory=director, by=staff)
        raise RuntimeError("gagal setelah penomoran")
    issued = services.issue_certificate(decision=decision, signatory=director, by=staff)
    assert issued.sequence == 1


def test_snapshot_does_not_follow_later_profile_or_scheme_edits(certificate, scheme):
    name = certificate.holder_name
    certificate.holder.full_name = "Nama Baru"
    certificate.holder.save()
    scheme.name = "Skema berganti nama"
    scheme.save()
    certificate.refresh_from_db()
    assert certificate.holder_name == name and certificate.scheme_name != scheme.name


def test_pdf_rendered_after_commit_and_never_regenerated(scheme, director, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    assert not Certificate.objects.get(pk=certificate.pk).pdf  # nothing rendered inside the transaction
    for callback in callbacks:
        callback()
    certificate.refresh_from_db()
    first = certificate.pdf.name
    assert first and "SERTIFIKAT KOMPETENSI" in pdf_text(certificate.pdf.read())
    assert services.render_certificate_pdf(certificate_id=certificate.pk) is False
    certificate.refresh_from_db()
    assert certificate.pdf.name == first


@pytest.mark.django_db(transaction=True)
def test_a_render_skips_a_certificate_another_session_holds_and_the_catch_up_renders_it(scheme, director, staff,
                                                                                       monkeypatch):
    import psycopg2
    from django.db import connection

    monkeypatch.setattr(services, "enqueue_certificate_pdf", lambda pk: None)  # its rendering task is lost
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    settings = connection.settings_dict
    other = psycopg2.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
                             port=settings["PORT"] or 5432, password=settings["PASSWORD"] or None)
    try:
        other.cursor().execute("SELECT 1 FROM decisions_certificate WHERE id = %s FOR UPDATE", [certificate.pk])
        # A worker does not wait on another's lock (it might never be released): it moves on.
        assert services.render_certificate_pdf(certificate_id=certificate.pk) is False
        assert not Certificate.objects.get(pk=certificate.pk).pdf
    finally:
        other.rollback()  # the lock is released once the server answers, which close() does not wait for
        other.close()
    assert services.render_missing_pdfs() == [certificate.pk]
    assert "SERTIFIKAT KOMPETENSI" in pdf_text(Certificate.objects.get(pk=certificate.pk).pdf.read())


def test_broker_down_keeps_certificate_and_sweep_renders_it(scheme, director, staff, monkeypatch, celery_eager,
                                                             django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from decisions import tasks

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_certificate_pdf_task, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    certificate.refresh_from_db()
    assert certificate.pk and not certificate.pdf
    from decisions import reminders

    assert reminders.advance(timezone.localdate(), timezone.now()) == ["PDF sertifikat dibuat ulang: 1"]
    certificate.refresh_from_db()
    assert certificate.pdf


def test_expired_reads_kedaluwarsa_from_end_date_without_any_task(certificate):
    end = certificate.valid_until
    assert certificate.effective_status(end) == "berlaku"
    assert certificate.effective_status(end + timedelta(days=1)) == "kedaluwarsa"
    assert certificate.public_reason(end + timedelta(days=1)).startswith("Masa berlaku berakhir")
    assert certificate.status == Certificate.Status.BERLAKU


def test_suspend_and_reinstate_notify_holder_and_track_return(certificate, staff,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_certificate(certificate=certificate, category="surveilan",
                                     note="Hasil surveilan tidak memenuhi", by=staff)
    certificate.refresh_from_db()
    assert certificate.status == "dibekukan" and certificate.public_reason().startswith("Hasil surveilan:")
    assert certificate.suspension_note == "Hasil surveilan tidak memenuhi"
    assert certificate.return_requested_at is not None
    assert any("DIBEKUKAN" in m.body and certificate.holder.email in m.to for m in mail.outbox)
    services.mark_certificate_returned(certificate=certificate, by=staff, note="Diterima di loket")
    certificate.refresh_from_db()
    assert certificate.returned_at is not None
    with pytest.raises(DecisionError):
        services.suspend_certificate(certificate=certificate, category="lainnya", note="lagi", by=staff)
    services.reinstate_certificate(certificate=certificate, by=staff, note="Surveilan ulang memenuhi")
    certificate.refresh_from_db()
    assert certificate.status == "berlaku" and certificate.public_reason() is None
    actions = list(AuditEntry.objects.filter(object_id=str(certificate.pk)).values_list("action", flat=True))
    assert {"decisions.certificate.suspended", "decisions.certificate.returned",
            "decisions.certificate.reinstated"} <= set(actions)
    subjects = list(Notification.objects.filter(recipient=certificate.holder).values_list("subject", flat=True))
    assert any("dibekukan" in s for s in subjects) and any("dipulihkan" in s for s in subjects)


def test_revocation_needs_ignored_warning_and_director(certificate, staff, director, time_machine):
    violation = services.record_violation(certificate=certificate, category="c", description="Memakai sertifikat "
                                          "di luar ruang lingkup.", evidence=evidence_file(), by=staff)
    assert violation.evidence.read().startswith(b"%PDF")
    with pytest.raises(DecisionError):  # no warning yet
        services.propose_revocation(violation=violation, by=staff)
    deadline = timezone.localdate() + timedelta(days=7)
    services.warn_holder(violation=violation, text="Hentikan penggunaan di luar lingkup.", deadline=deadline, by=staff)
    assert Notification.objects.filter(recipient=certificate.holder, subject__contains="Peringatan").exists()
    with pytest.raises(DecisionError, match="batas waktu"):
        services.propose_revocation(violation=violation, by=staff)
    time_machine.move_to(timezone.now() + timedelta(days=8))
    services.propose_revocation(violation=violation, by=staff, note="Tidak diindahkan")
    with pytest.raises(DecisionError, match="Direktur"):
        services.decide_revocation(violation=violation, by=staff, approve=True)
    services.decide_revocation(violation=violation, by=director, approve=True)
    violation.refresh_from_db()
    certificate.refresh_from_db()
    assert violation.status == Violation.Status.DICABUT and violation.revocation_decided_by == director
    assert certificate.status == "dicabut" and "9.5.1 c" in certificate.public_reason()
    assert certificate.return_requested_at is not None
    with pytest.raises(DecisionError):
        services.reinstate_certificate(certificate=certificate, by=staff)


def test_director_can_send_revocation_back(certificate, staff, director, time_machine):
    violation = services.record_violation(certificate=certificate, category="a", description="x",
                                          evidence=evidence_file(), by=staff)
    services.warn_holder(violation=violation, text="Peringatan", deadline=timezone.localdate() + timedelta(days=1),
                         by=staff)
    time_machine.move_to(timezone.now() + timedelta(days=3))
    services.propose_revocation(violation=violation, by=staff)
    services.decide_revocation(violation=violation, by=director, approve=False, note="Beri kesempatan")
    violation.refresh_from_db()
    certificate.refresh_from_db()
    assert violation.status == Violation.Status.DIPERINGATKAN and certificate.status == "berlaku"


def test_reissue_supersedes_old_certificate(certificate, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        new = services.reissue_certificate(certificate=certificate, by=staff, holder_name="Rina Kartika Sari, S.T.",
                                           reason="Perbaikan gelar")
    certificate.refresh_from_db()
    new.refresh_from_db()
    assert certificate.status == "digantikan" and new.number in certificate.public_reason()
    assert new.supersedes == certificate and new.valid_until == certificate.valid_until
    assert new.holder_name == "Rina Kartika Sari, S.T." and new.sequence == certificate.sequence + 1
    assert new.photo and new.pdf
    assert "menggantikan sertifikat nomor " + certificate.number in pdf_text(new.pdf.read())
    with pytest.raises(DecisionError):
        services.reissue_certificate(certificate=certificate, by=staff, holder_name="X", reason="lagi")


def test_new_certificate_for_same_scheme_supersedes_current(certificate, scheme, director, staff):
    from decisions.models import Decision
    from decisions.tests.factories import make_ready_assessment

    again = make_ready_assessment(scheme=scheme, candidate=certificate.holder)
    decision = Decision.objects.create(assessment=again, result="K")
    new = services.issue_certificate(decision=decision, signatory=director, by=staff)
    certificate.refresh_from_db()
    assert certificate.status == "digantikan" and new.supersedes == certificate


def test_certificate_embeds_the_normalised_photo_not_the_upload(scheme, director, staff):
    """A 12 MP phone photo is stored as uploaded; the certificate copies its small print copy, so the
    PDF carries (and the worker decodes) at most 600 × 800 pixels."""
    import io
    import subprocess

    from PIL import Image

    from registration.models import Evidence
    from skema_lsp.uploads import PHOTO_MAX_PIXELS, validate_upload

    decision = make_decision(scheme=scheme, photo=False)
    application = decision.application
    big = io.BytesIO()
    Image.new("RGB", (3000, 4000), "#b22222").save(big, "JPEG")
    upload = validate_upload(SimpleUploadedFile("pasfoto.jpg", big.getvalue()), images_only=True,
                             max_pixels=PHOTO_MAX_PIXELS)
    evidence = Evidence(application=application, required_document=scheme.documents.get(code="pasfoto"),
                        original_name="pasfoto.jpg", content_type=upload.content_type, size=upload.size,
                        sha256=upload.sha256)
    evidence.file.save(upload.storage_name, upload.as_file(), save=False)
    evidence.print_copy.save("salinan.jpg", upload.print_copy_file(), save=False)
    evidence.save()

    certificate = services.issue_certificate(decision=decision, signatory=director, by=staff)
    with certificate.photo.open("rb") as handle:
        assert handle.read() == upload.print_copy
    services.render_certificate_pdf(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    listed = subprocess.run(["pdfimages", "-list", certificate.pdf.path], capture_output=True, check=True)
    sizes = [tuple(map(int, line.split()[3:5])) for line in listed.stdout.decode().splitlines()[2:]]
    assert sizes and max(max(size) for size in sizes) <= 800
