"""Anyone files a complaint on the public page and gets a reference number at once (screen and
email); the complainant follows it by reference and email, or from their account."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from complaints.models import Complaint
from complaints.tests.factories import make_complaint
from registration.samples import sample_pdf
from skema_lsp.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    data = {
        "subject": "pemegang", "certificate_number": "", "complainant_kind": "masyarakat",
        "description": "Pemegang sertifikat ini mengaku ahli di bidang yang tidak ia kuasai.",
        "complainant_name": "Siti Rahmawati", "complainant_email": "siti@contoh.example",
        "complainant_phone": "0812-0000-1111", **overrides,
    }
    return client.post(reverse("complaints:file"), data)


def test_public_complaint_about_a_holder_gets_a_reference_on_screen_and_by_email(
        client, certificate, staff, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, certificate_number=certificate.number.lower())
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("complaints:filed")
    page = client.get(response["Location"]).content.decode()
    assert complaint.reference in page and complaint.reference.startswith("ADU/")
    assert complaint.certificate == certificate and complaint.complainant is None
    assert complaint.status == Complaint.Status.RECEIVED and complaint.due_on > complaint.received_on
    to_complainant = [m for m in mailoutbox if m.to == ["siti@contoh.example"]]
    assert len(to_complainant) == 1 and complaint.reference in to_complainant[0].subject
    assert complaint.reference in to_complainant[0].body and "/pengaduan/lacak/" in to_complainant[0].body
    assert Notification.objects.filter(recipient=staff, subject__contains=complaint.reference).exists()
    assert AuditEntry.objects.filter(action="complaints.complaint.filed", object_id=str(complaint.pk)).exists()


def test_references_are_sequential_per_year(certificate):
    first, second = make_complaint(certificate=certificate), make_complaint()
    assert first.sequence + 1 == second.sequence
    assert second.reference == f"ADU/{second.year}/{second.sequence:04d}"


def test_unknown_certificate_number_is_refused_and_what_was_typed_is_kept(client, db):
    response = _post(client, certificate_number="RENBANG/XX/99")
    page = response.content.decode()
    assert response.status_code == 200 and not Complaint.objects.exists()
    assert "Nomor sertifikat tidak ditemukan" in page and "Siti Rahmawati" in page


def test_complaint_about_the_lsp_needs_no_certificate(client, db, mailoutbox):
    _post(client, subject="lsp")
    complaint = Complaint.objects.get()
    assert complaint.subject == "lsp" and complaint.certificate is None


def test_attachment_is_checked_by_content(client, certificate):
    fake = SimpleUploadedFile("bukti.pdf", b"bukan sebuah pdf", content_type="application/pdf")
    response = client.post(reverse("complaints:file"), {
        "subject": "pemegang", "certificate_number": certificate.number, "complainant_kind": "masyarakat",
        "description": "Pemegang sertifikat ini mengaku ahli di bidang lain.", "complainant_name": "Siti",
        "complainant_email": "siti@contoh.example", "attachment": fake,
    })
    assert response.status_code == 200 and not Complaint.objects.exists()
    real = SimpleUploadedFile("bukti.pdf", sample_pdf(), content_type="application/pdf")
    client.post(reverse("complaints:file"), {
        "subject": "pemegang", "certificate_number": certificate.number, "complainant_kind": "masyarakat",
        "description": "Pemegang sertifikat ini mengaku ahli di bidang lain.", "complainant_name": "Siti",
        "complainant_email": "siti@contoh.example", "attachment": real,
    })
    complaint = Complaint.objects.get()
    assert complaint.attachment_type == "application/pdf" and complaint.attachment_name == "bukti.pdf"
    assert not complaint.attachment.name.endswith("bukti.pdf")  # stored under a random name


def test_filing_is_rate_limited(client, db, settings):
    settings.COMPLAINT_RATE_LIMIT = 2
    for _ in range(2):
        _post(client, subject="lsp")
    response = _post(client, subject="lsp")
    assert response.status_code == 429 and "Retry-After" in response
    assert Complaint.objects.count() == 2


def test_account_holder_files_and_follows_from_their_account(client, db, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    holder = make_user(Role.PEMOHON, full_name="Rina Asesi", email="rina@contoh.example")
    client.force_login(holder)
    form = client.get(reverse("complaints:file")).content.decode()
    assert "Rina Asesi" in form and "rina@contoh.example" in form  # prefilled
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, subject="lsp", complainant_name="Rina Asesi", complainant_email="rina@contoh.example")
    complaint = Complaint.objects.get()
    assert complaint.complainant == holder
    assert [m.to for m in mailoutbox] == [["rina@contoh.example"]]
    assert complaint.reference in client.get(reverse("complaints:my_complaints")).content.decode()
    assert client.get(complaint.get_absolute_url()).status_code == 200
    assert holder.notifications.filter(subject__contains=complaint.reference).exists()


def test_tracking_needs_the_reference_and_the_email_given(client, certificate):
    complaint = make_complaint(certificate=certificate, email="pengadu@contoh.example")
    found = client.post(reverse("complaints:track"), {"reference": complaint.reference.lower(),
                                                      "email": "PENGADU@contoh.example"})
    assert complaint.get_status_display() in found.content.decode()
    wrong = client.post(reverse("complaints:track"), {"reference": complaint.reference, "email": "lain@x.example"})
    page = wrong.content.decode()
    assert "tidak ditemukan" in page and complaint.get_status_display() not in page


def test_tracking_is_rate_limited(client, db, settings):
    settings.COMPLAINT_RATE_LIMIT = 1
    client.post(reverse("complaints:track"), {"reference": "ADU/2026/0001", "email": "a@b.example"})
    assert client.post(reverse("complaints:track"), {"reference": "ADU/2026/0002",
                                                     "email": "a@b.example"}).status_code == 429


def test_filed_page_without_a_filing_goes_back_to_the_form(client, db):
    assert client.get(reverse("complaints:filed"))["Location"] == reverse("complaints:file")


def test_home_and_footer_link_to_the_complaint_page(client, db):
    page = client.get(reverse("home")).content.decode()
    assert page.count(reverse("complaints:file")) >= 2


def test_complainants_export_holds_their_complaints_not_the_handling(certificate, staff, handler):
    import io
    import json
    import zipfile

    from complaints import services
    from skema_lsp.privacy import export_zip

    holder = make_user(Role.PEMOHON, email="rina@contoh.example")
    mine = make_complaint(certificate=certificate, by=holder, email="rina@contoh.example")
    services.assign_handler(complaint=mine, handler=handler, by=staff)
    make_complaint(certificate=certificate, email="lain@contoh.example")  # someone else's
    data = json.loads(zipfile.ZipFile(io.BytesIO(export_zip(holder))).read("data.json"))
    (row,) = data["complaints"]["pengaduan"]
    assert row["reference"] == mine.reference and row["status"] == "Sedang ditangani"
    assert "handler" not in row and handler.display_name not in json.dumps(data)
    about_holder = json.loads(zipfile.ZipFile(io.BytesIO(export_zip(certificate.holder))).read("data.json"))
    assert about_holder["complaints"]["pengaduan"] == []
