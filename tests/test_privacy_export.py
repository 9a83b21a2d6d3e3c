"""UU PDP: the data subject downloads their data (data.json plus their files, as a ZIP) from
/data-saya/; every stage contributes what it holds about them and nothing about anyone else."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import User
from assessment.models import Assessment, Question
from decisions.models import Decision
from exams.models import Attempt
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


def _download(client, user) -> tuple[dict, dict[str, bytes]]:
    client.force_login(user)
    response = client.get(reverse("my_data") + "?unduh=zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("data.json")), files


def _others(user) -> list[str]:
    """Names and NIKs of every other applicant: none may appear in this user's export."""
    people = User.objects.filter(groups__name="pemohon").exclude(pk=user.pk)
    own = {user.full_name, user.nik, user.email}  # the demo has two people with the same name
    return [value for person in people for value in (person.full_name, person.nik, person.email)
            if value and value not in own]


def _assert_nothing_of_others(user, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False)
    leaked = [value for value in _others(user) if value in text]
    assert leaked == []


def test_applicant_export_holds_applications_answers_and_uploaded_files(client, demo):
    user = demo.user("pemohon1")
    data, files = _download(client, user)
    application = demo.application("pemohon1")
    assert data["accounts"]["profil"]["nik"] == user.nik
    assert data["accounts"]["persetujuan"]
    (row,) = data["registration"]["permohonan"]
    assert row["id"] == application.pk and row["nik"] == application.nik and row["apl_02"]
    assert row["pembayaran"] and row["verifikasi_dokumen"]
    uploads = application.evidence.exclude(file="")
    assert len([n for n in files if n.startswith("berkas/registration/")]) == uploads.count() > 0
    ktp = uploads.order_by("pk").first()
    with ktp.file.open("rb") as handle:
        assert files[f"berkas/registration/{application.pk}/{ktp.pk}-{ktp.original_name}"] == handle.read()
    (round_,) = data["assessment"]["asesmen"]
    assert round_["rencana_fr_ak_01"]["evidence_to_collect"]
    _assert_nothing_of_others(user, data)


def test_candidate_export_holds_the_submitted_record_as_fr_ak_02_shows_it(client, demo):
    user = demo.user("asesi_g")
    assessment = demo.assessment("asesi_g")
    item = assessment.evidence.order_by("pk").first()
    item.file.save("bukti.pdf", ContentFile(b"%PDF-1.4 bukti"), save=True)
    data, files = _download(client, user)
    (round_,) = data["assessment"]["asesmen"]
    assert round_["recommendation"] == "Kompeten" and round_["submitted_at"]
    rows = {e["id"]: e for e in round_["bukti_fr_ak_02"]}
    assert set(rows) == set(assessment.evidence.values_list("pk", flat=True))
    assert rows[item.pk]["kuk"] == item.criterion.number and rows[item.pk]["metode"] == item.get_method_display()
    assert f"berkas/assessment/{assessment.pk}/bukti-{item.pk}.pdf" in files
    bank = Question.objects.filter(unit__scheme=assessment.application.scheme)
    text = json.dumps(data, ensure_ascii=False)
    assert bank.exists() and not [q for q in bank if q.text in text or q.answer_key in text]
    _assert_nothing_of_others(user, data)


def test_candidate_export_holds_no_more_than_their_pages_show(client, demo):
    """Issue 12 item 13: not the FR.AK.05 report notes, the assessor's evidence notes or staff's
    reopen reason; no round whose proposed assessor has not declared freedom from conflict; no
    record still being tested; not the technical team's notes on the decision."""
    assessment = demo.assessment("asesi_g")
    Assessment.objects.filter(pk=assessment.pk).update(report_notes="CATATAN-LAPORAN-RAHASIA",
                                                       reopen_reason="ALASAN-BUKA-RAHASIA")
    assessment.evidence.update(notes="CATATAN-BUKTI-ASESOR")
    Decision.objects.filter(assessment=assessment).update(notes="CATATAN-TIM-TEKNIS")
    data, _ = _download(client, demo.user("asesi_g"))
    text = json.dumps(data, ensure_ascii=False)
    for hidden in ("CATATAN-LAPORAN-RAHASIA", "ALASAN-BUKA-RAHASIA", "CATATAN-BUKTI-ASESOR", "CATATAN-TIM-TEKNIS"):
        assert hidden not in text
    assert data["decisions"]["keputusan"][0]["result"] == "Kompeten"

    proposed = demo.assessment("asesi_b")
    assert proposed.status == Assessment.Status.PROPOSED
    data, _ = _download(client, demo.user("asesi_b"))
    assert data["assessment"]["asesmen"] == []
    assert proposed.assessor.display_name not in json.dumps(data, ensure_ascii=False)

    testing = demo.assessment("asesi_e")
    data, files = _download(client, demo.user("asesi_e"))
    (round_,) = data["assessment"]["asesmen"]
    assert round_["id"] == testing.pk and round_["bukti_fr_ak_02"] == []
    assert "recommendation" not in round_
    assert not [n for n in files if n.startswith("berkas/assessment/")]


def test_holder_export_holds_what_they_were_told_of_a_violation(client, demo):
    violation = demo.violation("pemegang2")
    data, files = _download(client, demo.user("pemegang2"))
    (row,) = data["decisions"]["pelanggaran"]
    assert row["peringatan"] == violation.warning_text and row["jenis"] == violation.get_category_display()
    assert violation.description not in json.dumps(data, ensure_ascii=False)
    assert not [n for n in files if "pelanggaran" in n]


def test_holder_export_holds_certificate_pdf_and_decision(client, demo):
    user = demo.user("asesi_g")
    data, files = _download(client, user)
    certificate = demo.certificate("asesi_g")
    assert [c["number"] for c in data["decisions"]["sertifikat"]] == [certificate.number]
    assert data["decisions"]["keputusan"][0]["result"] == "Kompeten"
    pdf = files[f"berkas/decisions/{certificate.pk}/sertifikat.pdf"]
    assert pdf.startswith(b"%PDF")
    _assert_nothing_of_others(user, data)


def test_surveillance_export_holds_logbook_and_confirmation_files(client, demo):
    user = demo.user("pemegang8")
    data, files = _download(client, user)
    (surveillance,) = data["surveillance"]["surveilan"]
    assert surveillance["logbook"] and surveillance["konfirmasi"]
    names = [n for n in files if n.startswith("berkas/surveillance/")]
    assert any("/logbook-" in n for n in names) and any("/konfirmasi-" in n for n in names)
    _assert_nothing_of_others(user, data)


def test_appeal_export_holds_appeal_attachment_and_letter(client, demo):
    data, files = _download(client, demo.user("asesi_h"))
    (appeal,) = data["appeals"]["banding"]
    assert appeal["reasons"] and appeal["lampiran"]
    assert any(n.startswith("berkas/appeals/") and n.endswith("lampiran.pdf") for n in files)
    _assert_nothing_of_others(demo.user("asesi_h"), data)
    data, files = _download(client, demo.user("pemohon2"))
    assert any(n.endswith("surat-keputusan-banding.pdf") for n in files)


def test_export_holds_nothing_of_another_applicant(client, demo):
    data, files = _download(client, demo.user("pemohon3"))
    mine = {a.pk for a in demo.user("pemohon3").applications.all()}
    assert {row["id"] for row in data["registration"]["permohonan"]} == mine
    assert all(int(n.split("/")[2]) in mine for n in files if n.startswith("berkas/registration/"))
    assert data["assessment"]["asesmen"] == [] and data["decisions"]["sertifikat"] == []
    assert data["surveillance"]["surveilan"] == [] and data["appeals"]["banding"] == []
    _assert_nothing_of_others(demo.user("pemohon3"), data)


def test_candidate_export_holds_their_issued_fr_ak_02_as_stored(client, demo):
    user = demo.user("asesi_g")
    assessment = demo.assessment("asesi_g")
    _data, files = _download(client, user)
    assessment.refresh_from_db()
    assert assessment.record_pdf  # not downloaded before: stored now, and the export holds the stored file
    with assessment.record_pdf.open("rb") as handle:
        stored = handle.read()
    exported = files[f"berkas/assessment/{assessment.pk}/fr-ak-02.pdf"]
    assert exported == stored and "REKAMAN ASESMEN KOMPETENSI" in pdf_text(exported)
    assert not [n for n in files if n.endswith("fr-ak-05.pdf")]  # the report to the LSP is not theirs to see

    scheme = assessment.application.scheme
    old_name = scheme.name
    scheme.name = "Skema Berganti Nama"
    scheme.save(update_fields=["name"])
    _data, files = _download(client, user)
    again = files[f"berkas/assessment/{assessment.pk}/fr-ak-02.pdf"]
    assert again == stored and old_name in pdf_text(again) and "Skema Berganti Nama" not in pdf_text(again)


def test_candidate_export_holds_their_own_cbt_answers_never_the_key(client, demo):
    user = demo.user("asesi_e")
    attempt = Attempt.objects.get(assessment__application__applicant=user)
    items = list(attempt.items.select_related("question").order_by("order"))
    assert any(item.is_essay for item in items) and any(not item.is_essay for item in items)
    data, _files = _download(client, user)
    (exported,) = data["exams"]["ujian_cbt"]
    assert exported["asesmen"] == attempt.assessment.reference and exported["finished_at"]
    answers = {row["nomor"]: row for row in exported["jawaban"]}
    assert sorted(answers) == [item.order for item in items]
    for item in items:
        if item.is_essay:
            assert answers[item.order]["jawaban_esai"] == item.essay_answer != ""
        else:
            assert answers[item.order]["pilihan"] == item.chosen_letter
    text = json.dumps(data["exams"], ensure_ascii=False)
    for item in items:
        question = item.question
        assert question.text not in text and question.answer_key not in text
        assert not [option for option in question.options if option in text]
    notes = [item.review_note for item in items if item.review_note]
    assert notes and not [note for note in notes if note in text]
    for hidden in ("is_correct", "correct_option", "score", "passed", "review_note", "answer_key"):
        assert hidden not in text
    _assert_nothing_of_others(user, data)

    # Another candidate's export holds none of these answers.
    other, _files = _download(client, demo.user("asesi_g"))
    essays = [item.essay_answer for item in items if item.is_essay]
    assert not [e for e in essays if e in json.dumps(other, ensure_ascii=False)]
