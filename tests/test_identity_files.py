"""KTP scans and pas photos: encrypted at rest (only a Fernet token on disk), every access logged,
downloads and the certificate PDF still work, the key rotates; destroyed by the scheduled job once
their retention period ends (refused before, also in the admin); minors need a guardian's consent."""

import base64
import subprocess
from datetime import date, timedelta

import pytest
from cryptography.fernet import Fernet
from dateutil.relativedelta import relativedelta
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from registration import retention, services
from registration.models import Application, Evidence, PersonalFileDestruction
from registration.samples import sample_png
from registration.tests.factories import draft_application, make_applicant, submitted_application
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Overrides tests/conftest.py's module-wide demo media folder: these tests need no demo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scheme(db):
    from registration.tests.conftest import ensure_role_groups
    from schemes.tests.factories import load_renbang

    ensure_role_groups()
    return load_renbang(with_examples=True)


@pytest.fixture
def staff(db):
    return make_user(Role.STAF, full_name="Siti Staf")


def raw(field) -> bytes:
    """The bytes as stored on disk (or in the bucket), not decrypted."""
    with storages["default"].open(field.name, "rb") as handle:
        return handle.read()


def ktp_and_photo(application: Application) -> tuple[Evidence, Evidence]:
    current = application.evidence.filter(superseded_at__isnull=True)
    return current.get(required_document__code="ktp"), current.get(required_document__code="pasfoto")


# --- encryption at rest ----------------------------------------------------------------------------


def test_stored_bytes_are_not_the_image(scheme):
    application = draft_application(scheme)
    ktp, photo = ktp_and_photo(application)
    for field in (ktp.file, photo.file, photo.print_copy):
        stored = raw(field)
        assert stored.startswith(b"gAAAAA")  # a Fernet token
        # The files' magic bytes: none is in the base64 alphabet, so a token can never hold them by chance
        assert b"\x89PNG" not in stored and b"%PDF" not in stored and b"\xff\xd8\xff" not in stored
    assert photo.file.open("rb").read() == sample_png()  # the field decrypts


def test_download_returns_the_original_and_logs_the_access(client, scheme, staff):
    application = draft_application(scheme)
    _, photo = ktp_and_photo(application)
    client.force_login(staff)
    response = client.get(reverse("registration:evidence_file", args=[photo.pk]))
    assert b"".join(response.streaming_content) == sample_png()
    entry = AuditEntry.objects.get(action="registration.evidence.accessed", object_id=str(photo.pk))
    assert entry.actor == staff and entry.details["document"] == "pasfoto"


def test_certificate_uses_the_decrypted_photo_and_logs_it(scheme, staff):
    from decisions.services import holder_photo

    application = draft_application(scheme)
    _, photo = ktp_and_photo(application)
    name, content = holder_photo(application)
    assert content.startswith(b"\xff\xd8")  # the JPEG print copy, decrypted
    assert AuditEntry.objects.filter(action="registration.evidence.read", object_id=str(photo.pk),
                                     details__purpose="sertifikat").exists()


def test_certificate_pdf_embeds_the_photo_and_its_copy_is_encrypted(celery_eager):
    from decisions.models import Certificate
    from decisions.services import render_certificate_pdf
    from decisions.tests.factories import make_certificate
    from schemes.tests.factories import PASFOTO, make_scheme

    certificate = make_certificate(scheme=make_scheme(elements=0, documents=[PASFOTO]),
                                   signatory=make_user(Role.DIREKTUR), by=make_user(Role.STAF))
    render_certificate_pdf(certificate_id=certificate.pk)
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.photo and raw(certificate.photo).startswith(b"gAAAAA")
    listing = subprocess.run(["pdfimages", "-list", "-"], input=certificate.pdf.open("rb").read(),
                             capture_output=True)
    if listing.returncode != 0:  # older poppler cannot read stdin
        path = storages["default"].path(certificate.pdf.name)
        listing = subprocess.run(["pdfimages", "-list", path], capture_output=True, check=True)
    lines = listing.stdout.decode().splitlines()[2:]
    assert any(" 600 " in line or "jpeg" in line for line in lines), lines


def test_rotation_re_encrypts_with_the_newest_key(scheme, settings):
    application = draft_application(scheme)
    ktp, _ = ktp_and_photo(application)
    old_key = django_settings.MEDIA_ENCRYPTION_KEYS[0]
    plaintext = ktp.file.open("rb").read()
    new_key = base64.urlsafe_b64encode(b"n" * 32).decode()
    settings.MEDIA_ENCRYPTION_KEYS = [new_key, old_key]

    call_command("rotate_media_key", stdout=open("/dev/null", "w"))

    stored = raw(ktp.file)
    assert Fernet(new_key.encode()).decrypt(stored) == plaintext
    settings.MEDIA_ENCRYPTION_KEYS = [new_key]  # the old key removed: everything still opens
    assert Evidence.objects.get(pk=ktp.pk).file.open("rb").read() == plaintext


def test_files_stored_before_encryption_are_read_and_then_encrypted_by_rotation(scheme):
    application = draft_application(scheme)
    ktp, _ = ktp_and_photo(application)
    plaintext = ktp.file.open("rb").read()
    storages["default"].delete(ktp.file.name)
    storages["default"].save(ktp.file.name, __import__("io").BytesIO(plaintext))
    assert ktp.file.open("rb").read() == plaintext
    call_command("rotate_media_key", stdout=open("/dev/null", "w"))
    assert raw(ktp.file).startswith(b"gAAAAA")


# --- retention ---------------------------------------------------------------------------------------


def decided(scheme, staff) -> Application:
    application = submitted_application(scheme)
    return services.reject_application(application=application, by=staff, reason="Tidak memenuhi persyaratan.")


def test_retention_is_cycle_plus_the_configured_extra(scheme, staff, settings):
    application = decided(scheme, staff)
    ktp, _ = ktp_and_photo(application)
    ended = timezone.localtime(application.decided_at).date()
    assert retention.retention_until(ktp) == ended + relativedelta(years=3, months=12)
    settings.PERSONAL_ID_RETENTION_EXTRA_MONTHS = 6
    assert retention.retention_until(ktp) == ended + relativedelta(years=3, months=6)
    settings.PERSONAL_ID_RETENTION_MONTHS = 24
    assert retention.retention_until(ktp) == ended + relativedelta(years=2)


def test_scheduled_job_destroys_expired_identity_files_with_a_log_row(scheme, staff):
    application = decided(scheme, staff)
    ktp, photo = ktp_and_photo(application)
    names = [ktp.file.name, photo.file.name, photo.print_copy.name]
    diploma = application.evidence.exclude(pk__in=[ktp.pk, photo.pk]).filter(superseded_at__isnull=True).first()
    until = retention.retention_until(ktp)

    assert retention.destroy_expired(until) == []  # the last day of retention: kept
    assert all(storages["default"].exists(n) for n in names)


    destroyed = _run_on_commit(lambda: retention.destroy_expired(until + timedelta(days=1)))

    assert {d.evidence_id for d in destroyed} == {ktp.pk, photo.pk}
    assert not any(storages["default"].exists(n) for n in names)
    ktp.refresh_from_db()
    assert ktp.destroyed_at is not None and not ktp.file
    log = PersonalFileDestruction.objects.get(evidence=ktp)
    assert log.retention_until == until and log.destroyed_by is None and log.sha256 == ktp.sha256
    assert AuditEntry.objects.filter(action="registration.evidence.destroyed", object_id=str(ktp.pk)).exists()
    assert Evidence.objects.get(pk=diploma.pk).file  # not an identity file: kept
    assert retention.destroy_expired(until + timedelta(days=2)) == []  # nothing twice


def _run_on_commit(func):
    from django.db import transaction

    callbacks = []
    original = transaction.on_commit

    def capture(callback, using=None, robust=False):
        callbacks.append(callback)

    transaction.on_commit = capture
    try:
        result = func()
    finally:
        transaction.on_commit = original
    for callback in callbacks:
        callback()
    return result


def test_application_in_process_keeps_its_files(scheme):
    application = submitted_application(scheme)
    ktp, _ = ktp_and_photo(application)
    assert retention.retention_until(ktp) is None
    assert retention.destroy_expired(date.today() + relativedelta(years=20)) == []


def test_deleting_before_retention_end_is_refused(scheme, staff):
    application = decided(scheme, staff)
    ktp, _ = ktp_and_photo(application)
    with pytest.raises(retention.RetentionError, match="masa retensi"):
        ktp.delete()
    with pytest.raises(retention.RetentionError):
        retention.destroy_personal_file(evidence=ktp, by=staff)
    assert Evidence.objects.filter(pk=ktp.pk).exists() and storages["default"].exists(ktp.file.name)


def test_admin_refuses_deletion_before_retention_end(client, scheme, staff):
    application = decided(scheme, staff)
    ktp, _ = ktp_and_photo(application)
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("admin:registration_evidence_delete", args=[ktp.pk])).status_code == 403
    assert client.post(reverse("admin:registration_evidence_delete", args=[ktp.pk]), {"post": "yes"}).status_code == 403
    response = client.post(reverse("admin:registration_evidence_changelist"),
                           {"action": "destroy_expired", "_selected_action": [ktp.pk]}, follow=True)
    assert "masih dalam masa retensi" in response.content.decode()
    assert Evidence.objects.get(pk=ktp.pk).file


def test_retention_job_is_scheduled_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["personal-file-retention"]
    assert entry["task"] == "registration.destroy_expired_personal_files" and entry["schedule"] == 86400


# --- minors ---------------------------------------------------------------------------------------------


MINOR = {"nik": "3273015405100002", "birth_date": date(2010, 5, 14), "sex": "P"}  # day 54: a girl born 14-05-2010


def test_minor_flagged_from_nik_and_refused_without_guardian_consent(scheme, time_machine):
    time_machine.move_to(date(2026, 12, 3))
    application = draft_application(scheme, make_applicant(**MINOR))
    assert application.birth_date_from_nik == date(2010, 5, 14) and application.is_minor
    with pytest.raises(services.SubmissionIncomplete, match="persetujuan wali"):
        services.submit_application(application=application, by=application.applicant)
    application.refresh_from_db()
    assert application.status == "draft"

    services.record_guardian_consent(application=application, by=application.applicant, name="Budi Santoso",
                                     relation="ayah", agreed=True)
    submitted = services.submit_application(application=application, by=application.applicant)
    assert submitted.status == "submitted"
    assert submitted.guardian_name == "Budi Santoso" and submitted.guardian_consent_at is not None
    assert "Pasal 25" in submitted.guardian_statement


def test_adult_needs_no_guardian(scheme):
    application = draft_application(scheme)
    assert not application.is_minor
    assert services.submit_application(application=application, by=application.applicant).status == "submitted"


def test_guardian_fields_on_declaration_step_for_minors_only(client, scheme, time_machine):
    time_machine.move_to(date(2026, 12, 3))
    application = draft_application(scheme, make_applicant(**MINOR))
    client.force_login(application.applicant)
    url = reverse("registration:step", args=[application.pk, "pernyataan"])
    page = client.get(url).content.decode()
    assert "guardian_name" in page and "Di bawah 18 tahun" in page
    # Ticked without a name: refused with a message, what was typed is kept.
    response = client.post(url, {"rights": "on", "ethics": "on", "fee": "on", "consents": ["sertifikasi"],
                                 "guardian_relation": "ibu", "guardian_agree": "on", "simpan": "1"})
    assert response.status_code == 200 and "Isi nama wali" in response.content.decode()
    assert 'value="ibu"' in response.content.decode()
    client.post(url, {"rights": "on", "ethics": "on", "fee": "on", "consents": ["sertifikasi"],
                      "guardian_name": "Sri Wahyuni", "guardian_relation": "ibu", "guardian_agree": "on",
                      "ajukan": "1"})
    application.refresh_from_db()
    assert application.status == "submitted" and application.guardian_name == "Sri Wahyuni"
    adult = draft_application(scheme, make_applicant(nik="3273011405900003", birth_date=date(1990, 5, 14),
                                                     sex="L", email="dewasa@contoh.id"))
    client.force_login(adult.applicant)
    assert "guardian_name" not in client.get(
        reverse("registration:step", args=[adult.pk, "pernyataan"])).content.decode()


def test_admin_refuses_deleting_an_application_holding_identity_files(client, scheme, staff):
    application = decided(scheme, staff)
    client.force_login(make_user(is_superuser=True, is_staff=True))
    url = reverse("admin:registration_application_delete", args=[application.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()
