"""The SK (9.4.5): the signatory previews the draft, approves it or returns it with a reason; the
approved SK names its legal basis, the place it was set and the certificate numbers it gives; a
held certificate says why it is held."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import services
from decisions.models import Certificate, DecisionLetter
from decisions.services import DecisionError
from decisions.tests.factories import make_payment, make_ready_assessment
from decisions.tests.test_meetings import run_meeting
from skema_lsp.models import AuditEntry, Notification
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(staff, members, scheme):
    kompeten = make_ready_assessment(scheme=scheme)
    belum = make_ready_assessment(scheme=scheme, recommendation="BK")
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [kompeten, belum]), by=staff)
    return services.draft_letter(meeting=meeting, by=staff)


def _names(letter) -> dict[str, str]:
    return {d.result: d.application.full_name for d in services.letter_decisions(letter)}


def test_director_previews_the_draft_sk(client, letter, director, settings):
    settings.LSP_CITY = "Bandung"
    client.force_login(director)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert reverse("decisions:sk_pdf", args=[letter.pk]) in page and "Pratinjau draf SK" in page
    response = client.get(reverse("decisions:sk_pdf", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Pratinjau draf SK: belum disetujui dan belum berlaku" in text
    for part in ("Menimbang", "Mengingat", "Undang-Undang Nomor 13 Tahun 2003", "MEMUTUSKAN", "KESATU", "KEDUA",
                 "KETIGA", "KEEMPAT", "KELIMA", "Ditetapkan di : Bandung", letter.meeting.ba_number):
        assert part in text, part
    assert _names(letter)["K"] in text and _names(letter)["BK"] in text
    assert "diberikan saat SK disetujui" in text
    letter.refresh_from_db()
    assert not letter.pdf and letter.status == DecisionLetter.Status.DRAF  # a preview stores nothing
    client.force_login(make_user(Role.TIM_TEKNIS))
    assert client.get(reverse("decisions:sk_pdf", args=[letter.pk])).status_code == 404


def test_director_returns_the_draft_with_a_reason_and_staff_resubmit(client, letter, director, staff):
    client.force_login(director)
    url = reverse("decisions:sk_return", args=[letter.pk])
    client.post(url, {"reason": "  "})
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DRAF  # no reason, no return
    client.post(url, {"reason": "Nama asesi kedua salah eja; perbaiki data permohonan."})
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DIKEMBALIKAN
    assert letter.return_reason == "Nama asesi kedua salah eja; perbaiki data permohonan."
    entry = AuditEntry.objects.get(action="decisions.letter.returned")
    assert entry.actor == director and entry.details["reason"] == letter.return_reason
    told = Notification.objects.filter(subject__contains="dikembalikan", recipient=staff).get()
    assert "salah eja" in told.body
    with pytest.raises(DecisionError):
        services.approve_letter(letter=letter, by=director)
    assert not Certificate.objects.exists()

    client.force_login(staff)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "salah eja" in page and "Ajukan kembali ke Direktur" in page
    before = Notification.objects.filter(recipient=director, subject__contains=letter.number).count()
    client.post(reverse("decisions:sk_resubmit", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DRAF
    assert Notification.objects.filter(recipient=director, subject__contains=letter.number).count() == before + 1
    with pytest.raises(DecisionError, match="Direktur"):
        services.return_letter(letter=letter, by=staff, reason="x")


def test_approved_sk_names_the_certificate_numbers(letter, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [certificate] = services.approve_letter(letter=letter, by=director)
    letter.refresh_from_db()
    text = pdf_text(letter.pdf.read())
    assert certificate.number in text and "Pratinjau" not in text
    assert "Ditetapkan di : Jakarta" in text and director.display_name in text
    assert AuditEntry.objects.get(action="decisions.letter.approved").actor == director


def test_held_certificate_says_why(client, staff, members, scheme, director, django_capture_on_commit_callbacks):
    unpaid = make_ready_assessment(scheme=scheme, paid=False)
    meeting = services.close_meeting(meeting=run_meeting(staff, members, [unpaid]), by=staff)
    letter = services.draft_letter(meeting=meeting, by=staff)
    client.force_login(director)
    response = client.post(reverse("decisions:sk_approve", args=[letter.pk]), follow=True)
    html = response.content.decode()
    assert "0 sertifikat diterbitkan" in html  # the approval itself, then why
    assert f"biaya sertifikasi belum lunas: {unpaid.application.full_name} (tagihan belum diterbitkan)" in html
    letter.refresh_from_db()
    assert "ditangguhkan sampai biaya sertifikasi lunas" in pdf_text(letter.pdf.read())

    make_payment(unpaid.application, confirmed=False)  # proof uploaded, not yet confirmed
    client.force_login(staff)
    response = client.post(reverse("decisions:sk_issue_pending", args=[letter.pk]), follow=True)
    html = response.content.decode()
    assert "0 sertifikat diterbitkan" not in html and not Certificate.objects.exists()
    assert f"{unpaid.application.full_name} (Bukti diunggah, menunggu konfirmasi)" in html
    assert reverse("registration:review", args=[unpaid.application.pk]) in html

    payment = unpaid.application.payment
    payment.status = payment.Status.CONFIRMED
    payment.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("decisions:sk_issue_pending", args=[letter.pk]), follow=True)
    certificate = Certificate.objects.get()
    assert f"1 sertifikat diterbitkan: {certificate.number}." in response.content.decode()
