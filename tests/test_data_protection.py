"""UU PDP 27/2022: consent withdrawal takes effect, correction and restriction requests within
3 × 24 hours, the data export with its processing log, and the breach register with its notices."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.consents import CONSENT_TEXT_VERSION
from accounts.models import BreachIncident, Consent, CorrectionRequest, DataExportRequest
from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp.models import AuditEntry, Notification, SentReminder
from skema_lsp.notify import notify
from skema_lsp.reminders import sweep
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Overrides tests/conftest.py's module-wide demo media folder: these tests need no demo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person():
    return make_user(Role.PEMOHON, full_name="Rina Kartika Sari")


@pytest.fixture
def staff():
    return make_user(Role.STAF, full_name="Siti Staf")


def consent(user, purpose: str) -> Consent:
    return services.give_consent(user=user, purpose=purpose)


def actions(obj) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
                .values_list("action", flat=True))


# --- consents -----------------------------------------------------------------------------------


def test_withdrawal_from_profile_stamps_time_and_keeps_text_version(client, person):
    given = consent(person, Consent.Purpose.KOMUNIKASI)
    client.force_login(person)
    page = client.get(reverse("profile")).content.decode()
    assert reverse("consent_withdraw", args=[given.pk]) in page

    response = client.post(reverse("consent_withdraw", args=[given.pk]))

    assert response.status_code == 302
    given.refresh_from_db()
    assert given.withdrawn_at is not None and given.text_version == CONSENT_TEXT_VERSION
    entry = AuditEntry.objects.get(action="accounts.consent.withdrawn")
    assert entry.details["text_version"] == CONSENT_TEXT_VERSION and entry.actor == person


def test_someone_elses_consent_cannot_be_withdrawn(client, person):
    other = make_user(Role.PEMOHON)
    given = consent(other, Consent.Purpose.KOMUNIKASI)
    client.force_login(person)
    assert client.post(reverse("consent_withdraw", args=[given.pk])).status_code == 404
    given.refresh_from_db()
    assert given.withdrawn_at is None


def test_consent_given_again_from_profile(client, person):
    client.force_login(person)
    client.post(reverse("consent_give"), {"purpose": Consent.Purpose.VERIFIKASI_PUBLIK})
    client.post(reverse("consent_give"), {"purpose": Consent.Purpose.VERIFIKASI_PUBLIK})  # double click
    rows = Consent.objects.filter(user=person, purpose=Consent.Purpose.VERIFIKASI_PUBLIK, withdrawn_at__isnull=True)
    assert rows.count() == 1
    assert client.post(reverse("consent_give"), {"purpose": "lainnya\x00"}).status_code == 302  # refused, no 500


def test_non_essential_email_stops_when_komunikasi_is_withdrawn(person, django_capture_on_commit_callbacks):
    given = consent(person, Consent.Purpose.KOMUNIKASI)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=person, subject="Penawaran", body="x", essential=False)
    assert [m.subject for m in mail.outbox] == ["[LSP Perencanaan Pembangunan Indonesia] Penawaran"]

    services.withdraw_consent(consent=given, by=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=person, subject="Penawaran lagi", body="x", essential=False)
        notify(user=person, subject="Keputusan sertifikasi", body="x")  # essential: always sent

    assert [m.subject.split("] ")[1] for m in mail.outbox] == ["Keputusan sertifikasi"]
    assert Notification.objects.filter(recipient=person, subject="Penawaran lagi").exists()  # kept in-app


def test_draft_nudge_reminder_is_not_emailed_without_komunikasi(person, django_capture_on_commit_callbacks):
    """The untouched-draft reminder is non-essential; the applicant's process mail stays essential."""
    from registration.tests.factories import draft_application
    from schemes.tests.factories import load_renbang

    consenting = make_user(Role.PEMOHON, email="setuju@contoh.id")
    consent(consenting, Consent.Purpose.KOMUNIKASI)
    scheme = load_renbang(with_examples=True)
    quiet = draft_application(scheme, person, complete=False)
    loud = draft_application(scheme, consenting, complete=False)
    day = timezone.localdate() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(day)
    assert {r.obj.pk for r in result.sent if r.kind == "registration.incomplete"} == {quiet.pk, loud.pk}
    assert [m.to for m in mail.outbox] == [["setuju@contoh.id"]]
    assert Notification.objects.filter(recipient=person, subject__contains=quiet.reference).exists()


def test_withdrawing_publication_consent_hides_name_on_verification(client, staff):
    from decisions.tests.factories import make_certificate
    from schemes.tests.factories import load_renbang

    director = make_user(Role.DIREKTUR)
    certificate = make_certificate(scheme=load_renbang(with_examples=True), signatory=director, by=staff)
    given = consent(certificate.holder, Consent.Purpose.VERIFIKASI_PUBLIK)
    url = f"/verifikasi/{certificate.public_code}.json"
    assert client.get(url).json()["nama"] == certificate.holder_name

    services.withdraw_consent(consent=given, by=certificate.holder)

    assert client.get(url).json()["nama"] is None
    assert certificate.holder_name not in client.get(f"/verifikasi/{certificate.public_code}/").content.decode()


# --- correction and restriction requests ----------------------------------------------------------


def file_request(client, person, **data) -> CorrectionRequest:
    client.force_login(person)
    payload = {"kind": "koreksi", "data_item": "Tanggal lahir", "detail": "Tertulis 14 Mei, seharusnya 15 Mei."}
    response = client.post(reverse("privacy_requests"), {**payload, **data})
    assert response.status_code == 302, response.content.decode()[:500]
    return CorrectionRequest.objects.get(user=person)


def test_request_filed_from_account_page_with_72_hour_deadline_and_staff_told(client, person, staff,
                                                                            django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        filed = file_request(client, person)
    assert filed.status == "diajukan" and filed.kind == "koreksi"
    assert timedelta(hours=72) <= filed.due_at - before < timedelta(hours=72, minutes=1)
    assert {tuple(m.to) for m in mail.outbox} == {(person.email,), (staff.email,)}
    assert "3×24 jam" in next(m for m in mail.outbox if m.to == [staff.email]).subject
    assert actions(filed) == ["accounts.correctionrequest.filed"]
    page = client.get(reverse("correction_detail", args=[filed.pk])).content.decode()
    assert filed.reference in page and "Batas penyelesaian" in page


def test_short_request_refused_and_input_kept(client, person):
    client.force_login(person)
    response = client.post(reverse("privacy_requests"), {"kind": "pembatasan", "data_item": "Foto", "detail": "x"})
    assert response.status_code == 200 and "minimal 10 karakter" in response.content.decode()
    assert 'value="Foto"' in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_staff_resolve_records_outcome_and_emails_subject(client, person, staff, django_capture_on_commit_callbacks):
    filed = file_request(client, person)
    client.force_login(staff)
    client.post(reverse("correction_take", args=[filed.pk]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("correction_resolve", args=[filed.pk]),
                               {"granted": "1", "outcome": "Tanggal lahir dikoreksi menjadi 15 Mei 1990."})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == "dikabulkan" and filed.handled_by == staff and filed.resolved_at is not None
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "dikoreksi menjadi 15 Mei 1990" in mail.outbox[0].body
    assert actions(filed) == ["accounts.correctionrequest.filed", "accounts.correctionrequest.taken",
                              "accounts.correctionrequest.resolved"]
    # A second outcome is refused with a message, nothing changes.
    response = client.post(reverse("correction_resolve", args=[filed.pk]), {"granted": "0", "outcome": "Tidak."})
    filed.refresh_from_db()
    assert filed.status == "dikabulkan" and response.status_code == 400


def test_refusal_needs_a_reason(client, person, staff):
    filed = file_request(client, person)
    client.force_login(staff)
    response = client.post(reverse("correction_resolve", args=[filed.pk]), {"granted": "0", "outcome": ""})
    assert response.status_code == 400
    filed.refresh_from_db()
    assert filed.status == "diajukan"


def test_applicant_cannot_resolve_or_see_others_requests(client, person, staff):
    filed = file_request(client, person)
    other = make_user(Role.PEMOHON)
    client.force_login(other)
    assert client.get(reverse("correction_detail", args=[filed.pk])).status_code == 404
    client.force_login(person)
    assert client.post(reverse("correction_resolve", args=[filed.pk]),
                       {"granted": "1", "outcome": "Saya sendiri."}).status_code == 403
    assert client.get(reverse("staff_corrections")).status_code == 403


def test_staff_reminded_on_due_day_then_overdue_once(client, person, staff):
    filed = file_request(client, person)
    due_day = timezone.localtime(filed.due_at).date()
    assert not [r for r in sweep(due_day - timedelta(days=1)).sent if r.obj == filed]
    sent = sweep(due_day).sent
    assert [(r.kind, r.recipient) for r in sent if r.obj == filed] == [("accounts.correction_due", staff)]
    assert not [r for r in sweep(due_day).sent if r.obj == filed]  # claimed once
    late = sweep(due_day + timedelta(days=1)).sent
    assert [(r.kind, r.recipient) for r in late if r.obj == filed] == [("accounts.correction_overdue", staff)]
    services.resolve_correction_request(request=filed, by=staff, granted=True, outcome="Sudah dikoreksi.")
    assert not [r for r in sweep(due_day + timedelta(days=2)).sent if r.obj == filed]
    assert SentReminder.objects.filter(kind__startswith="accounts.correction").count() == 2


# --- data export and processing log -------------------------------------------------------------


def read_zip(content: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(archive.read("data.json"))


def test_export_includes_processing_log_with_who_when_why(client, person, staff):
    filed = file_request(client, person)
    services.take_correction_request(request=filed, by=staff)
    client.force_login(person)
    data = read_zip(client.get(reverse("my_data") + "?unduh=zip").content)
    log = data["catatan_pemrosesan"]
    taken = next(row for row in log if row["kode_aksi"] == "accounts.correctionrequest.taken")
    assert taken["oleh"] == "Siti Staf" and "staf" in taken["peran"]
    assert taken["aksi"] == "Permintaan koreksi/pembatasan data diproses staf" and taken["waktu"]
    assert next(row for row in log if row["kode_aksi"] == "accounts.correctionrequest.filed")["oleh"] == "Anda sendiri"


def test_export_log_lists_identity_file_access_by_staff(client, staff):
    from registration.tests.factories import draft_application
    from schemes.tests.factories import load_renbang

    application = draft_application(load_renbang(with_examples=True))
    ktp = application.evidence.get(required_document__code="ktp")
    client.force_login(staff)
    assert client.get(reverse("registration:evidence_file", args=[ktp.pk])).status_code == 200

    client.force_login(application.applicant)
    log = read_zip(client.get(reverse("my_data") + "?unduh=zip").content)["catatan_pemrosesan"]
    access = [row for row in log if row["kode_aksi"] == "registration.evidence.accessed"]
    assert [(row["oleh"], row["rincian"]["document"]) for row in access] == [("Siti Staf", "ktp")]


def test_background_export_starts_72_hour_clock_then_is_downloadable(client, person, settings):
    from skema_lsp.celery import app

    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        client.force_login(person)
        response = client.post(reverse("data_export_request"))  # the broker is not running in this test
    finally:
        app.conf.task_always_eager = eager
    assert response.status_code == 302
    export = DataExportRequest.objects.get(user=person)
    assert export.status == "diproses" and export.due_at - export.requested_at == timedelta(hours=72)
    page = client.get(reverse("my_data")).content.decode()
    assert "Sedang disiapkan" in page and "3×24 jam" in page

    # The sweep produces what the broker never delivered.
    sweep(timezone.localdate())  # too soon: left to the worker
    export.refresh_from_db()
    assert export.status == "diproses"
    DataExportRequest.objects.filter(pk=export.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    sweep(timezone.localdate())
    export.refresh_from_db()
    assert export.status == "siap" and export.ready_at is not None
    raw = storages["default"].open(export.file.name).read()
    assert not raw.startswith(b"PK")  # encrypted at rest
    download = client.get(reverse("data_export_download", args=[export.pk]))
    body = b"".join(download.streaming_content)
    assert read_zip(body)["pengguna"] == person.username
    client.force_login(make_user(Role.PEMOHON))
    assert client.get(reverse("data_export_download", args=[export.pk])).status_code == 404


def test_eager_export_ready_at_once(client, person, celery_eager, django_capture_on_commit_callbacks):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("data_export_request"))
    assert DataExportRequest.objects.get(user=person).status == "siap"
    assert Notification.objects.filter(recipient=person, subject__contains="siap diunduh").exists()


# --- breach register ----------------------------------------------------------------------------


def record(client, staff, *affected) -> BreachIncident:
    client.force_login(staff)
    discovered = timezone.localtime() - timedelta(hours=2)
    response = client.post(reverse("breaches"), {
        "title": "Lampiran email terkirim ke penerima salah",
        "occurred_at": (discovered - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M"),
        "data_exposed": "Nama, NIK dan scan KTP", "cause": "Alamat email salah ketik oleh staf",
        "remediation": "Penerima menghapus email; akses dicabut",
        "affected_usernames": ", ".join(u.username for u in affected),
    })
    assert response.status_code == 302, response.content.decode()[:800]
    return BreachIncident.objects.get()


def test_breach_recorded_with_72_hour_deadline_and_notices_sent(client, staff, person,
                                                                django_capture_on_commit_callbacks):
    incident = record(client, staff, person)
    assert incident.notice_due_at - incident.discovered_at == timedelta(hours=72)
    assert list(incident.affected.all()) == [person]
    page = client.get(reverse("breach_detail", args=[incident.pk])).content.decode()
    assert "Batas pemberitahuan (3×24 jam)" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("breach_notify", args=[incident.pk]))

    incident.refresh_from_db()
    assert incident.status == "diberitahukan" and incident.notified_at is not None
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "Nama, NIK dan scan KTP" in mail.outbox[0].body and "Pasal 46" in mail.outbox[0].body
    pdf = b"".join(client.get(reverse("breach_notice_pdf", args=[incident.pk])).streaming_content)
    text = pdf_text(pdf, collapse=None)
    assert incident.reference in text and "Alamat email salah ketik" in text and "1 orang" in text
    # Sent once only.
    client.post(reverse("breach_notify", args=[incident.pk]))
    assert len(mail.outbox) == 1
    assert actions(incident) == ["accounts.breachincident.recorded", "accounts.breachincident.notified"]


def test_breach_form_refuses_unknown_user_and_future_discovery(client, staff):
    client.force_login(staff)
    response = client.post(reverse("breaches"), {
        "title": "X", "discovered_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "data_exposed": "a", "cause": "b", "remediation": "c", "affected_usernames": "tidak-ada",
    })
    body = response.content.decode()
    assert response.status_code == 200 and "tidak boleh di masa depan" in body and "tidak dikenal" in body
    assert not BreachIncident.objects.exists()


def test_breach_reminders_to_staff_until_notified(client, staff, person):
    incident = record(client, staff, person)
    due_day = timezone.localtime(incident.notice_due_at).date()
    assert [(r.kind, r.recipient) for r in sweep(due_day).sent if r.obj == incident] == [
        ("accounts.breach_notice_due", staff)]
    services.send_breach_notices(incident=incident, by=staff)
    assert not [r for r in sweep(due_day + timedelta(days=1)).sent if r.obj == incident]


def test_breach_pages_are_staff_only(client, person):
    client.force_login(person)
    assert client.get(reverse("breaches")).status_code == 403


