"""Pages: what a person sees and what their request changed."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registration.models import Application, DocumentVerdict, Evidence, SelfAssessment
from registration.samples import sample_pdf
from registration.tests.factories import draft_application, make_applicant, submitted_application
from skema_lsp.models import AuditEntry
from skema_lsp.testing import pdf_text


def test_start_and_personal_step_prefilled(client, scheme):
    applicant = make_applicant()
    client.force_login(applicant)
    response = client.post(reverse("registration:start"), {"scheme": scheme.pk}, follow=True)
    application = Application.objects.get(applicant=applicant)
    assert response.request["PATH_INFO"] == reverse("registration:step", args=[application.pk, "data-pribadi"])
    assert 'value="3273015405900002"' in response.content.decode()


def test_invalid_nik_not_saved_and_typed_values_kept(client, scheme):
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    data = {"full_name": "Nama Baru", "nik": "3273015405900002", "birth_place": "Bandung",
            "birth_date": "1991-05-14", "sex": "P", "nationality": "Indonesia", "address": "Jl. A",
            "phone": "0812", "email": "a@contoh.id", "last_education": "S-1"}
    response = client.post(reverse("registration:step", args=[application.pk, "data-pribadi"]), data)
    assert "tidak sesuai dengan tanggal lahir" in response.content.decode()
    assert 'value="Nama Baru"' in response.content.decode()
    application.refresh_from_db()
    assert application.full_name == "Rina Kartika Sari"
    data["birth_date"] = "1990-05-14"
    client.post(reverse("registration:step", args=[application.pk, "data-pribadi"]), {**data, "lanjut": "1"})
    application.refresh_from_db()
    assert application.full_name == "Nama Baru"


def test_units_and_requirements_shown_on_scheme_step(client, scheme):
    application = draft_application(scheme, complete=False)
    client.force_login(application.applicant)
    html = client.get(reverse("registration:step", args=[application.pk, "skema"])).content.decode()
    assert "O.84PPB01.007.1" in html and "O.84PPB01.008.1" in html and "6.4" in html


def test_apl02_partial_save_then_submit_refused_keeps_answers(client, scheme):
    application = draft_application(scheme)
    elements = list(SelfAssessment.objects.filter(application=application).values_list("element_id", flat=True))
    SelfAssessment.objects.filter(application=application).delete()
    client.force_login(application.applicant)
    client.post(reverse("registration:step", args=[application.pk, "apl-02"]),
                {f"jawaban_{elements[0]}": "K", f"jawaban_{elements[1]}": "BK"})
    response = client.post(reverse("registration:step", args=[application.pk, "pernyataan"]),
                           {"rights": "on", "ethics": "on", "fee": "on", "consents": ["sertifikasi"],
                            "ajukan": "1"}, follow=True)
    html = response.content.decode()
    assert "Permohonan belum dapat diajukan" in html and "belum dijawab" in html
    application.refresh_from_db()
    assert application.status == "draft" and application.rights_acknowledged_at
    answers = dict(SelfAssessment.objects.filter(application=application).values_list("element_id", "answer"))
    assert answers[elements[0]] == "K" and answers[elements[1]] == "BK"


def test_submit_from_last_step(client, scheme, mailoutbox, django_capture_on_commit_callbacks):
    application = draft_application(scheme)
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registration:step", args=[application.pk, "pernyataan"]),
                               {"rights": "on", "ethics": "on", "fee": "on", "consents": ["sertifikasi"],
                                "ajukan": "1"}, follow=True)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert "Rp3.500.000" in response.content.decode()
    assert len(mailoutbox) == 1


def test_staff_returns_with_verdicts_via_review_page(client, scheme, staff):
    application = submitted_application(scheme)
    docs = {d.code: d.pk for d in scheme.documents.all()}
    client.force_login(staff)
    data = {f"hasil_{pk}": "memenuhi" for code, pk in docs.items() if code in {"ktp", "pasfoto", "ijazah-s1-d4",
                                                                            "pengalaman-kerja"}}
    data.update({f"hasil_{docs['ktp']}": "tidak_memenuhi", f"catatan_{docs['ktp']}": "Buram", "requirement": "ya",
                 "note": "Ganti KTP", "aksi": "kembalikan"})
    client.post(reverse("registration:review", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.status == "returned"
    assert DocumentVerdict.objects.get(application=application, required_document_id=docs["ktp"]).note == "Buram"
    html = client.get(reverse("registration:detail", args=[application.pk])).content.decode()
    assert "Buram" in html


def test_second_staff_gets_message_not_error(client, scheme, staff, staff2):
    application = submitted_application(scheme)
    client.force_login(staff2)
    from registration import services
    from registration.tests.factories import all_memenuhi

    services.accept_application(application=application, by=staff, verdicts=all_memenuhi(application))
    response = client.post(reverse("registration:review", args=[application.pk]),
                           {"aksi": "tolak", "note": "alasan"}, follow=True)
    assert "sudah berstatus «Diterima sebagai peserta»" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == "accepted"


def test_owner_downloads_file_with_safe_headers_and_ktp_access_logged(client, scheme, staff):
    application = draft_application(scheme)
    ktp = application.evidence.get(required_document__code="ktp")
    client.force_login(application.applicant)
    response = client.get(reverse("registration:evidence_file", args=[ktp.pk]))
    assert b"".join(response.streaming_content) == sample_pdf()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "ktp-1.pdf" in response["Content-Disposition"] and response["Content-Type"] == "application/pdf"
    client.force_login(staff)
    client.get(reverse("registration:evidence_file", args=[ktp.pk]))
    logged = AuditEntry.objects.filter(action="registration.evidence.accessed", object_id=str(ktp.pk))
    assert [e.actor for e in logged] == [application.applicant, staff]
    other = application.evidence.get(required_document__code="ijazah-s1-d4")
    client.get(reverse("registration:evidence_file", args=[other.pk]))
    assert not AuditEntry.objects.filter(action="registration.evidence.accessed", object_id=str(other.pk)).exists()


def test_payment_proof_upload_and_staff_confirmation_visible_to_both(client, scheme, staff):
    application = submitted_application(scheme)
    client.force_login(application.applicant)
    client.post(reverse("registration:payment_proof", args=[application.pk]),
                {"berkas": SimpleUploadedFile("transfer.pdf", sample_pdf())})
    application.payment.refresh_from_db()
    assert application.payment.status == "proof_uploaded"
    client.force_login(staff)
    html = client.get(reverse("registration:review", args=[application.pk])).content.decode()
    assert "Rp3.500.000" in html and "transfer.pdf" in html
    client.post(reverse("registration:payment_decide", args=[application.pk]), {"aksi": "konfirmasi"})
    client.force_login(application.applicant)
    html = client.get(reverse("registration:detail", args=[application.pk])).content.decode()
    assert "Lunas (dikonfirmasi)" in html


def test_status_page_timeline(client, scheme, staff):
    from registration import services
    from registration.tests.factories import all_memenuhi

    application = submitted_application(scheme)
    services.accept_application(application=application, by=staff, verdicts=all_memenuhi(application))
    client.force_login(application.applicant)
    html = client.get(reverse("registration:detail", args=[application.pk])).content.decode()
    for label in ["Draf permohonan dibuat", "Diajukan", "Diterima sebagai peserta sertifikasi"]:
        assert label in html
    assert "Siti Staf" not in html  # the applicant sees what happened, not which staff member


def _queue_queries(client, staff) -> int:
    client.force_login(staff)
    client.get(reverse("registration:staff_queue"))  # warm session/user caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("registration:staff_queue"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode().count("APL-0")


def test_staff_queue_query_count_constant(client, scheme, staff):
    first = submitted_application(scheme)
    one, rows_one = _queue_queries(client, staff)
    base = Application.objects.get(pk=first.pk)
    # 29 more submitted applications, cloned cheaply (the queue reads only these rows).
    for i in range(29):
        clone = Application.objects.get(pk=base.pk)
        clone.pk = None
        clone.applicant = make_applicant(nik="", full_name=f"Pemohon {i}")
        clone.full_name = f"Pemohon {i}"
        clone.save()
        Evidence.objects.create(application=clone, file="x.pdf", original_name="x.pdf", content_type="application/pdf",
                                size=1, sha256="0" * 64)
    many, rows_many = _queue_queries(client, staff)
    assert (rows_one, rows_many) == (1, 30)
    assert one == many


def test_staff_queue_filters_and_search(client, scheme, staff):
    a = submitted_application(scheme)
    b = draft_application(scheme, make_applicant(username="lain", full_name="Joko Susilo", nik="3171010101900001",
                                                 birth_date=date(1990, 1, 1), sex="L"))
    from registration import services

    services.submit_application(application=b, by=b.applicant)
    client.force_login(staff)
    response = client.post(reverse("registration:staff_queue"), {"q": "3171010101"})
    assert "3171010101" not in response["Location"]  # a NIK never goes into a URL
    html = client.get(response["Location"]).content.decode()
    assert b.reference in html and a.reference not in html
    response = client.post(reverse("registration:staff_queue"), {"q": "rina", "status": "submitted"})
    assert response["Location"].endswith("?status=submitted")
    html = client.get(response["Location"]).content.decode()
    assert a.reference in html and b.reference not in html
    client.post(reverse("registration:staff_queue"), {"q": ""})
    html = client.get(reverse("registration:staff_queue"), {"status": "accepted"}).content.decode()
    assert a.reference not in html


@pytest.mark.parametrize("url_name,code", [("apl01_pdf", "FR.APL.01"), ("apl02_pdf", "FR.APL.02")])
def test_printable_pdfs(client, scheme, staff, url_name, code):
    application = submitted_application(scheme)
    client.force_login(application.applicant)
    own = pdf_text(client.get(reverse(f"registration:{url_name}", args=[application.pk])).content, layout=True)
    assert code in own and "Rina Kartika Sari" in own
    if code == "FR.APL.01":
        assert "O.84PPB01.007.1" in own and "Rp3.500.000" in own and "3273********0002" in own
        assert "3273015405900002" not in own
        client.force_login(staff)
        assert "3273015405900002" in pdf_text(client.get(reverse(f"registration:{url_name}",
                                                                 args=[application.pk])).content, layout=True)
    else:
        assert "Dapatkah saya" in own and " K " in own


@pytest.mark.django_db
def test_recertification_purpose_cannot_be_chosen_on_a_new_application():
    from registration.forms import SchemeForm

    form = SchemeForm(instance=Application(purpose=Application.Purpose.SERTIFIKASI))
    assert Application.Purpose.SERTIFIKASI_ULANG not in [value for value, _ in form.fields["purpose"].choices]
    locked = SchemeForm(instance=Application(purpose=Application.Purpose.SERTIFIKASI_ULANG))
    assert locked.fields["purpose"].disabled and locked.fields["scheme"].disabled


def test_invoice_says_how_and_by_when_to_pay_everywhere_alike(client, scheme, settings, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    """Clause 8: the invoice page and its e-mail give the account, amount, transfer reference and due
    date; the home page states the same rule (due N days after submission)."""
    from django.utils import timezone

    from skema_lsp.templatetags.formatting import tanggal

    settings.PAYMENT_DUE_DAYS = 10
    settings.PAYMENT_BANK, settings.PAYMENT_ACCOUNT_NUMBER = "Bank Uji Syariah", "700-11-22334"
    settings.PAYMENT_ACCOUNT_NAME = "LSP Renbang Rekening Biaya"
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(scheme)
    payment = application.payment
    due = tanggal(timezone.localdate() + timedelta(days=10))
    assert payment.due_on == timezone.localdate() + timedelta(days=10)
    mail = mailoutbox[0].body
    client.force_login(application.applicant)
    page = client.get(reverse("registration:detail", args=[application.pk])).content.decode()
    for text in (mail, page):
        for part in ("Rp3.500.000", "Bank Uji Syariah", "700-11-22334", "LSP Renbang Rekening Biaya",
                     payment.invoice_number, due, "10 hari setelah tagihan terbit"):
            assert part in text, part
    home = client.get(reverse("home")).content.decode()
    assert "terbit saat permohonan diajukan" in home and "paling lambat 10 hari setelahnya" in home
    assert "setelah diterima, bayar" not in home  # the old, contradicting rule


def _apl02_answers(application) -> dict:
    elements = list(SelfAssessment.objects.filter(application=application).values_list("element_id", flat=True))
    SelfAssessment.objects.filter(application=application).delete()
    return {f"jawaban_{elements[0]}": "K", f"jawaban_{elements[1]}": "BK"}, elements


def test_apl02_upload_on_the_same_page_keeps_every_answer(client, scheme):
    """The extra-evidence upload is part of the APL-02 form: what was ticked is saved with it."""
    application = draft_application(scheme)
    answers, elements = _apl02_answers(application)
    client.force_login(application.applicant)
    url = reverse("registration:step", args=[application.pk, "apl-02"])
    upload = SimpleUploadedFile("notulen-rapat.pdf", sample_pdf(), content_type="application/pdf")
    response = client.post(url, {**answers, "berkas": upload, "keterangan": "Notulen", "unggah": "1"})
    assert response.status_code == 302 and response["Location"] == f"{url}#bukti-tambahan"
    saved = dict(SelfAssessment.objects.filter(application=application).values_list("element_id", "answer"))
    assert saved[elements[0]] == "K" and saved[elements[1]] == "BK"
    evidence = application.evidence.get(original_name="notulen-rapat.pdf")
    assert evidence.kind == Evidence.Kind.PORTFOLIO and evidence.description == "Notulen"
    page = client.get(url).content.decode()
    assert "notulen-rapat.pdf" in page and "Jawaban APL-02 disimpan." in page
    assert page.count('checked') >= 2  # the answers come back ticked

    # A refused file is not stored, and the answers are saved all the same.
    answers[f"jawaban_{elements[0]}"] = "BK"
    bad = SimpleUploadedFile("bukan.pdf", b"MZ\x90\x00 bukan pdf", content_type="application/pdf")
    page = client.post(url, {**answers, "berkas": bad, "unggah": "1"}, follow=True).content.decode()
    assert "Berkas tidak diunggah" in page and not application.evidence.filter(original_name="bukan.pdf").exists()
    assert SelfAssessment.objects.get(application=application, element_id=elements[0]).answer == "BK"

    # Removing a file works the same way.
    client.post(url, {**answers, "hapus": str(evidence.pk)})
    evidence.refresh_from_db()
    assert evidence.superseded_at is not None
    assert SelfAssessment.objects.get(application=application, element_id=elements[1]).answer == "BK"


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999", "1\x00"])
def test_start_with_a_malformed_scheme_is_a_message_not_an_error(client, scheme, value):
    applicant = make_applicant()
    client.force_login(applicant)
    response = client.post(reverse("registration:start"), {"scheme": value}, follow=True)
    assert response.status_code == 200
    assert "Pilih salah satu skema yang tersedia." in [str(m) for m in response.context["messages"]]
    assert not Application.objects.filter(applicant=applicant).exists()
