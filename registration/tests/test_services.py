"""Every move of the application and payment tables, and every refused move."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Consent
from registration import services
from registration.models import Application, DocumentVerdict, Evidence, Payment, SelfAssessment
from registration.queries import is_fee_settled, required_documents
from registration.samples import sample_pdf
from registration.services import VerdictInput
from registration.tests.factories import (
    all_memenuhi,
    answer_all_elements,
    draft_application,
    make_applicant,
    pdf_upload,
    png_upload,
    submitted_application,
)
from schemes.tests.factories import make_full_scheme
from skema_lsp.models import AuditEntry
from skema_lsp.uploads import validate_upload

S = Application.Status


def actions(application) -> list[tuple[str, str, str]]:
    from skema_lsp.audit import timeline

    return [(e.action, e.from_state, e.to_state) for e in timeline(application)]


def element_count(scheme) -> int:
    from schemes.models import Element

    return Element.objects.filter(unit__scheme=scheme).count()


def flag(application, code: str, verdict: str = "tidak_memenuhi", note: str = "Scan buram") -> dict:
    verdicts = all_memenuhi(application)
    verdicts[application.scheme.documents.get(code=code).pk] = VerdictInput(verdict, note)
    return verdicts


# --- start and draft -------------------------------------------------------------------------


def test_start_prefills_personal_data_from_profile(scheme):
    applicant = make_applicant()
    application = services.start_application(applicant=applicant, scheme=scheme)
    assert (application.full_name, application.nik, application.sex) == ("Rina Kartika Sari", "3273015405900002", "P")
    assert application.status == S.DRAFT
    assert actions(application) == [("registration.application.created", "", "draft")]


def test_second_open_application_for_same_scheme_refused(scheme):
    application = draft_application(scheme, complete=False)
    with pytest.raises(services.OpenApplicationExists):
        services.start_application(applicant=application.applicant, scheme=scheme)


def test_consents_stored_per_purpose_with_version_and_withdrawn(scheme):
    applicant = make_applicant()
    services.record_consents(user=applicant, purposes={"sertifikasi", "komunikasi"})
    rows = Consent.objects.filter(user=applicant, withdrawn_at__isnull=True)
    assert {r.purpose for r in rows} == {"sertifikasi", "komunikasi"}
    assert {r.text_version for r in rows} == {services.CONSENT_TEXT_VERSION}
    assert all(r.text and r.given_at for r in rows)
    services.record_consents(user=applicant, purposes={"sertifikasi"})
    assert Consent.objects.get(user=applicant, purpose="komunikasi").withdrawn_at is not None


def test_documents_asked_follow_the_claim(scheme):
    application = draft_application(scheme, complete=False)
    assert {d.code for d in required_documents(application)} == {"ktp", "pasfoto"}
    application.basic_requirement = scheme.requirements.get(code="6.4")
    assert {d.code for d in required_documents(application)} == {"ktp", "pasfoto", "pengalaman-kerja",
                                                                  "hasil-kegiatan"}
    application.basic_requirement = scheme.requirements.get(code="6.1")
    assert {d.code for d in required_documents(application)} == {"ktp", "pasfoto", "transkrip-semester-vi",
                                                                  "bukti-praktik-kerja"}


def test_new_file_for_one_file_document_supersedes_old_and_keeps_history(scheme):
    application = draft_application(scheme, complete=False)
    ktp = scheme.documents.get(code="ktp")
    first = services.add_evidence(application=application, upload=pdf_upload("ktp1.pdf"), by=application.applicant,
                                  required_document=ktp)
    second = services.add_evidence(application=application, upload=pdf_upload("ktp2.pdf"),
                                   by=application.applicant, required_document=ktp)
    first.refresh_from_db()
    assert first.superseded_at is not None and first.replaced_by == second and second.is_current
    assert first.file.storage.exists(first.file.name)  # history keeps the file


# --- submit ----------------------------------------------------------------------------------


def test_submit_moves_to_submitted_issues_invoice_and_emails(scheme, mailoutbox, django_capture_on_commit_callbacks):
    application = draft_application(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.submit_application(application=application, by=application.applicant)
    assert application.status == S.SUBMITTED and application.submitted_at and application.review_round == 1
    payment = Payment.objects.get(application=application)
    assert payment.amount == 3500000 and payment.status == Payment.Status.UNPAID
    assert ("registration.application.submitted", "draft", "submitted") in actions(application)
    assert len(mailoutbox) == 1 and application.reference in mailoutbox[0].subject
    assert mailoutbox[0].to == [application.applicant.email]


def test_submit_with_unanswered_element_refused_and_answers_kept(scheme):
    application = draft_application(scheme, complete=True)
    SelfAssessment.objects.filter(application=application).first().delete()
    answered = SelfAssessment.objects.filter(application=application).count()
    with pytest.raises(services.SubmissionIncomplete) as exc:
        services.submit_application(application=application, by=application.applicant)
    assert any("Jawab K/BK untuk setiap elemen APL-02 (1 belum dijawab" in p for p in exc.value.problems)
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert SelfAssessment.objects.filter(application=application).count() == answered


def test_submit_incomplete_lists_what_is_missing(scheme):
    application = draft_application(scheme, complete=False)
    with pytest.raises(services.SubmissionIncomplete) as exc:
        services.submit_application(application=application, by=application.applicant)
    text = " ".join(exc.value.problems)
    for expected in ["persyaratan dasar", "Unggah Fotokopi KTP", "Jawab K/BK", "kode etik", "persetujuan", "pekerjaan"]:
        assert expected.lower() in text.lower(), expected


def test_scheme_without_elements_cannot_be_submitted(db):
    scheme = make_full_scheme()
    application = services.start_application(applicant=make_applicant(), scheme=scheme)
    problems = services.submission_problems(application)
    assert any("belum memiliki elemen kompetensi" in p for p in problems)


def test_submit_twice_refused(scheme):
    application = submitted_application(scheme)
    with pytest.raises(services.TransitionRefused, match="sudah berstatus «Diajukan»"):
        services.submit_application(application=application, by=application.applicant)


def test_submitted_application_is_locked(scheme):
    application = submitted_application(scheme)
    with pytest.raises(services.RegistrationError):
        services.save_self_assessment(application=application, answers={})
    with pytest.raises(services.RegistrationError):
        services.add_evidence(application=application, upload=pdf_upload(), by=application.applicant,
                              required_document=scheme.documents.get(code="ktp"))


# --- verification ----------------------------------------------------------------------------


def test_return_for_revision_stores_verdicts_and_emails(scheme, staff, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    application = submitted_application(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.return_for_revision(application=application, by=staff,
                                                   verdicts=flag(application, "ktp"), note="Perbaiki KTP")
    assert application.status == S.RETURNED and application.returned_at
    verdict = DocumentVerdict.objects.get(application=application, required_document__code="ktp")
    assert (verdict.verdict, verdict.note, verdict.review_round) == ("tidak_memenuhi", "Scan buram", 1)
    assert ("registration.application.returned", "submitted", "returned") in actions(application)
    body = mailoutbox[-1].body
    assert "Fotokopi KTP" in body and "Scan buram" in body and "Perbaiki KTP" in body


def test_return_without_any_flagged_document_refused(scheme, staff):
    application = submitted_application(scheme)
    with pytest.raises(services.RegistrationError, match="minimal satu dokumen"):
        services.return_for_revision(application=application, by=staff, verdicts=all_memenuhi(application))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and not application.verdicts.exists()


def test_returned_applicant_replaces_only_flagged_document(scheme, staff):
    application = submitted_application(scheme)
    application = services.return_for_revision(application=application, by=staff,
                                               verdicts=flag(application, "ktp"))
    with pytest.raises(services.RegistrationError, match="tidak ditandai"):
        services.add_evidence(application=application, upload=png_upload(), by=application.applicant,
                              required_document=scheme.documents.get(code="pasfoto"))
    with pytest.raises(services.RegistrationError):
        services.save_self_assessment(application=application, answers={})
    old = application.evidence.get(required_document__code="ktp", superseded_at__isnull=True)
    new = services.add_evidence(application=application, upload=pdf_upload("ktp-baru.pdf"),
                                by=application.applicant, required_document=scheme.documents.get(code="ktp"))
    old.refresh_from_db()
    assert old.replaced_by == new and old.superseded_at
    # Everything else typed before is untouched.
    assert application.self_assessments.exclude(answer="").count() == element_count(scheme)
    assert application.evidence.filter(required_document__code="pasfoto", superseded_at__isnull=True).count() == 1


def test_resubmit_requires_replacing_flagged_then_starts_round_two(scheme, staff):
    application = submitted_application(scheme)
    application = services.return_for_revision(application=application, by=staff,
                                               verdicts=flag(application, "ktp", "tidak_ada"))
    with pytest.raises(services.SubmissionIncomplete, match="Ganti dokumen yang ditandai: Fotokopi KTP"):
        services.submit_application(application=application, by=application.applicant)
    services.add_evidence(application=application, upload=pdf_upload("ktp-baru.pdf"), by=application.applicant,
                          required_document=scheme.documents.get(code="ktp"))
    application = services.submit_application(application=application, by=application.applicant)
    assert application.status == S.SUBMITTED and application.review_round == 2
    assert Payment.objects.filter(application=application).count() == 1
    submitted = "registration.application.submitted"
    assert [a for a, _, _ in actions(application) if a == submitted] == [submitted, submitted]


def test_accept_makes_candidate(scheme, staff, mailoutbox, django_capture_on_commit_callbacks):
    application = submitted_application(scheme)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.accept_application(application=application, by=staff,
                                                  verdicts=all_memenuhi(application))
    assert application.status == S.ACCEPTED and application.decided_at and application.requirement_met is True
    assert ("registration.application.accepted", "submitted", "accepted") in actions(application)
    assert "diterima sebagai peserta" in mailoutbox[-1].subject.lower()


def test_accept_refused_with_flagged_or_unjudged_document(scheme, staff):
    application = submitted_application(scheme)
    with pytest.raises(services.RegistrationError, match="setiap dokumen dinilai «memenuhi»"):
        services.accept_application(application=application, by=staff, verdicts=flag(application, "ktp"))
    with pytest.raises(services.RegistrationError, match="setiap dokumen"):
        services.accept_application(application=application, by=staff, verdicts={})
    with pytest.raises(services.RegistrationError, match="persyaratan dasar"):
        services.accept_application(application=application, by=staff, verdicts=all_memenuhi(application),
                                    requirement_met=False)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and not application.verdicts.exists()


def test_reject_needs_reason(scheme, staff, mailoutbox, django_capture_on_commit_callbacks):
    application = submitted_application(scheme)
    with pytest.raises(services.RegistrationError, match="alasan"):
        services.reject_application(application=application, by=staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        application = services.reject_application(application=application, by=staff,
                                                  reason="Ijazah bukan bidang yang relevan")
    assert application.status == S.REJECTED and application.decision_note == "Ijazah bukan bidang yang relevan"
    assert AuditEntry.objects.filter(action="registration.application.rejected",
                                     details__reason="Ijazah bukan bidang yang relevan").exists()
    assert "Ijazah bukan bidang yang relevan" in mailoutbox[-1].body


@pytest.mark.parametrize("status,move", [
    (S.DRAFT, "return_for_revision"), (S.DRAFT, "accept"), (S.DRAFT, "reject"),
    (S.RETURNED, "accept"), (S.RETURNED, "reject"), (S.RETURNED, "return_for_revision"),
    (S.ACCEPTED, "submit"), (S.ACCEPTED, "reject"), (S.ACCEPTED, "return_for_revision"),
    (S.REJECTED, "submit"), (S.REJECTED, "accept"),
])
def test_moves_not_in_the_table_are_refused(scheme, staff, status, move):
    application = draft_application(scheme)
    Application.objects.filter(pk=application.pk).update(status=status)
    calls = {
        "submit": lambda: services.submit_application(application=application, by=application.applicant),
        "return_for_revision": lambda: services.return_for_revision(
            application=application, by=staff, verdicts=flag(application, "ktp")),
        "accept": lambda: services.accept_application(application=application, by=staff,
                                                      verdicts=all_memenuhi(application)),
        "reject": lambda: services.reject_application(application=application, by=staff, reason="x"),
    }
    with pytest.raises(services.TransitionRefused):
        calls[move]()
    assert Application.objects.get(pk=application.pk).status == status
    assert services.MOVES[move] not in Application.TRANSITIONS[status]


def test_second_staff_acting_on_stale_page_is_told_who_won(scheme, staff, staff2):
    application = submitted_application(scheme)
    stale = Application.objects.get(pk=application.pk)
    services.accept_application(application=application, by=staff, verdicts=all_memenuhi(application))
    with pytest.raises(services.TransitionRefused) as exc:
        services.return_for_revision(application=stale, by=staff2, verdicts=flag(stale, "ktp"))
    assert "Diterima sebagai peserta" in str(exc.value) and "Siti Staf" in str(exc.value)
    assert Application.objects.get(pk=application.pk).status == S.ACCEPTED
    assert not DocumentVerdict.objects.filter(verdict="tidak_memenuhi").exists()


# --- payment ---------------------------------------------------------------------------------


def test_payment_proof_confirm_and_fee_settled(scheme, staff):
    application = submitted_application(scheme)
    payment = application.payment
    assert not is_fee_settled(application)
    proof = validate_upload(SimpleUploadedFile("transfer.pdf", sample_pdf()))
    payment = services.upload_payment_proof(payment=payment, upload=proof, by=application.applicant)
    assert payment.status == Payment.Status.PROOF_UPLOADED and payment.proof.kind == Evidence.Kind.PAYMENT
    payment = services.confirm_payment(payment=payment, by=staff)
    assert payment.status == Payment.Status.CONFIRMED and payment.confirmed_by == staff
    assert is_fee_settled(application)
    with pytest.raises(services.TransitionRefused, match="Lunas"):
        services.confirm_payment(payment=payment, by=staff)
    assert [a for a, _, _ in actions(application) if a.startswith("registration.payment.")] == [
        "registration.payment.invoiced", "registration.payment.proof_uploaded", "registration.payment.confirmed"]


def test_payment_confirm_without_proof_refused_and_rejected_proof_can_be_replaced(scheme, staff):
    application = submitted_application(scheme)
    with pytest.raises(services.TransitionRefused):
        services.confirm_payment(payment=application.payment, by=staff)
    payment = services.upload_payment_proof(payment=application.payment, upload=pdf_upload(), by=application.applicant)
    with pytest.raises(services.RegistrationError, match="alasan"):
        services.reject_payment(payment=payment, by=staff, reason="")
    payment = services.reject_payment(payment=payment, by=staff, reason="Nominal kurang")
    assert payment.status == Payment.Status.REJECTED and payment.note == "Nominal kurang"
    payment = services.upload_payment_proof(payment=payment, upload=pdf_upload("ulang.pdf"), by=application.applicant)
    assert payment.status == Payment.Status.PROOF_UPLOADED


def test_answers_saved_partially_then_completed(scheme):
    application = draft_application(scheme, complete=False)
    answer_all_elements(application, skip=2)
    assert application.self_assessments.count() == element_count(scheme) - 2
    answer_all_elements(application)
    assert application.self_assessments.exclude(answer="").count() == element_count(scheme) > 2
