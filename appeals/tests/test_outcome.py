"""9.9.6–9.9.7: the panel decides by majority with reasons, the letter is issued as a PDF, the outcome is
binding (no second appeal) and an upheld appeal leads to a re-assessment or a corrected decision."""


import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals import services
from appeals.models import Appeal, PanelVote
from appeals.tests.factories import ANSWERS, file_appeal, make_decided_case, under_review
from assessment import services as assessment_services
from assessment.models import Assessment
from assessment.tests.factories import make_assessor
from decisions.models import Decision
from registration import services as registration_services
from registration.models import Evidence
from registration.samples import sample_pdf
from skema_lsp.models import AuditEntry, Notification
from skema_lsp.testing import pdf_text
from skema_lsp.uploads import validate_upload

pytestmark = pytest.mark.django_db


def _pdf_text(field) -> str:
    with field.open("rb") as handle:
        return pdf_text(handle.read(), collapse=None)


def _members(appeal):
    return [p.member for p in appeal.panel.select_related("member")]


# --- filing and acknowledgement -----------------------------------------------------------------

def test_filing_acknowledges_with_a_reference_on_screen_and_by_email(client, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    decision = make_decided_case()
    make_user(Role.STAF, email="staf@contoh.id")
    client.force_login(decision.candidate)
    data = {"process_explained": "ya", "discussed_with_assessor": "tidak", "involves_other_person": "ya",
            "reasons": ANSWERS.reasons,
            "attachments": [SimpleUploadedFile("bukti.pdf", sample_pdf(), content_type="application/pdf")]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appeals:file", args=[decision.pk]), data, follow=True)
    appeal = Appeal.objects.get()
    assert appeal.reference.startswith("BND/") and appeal.reference.endswith("/0001")
    assert (appeal.process_explained, appeal.discussed_with_assessor, appeal.involves_other_person) == (
        True, False, True)
    assert appeal.attachments.get().original_name == "bukti.pdf"
    page = response.content.decode()
    assert f"Banding Anda telah diterima dengan nomor {appeal.reference}" in page
    to_appellant = [m for m in mailoutbox if decision.candidate.email in m.to]
    assert len(to_appellant) == 1 and appeal.reference in to_appellant[0].subject
    assert appeal.due_on.strftime("%Y") in to_appellant[0].body
    assert any("staf@contoh.id" in m.to for m in mailoutbox)
    assert AuditEntry.objects.filter(action="appeals.appeal.filed", object_id=str(appeal.pk)).exists()


def test_a_refused_attachment_keeps_the_appeal_unfiled(client):
    decision = make_decided_case()
    client.force_login(decision.candidate)
    data = {"process_explained": "ya", "discussed_with_assessor": "ya", "involves_other_person": "tidak",
            "reasons": ANSWERS.reasons, "attachments": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")]}
    response = client.post(reverse("appeals:file", args=[decision.pk]), data)
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert not Appeal.objects.exists()


def test_references_are_sequential_per_year():
    first = file_appeal(make_decided_case())
    second = file_appeal(make_decided_case())
    assert second.sequence == first.sequence + 1
    assert second.reference == f"BND/{second.year}/{second.sequence:04d}"


def test_attachments_are_stored_under_random_names():
    upload = validate_upload(SimpleUploadedFile("KTP Rina.pdf", sample_pdf()))
    appeal = file_appeal(make_decided_case(), attachments=[upload])
    item = appeal.attachments.get()
    assert "Rina" not in item.file.name and item.sha256 == upload.sha256


def test_attachment_downloads_with_the_extension_of_its_content(client):
    upload = validate_upload(SimpleUploadedFile("surat.docx", sample_pdf()))
    appeal = file_appeal(make_decided_case(), attachments=[upload])
    item = appeal.attachments.get()
    client.force_login(appeal.appellant)
    response = client.get(reverse("appeals:attachment", args=[appeal.pk, item.pk]))
    assert response.status_code == 200 and 'filename="surat.pdf"' in response["Content-Disposition"]


# --- binding: one appeal per decision -----------------------------------------------------------

def test_a_second_appeal_on_the_same_decision_is_refused(client):
    decision = make_decided_case()
    file_appeal(decision)
    with pytest.raises(services.AppealError, match="sudah pernah diajukan banding"):
        file_appeal(decision)
    client.force_login(decision.candidate)
    response = client.post(reverse("appeals:file", args=[decision.pk]),
                           {"process_explained": "ya", "discussed_with_assessor": "ya",
                            "involves_other_person": "tidak", "reasons": ANSWERS.reasons}, follow=True)
    assert "sudah pernah diajukan banding" in response.content.decode()
    assert Appeal.objects.count() == 1


def test_a_rejected_appeal_cannot_be_filed_again():
    appeal = under_review()
    for member in _members(appeal)[:2]:
        services.cast_vote(appeal=appeal, by=member, result="ditolak", reasons="Proses sesuai SOP.")
    with pytest.raises(services.AppealError, match="mengikat"):
        file_appeal(appeal.decision)


def test_a_corrected_decision_from_an_appeal_cannot_be_appealed():
    appeal = under_review()
    for member in _members(appeal)[:2]:
        services.cast_vote(appeal=appeal, by=member, result="dikabulkan", reasons="Portofolio tidak dinilai.")
    services.order_corrected_decision(appeal=appeal, by=make_user(Role.STAF),
                                      note="Tinjau ulang portofolio unit kedua.")
    appeal.refresh_from_db()
    # What the technical team's reconsideration records (decisions' meeting flow).
    corrected = Decision.objects.create(assessment=appeal.decision.assessment, result="BK",
                                        corrects=appeal.decision, notified_at=appeal.decided_at)
    with pytest.raises(services.AppealError, match="hasil banding yang bersifat mengikat"):
        file_appeal(corrected)


def test_filing_never_blocks_a_later_application():
    decision = make_decided_case()
    file_appeal(decision)
    application = registration_services.start_application(applicant=decision.candidate,
                                                           scheme=decision.application.scheme)
    assert application.applicant == decision.candidate


# --- the majority outcome and the letter --------------------------------------------------------

def test_one_vote_does_not_decide_and_a_split_waits_for_the_third():
    appeal = under_review()
    first, second, third = _members(appeal)
    services.cast_vote(appeal=appeal, by=first, result="dikabulkan", reasons="Portofolio tidak dinilai.")
    services.cast_vote(appeal=appeal, by=second, result="ditolak", reasons="Sudah sesuai SOP.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UNDER_REVIEW and not appeal.letter_pdf
    services.cast_vote(appeal=appeal, by=third, result="dikabulkan", reasons="Bukti portofolio diabaikan asesor.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD
    assert appeal.outcome == Appeal.Outcome.UPHELD
    assert "Portofolio tidak dinilai." in appeal.outcome_reasons
    assert "Sudah sesuai SOP." not in appeal.outcome_reasons


def test_majority_upheld_issues_the_letter_and_tells_the_appellant(mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    appeal = under_review()
    first, second, third = _members(appeal)
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_vote(appeal=appeal, by=first, result="dikabulkan", reasons="Portofolio tidak dinilai.")
        services.cast_vote(appeal=appeal, by=second, result="dikabulkan", reasons="Asesor tidak memberi umpan balik.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD
    text = _pdf_text(appeal.letter_pdf)
    assert "SURAT KEPUTUSAN BANDING" in text
    assert appeal.reference in text and "DIKABULKAN" in text
    assert "Portofolio tidak dinilai." in text
    assert first.display_name in text
    mail = [m for m in mailoutbox if appeal.appellant.email in m.to and "Keputusan banding" in m.subject]
    assert len(mail) == 1 and "DIKABULKAN" in mail[0].body
    # The third member can no longer vote: the appeal is decided.
    with pytest.raises(services.AppealError, match="tidak sedang diperiksa"):
        services.cast_vote(appeal=appeal, by=third, result="ditolak", reasons="Terlambat.")


def test_majority_rejected_closes_the_appeal():
    appeal = under_review()
    for member in _members(appeal)[:2]:
        services.cast_vote(appeal=appeal, by=member, result="ditolak", reasons="Proses asesmen sesuai SOP.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED
    assert "DITOLAK" in _pdf_text(appeal.letter_pdf)
    with pytest.raises(services.AppealError):
        services.order_reassessment(appeal=appeal, by=make_user(Role.STAF))
    assert not Assessment.objects.filter(application=appeal.decision.application, round=2).exists()


def test_only_panel_members_vote_and_only_once():
    appeal = under_review()
    outsider = make_user(Role.TIM_BANDING)
    with pytest.raises(services.AppealError, match="Hanya anggota tim banding perkara ini"):
        services.cast_vote(appeal=appeal, by=outsider, result="dikabulkan", reasons="x")
    member = _members(appeal)[0]
    services.cast_vote(appeal=appeal, by=member, result="dikabulkan", reasons="Alasan pertama.")
    with pytest.raises(services.AppealError, match="sudah memberikan pendapat"):
        services.cast_vote(appeal=appeal, by=member, result="ditolak", reasons="Berubah pikiran.")
    assert PanelVote.objects.filter(appeal=appeal).count() == 1


def test_majority_counts_the_whole_panel():
    assert services.majority_outcome([PanelVote(result="dikabulkan")], 3) is None
    assert services.majority_outcome([PanelVote(result="dikabulkan")] * 2, 3) == "dikabulkan"
    assert services.majority_outcome([PanelVote(result="ditolak")] * 2, 4) is None
    assert services.majority_outcome([PanelVote(result="ditolak")] * 3, 4) == "ditolak"


# --- the binding effect -------------------------------------------------------------------------

def _upheld():
    appeal = under_review()
    for member in _members(appeal)[:2]:
        services.cast_vote(appeal=appeal, by=member, result="dikabulkan", reasons="Portofolio tidak dinilai.")
    appeal.refresh_from_db()
    return appeal


def test_upheld_opens_a_reassessment_that_excludes_the_original_assessor():
    appeal = _upheld()
    original = appeal.decision.assessment.assessor
    staff = make_user(Role.STAF)
    services.order_reassessment(appeal=appeal, by=staff, note="Asesmen ulang seluruh unit.")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REMEDIED
    reassessment = appeal.reassessment
    assert reassessment.round == 2 and reassessment.excluded_assessor == original
    with pytest.raises(assessment_services.AssessmentError, match="asesor yang berbeda"):
        assessment_services.assign_assessor(application=reassessment.application, assessor=original, by=staff)
    other = make_assessor()
    assigned = assessment_services.assign_assessor(application=reassessment.application, assessor=other, by=staff)
    assert assigned.pk == reassessment.pk and assigned.assessor == other


def test_upheld_with_a_corrected_decision_goes_back_to_the_technical_team():
    appeal = _upheld()
    with pytest.raises(services.AppealError, match="Catatan untuk rapat"):
        services.order_corrected_decision(appeal=appeal, by=make_user(Role.STAF), note="  ")
    services.order_corrected_decision(appeal=appeal, by=make_user(Role.STAF),
                                      note="Portofolio unit kedua belum dinilai.")
    appeal.refresh_from_db()
    original = Decision.objects.get(pk=appeal.decision_id)
    assert original.reconsideration_requested_at and "Portofolio unit kedua" in original.reconsideration_reason
    assert not Decision.objects.filter(corrects=original).exists() and appeal.corrected_decision is None
    assert appeal.status == Appeal.Status.REMEDIED
    assert Notification.objects.filter(recipient=appeal.appellant, subject__startswith="Tindak lanjut banding").exists()


def test_remedy_is_applied_once():
    appeal = _upheld()
    staff = make_user(Role.STAF)
    services.order_reassessment(appeal=appeal, by=staff)
    with pytest.raises(services.AppealError):
        services.order_reassessment(appeal=appeal, by=staff)
    assert Assessment.objects.filter(application=appeal.decision.application).count() == 2


def test_assessor_removed_by_an_upheld_appeal_has_no_access_to_the_candidates_files(client):
    """The original assessor's round is decided and replaced: their access ends at once, whatever the
    record looked like before; the new round's assessor gets it once they declare no conflict."""
    appeal = _upheld()
    application = appeal.decision.application
    original = appeal.decision.assessment.assessor
    # A record made before decisions finalised it (data from before issue 12) must not keep access.
    Assessment.objects.filter(pk=appeal.decision.assessment_id).update(decided_at=None)
    evidence = Evidence(application=application, kind="portfolio", original_name="portofolio.pdf",
                        content_type="application/pdf", size=1, sha256="0" * 64, uploaded_by=application.applicant)
    evidence.file.save("portofolio.pdf", ContentFile(sample_pdf()), save=True)
    url = reverse("registration:evidence_file", args=[evidence.pk])
    staff = make_user(Role.STAF)
    services.order_reassessment(appeal=appeal, by=staff)

    client.force_login(original)
    assert client.get(url).status_code == 404
    assert client.get(reverse("registration:detail", args=[application.pk])).status_code == 404
    other = make_assessor()
    round_two = assessment_services.assign_assessor(application=application, assessor=other, by=staff)
    assessment_services.declare_conflict(assessment=round_two, by=other, has_conflict=False)
    client.force_login(other)
    assert client.get(url).status_code == 200
    client.force_login(staff)
    assert client.get(url).status_code == 200
