"""The per-KUK instruments besides FR.IA.01, on the same sheet: FR.IA.03 supporting questions and
FR.IA.11 portfolio review feed the KUK record and print; FR.IA.07 oral questions print. Only the
assigned assessor writes, staff read, the candidate is refused and anyone else sees nothing."""


import pytest

from assessment.models import AnswerJudgement, EvidenceItem, Method, Question
from assessment.services import evaluate
from assessment.tests.factories import make_application, make_assessor
from exams import services
from exams.models import Instrument, InstrumentRow, InstrumentSheet
from exams.tests.factories import walk_to
from registration.models import Evidence
from schemes.models import PerformanceCriterion
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(application, assessor, staff):
    return walk_to(application, assessor=assessor, staff=staff)


@pytest.fixture
def unit(application):
    return application.scheme.units.order_by("order").first()


@pytest.fixture
def criteria(unit):
    return list(PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order"))


def _file(application, name: str, kind=Evidence.Kind.PORTFOLIO) -> Evidence:
    return Evidence.objects.create(application=application, kind=kind, description=name, file=f"{name}.pdf",
                                   original_name=f"{name}.pdf", content_type="application/pdf", size=1,
                                   sha256="0" * 64)


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content, collapse="all")


def test_supporting_questions_feed_the_kuk_record_and_print(client, assessment, assessor, unit, criteria):
    url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/pertanyaan-pendukung/"
    first, second = criteria[0], criteria[1]
    data = {f"question_{first.pk}": "Mengapa indikator perlu terukur?", f"answer_{first.pk}": "Agar dapat dievaluasi.",
            f"met_{first.pk}": "ya", f"question_{second.pk}": "Siapa yang menyetujui rencana?",
            f"answer_{second.pk}": "Tidak tahu.", f"met_{second.pk}": "belum", f"note_{second.pk}": "Perlu dibimbing."}
    client.force_login(assessor)
    # A row half filled (no answer) is refused whole, and everything typed comes back.
    refused = client.post(url, data | {f"answer_{second.pk}": ""})
    body = refused.content.decode()
    assert refused.status_code == 200 and f"KUK {second.number}: isi pertanyaan" in body
    assert "Siapa yang menyetujui rencana?" in body and "Agar dapat dievaluasi." in body
    assert not EvidenceItem.objects.filter(assessment=assessment).exists()
    assert client.post(url, data).status_code == 302
    sheet = InstrumentSheet.objects.get(assessment=assessment, instrument=Instrument.SUPPORTING)
    assert sheet.rows.count() == 2  # the KUK not asked about are not judged by this instrument
    evidence = EvidenceItem.objects.filter(assessment=assessment, method=Method.OBSERVASI).order_by("criterion__order")
    assert [(e.criterion_id, e.sufficient) for e in evidence] == [(first.pk, True), (second.pk, False)]
    assert "Mengapa indikator perlu terukur?" in evidence[0].notes
    met = evaluate(assessment).criteria
    assert met[first.pk] is True and met[second.pk] is False
    assert client.post(url, data).status_code == 403  # filled: read-only now
    page = client.get(url).content.decode()
    assert "Agar dapat dievaluasi." in page and "Simpan FR.IA.03" not in page
    text = _pdf_text(client.get(f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-03.pdf"))
    assert "FR.IA.03" in text and "PERTANYAAN UNTUK MENDUKUNG OBSERVASI" in text
    assert "Siapa yang menyetujui rencana?" in text and "Belum memuaskan" in text


def test_supporting_questions_need_at_least_one_kuk(assessment, assessor, unit):
    with pytest.raises(services.ExamError, match="minimal satu KUK"):
        services.record_sheet(assessment=assessment, unit=unit, instrument=Instrument.SUPPORTING, by=assessor,
                              rows=[])
    assert not InstrumentSheet.objects.exists()


def test_portfolio_review_judges_vatm_per_kuk_and_prints(client, assessment, assessor, unit, criteria, application):
    logbook, report = _file(application, "Logbook kegiatan"), _file(application, "Laporan monev 2019")
    url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/portofolio/"
    first, second = criteria[0], criteria[1]
    client.force_login(assessor)
    page = client.get(url).content.decode()
    assert "Logbook kegiatan" in page and "— tidak ditinjau —" in page
    data = {f"file_{first.pk}": logbook.pk, f"valid_{first.pk}": "on", f"authentic_{first.pk}": "on",
            f"current_{first.pk}": "on", f"sufficient_{first.pk}": "on",
            f"file_{second.pk}": report.pk, f"valid_{second.pk}": "on", f"authentic_{second.pk}": "on",
            f"sufficient_{second.pk}": "on", f"note_{second.pk}": "Laporan lebih dari 5 tahun."}
    assert client.post(url, data).status_code == 302
    rows = {r.criterion_id: r for r in InstrumentRow.objects.filter(sheet__instrument=Instrument.PORTFOLIO)}
    assert set(rows) == {first.pk, second.pk} and rows[second.pk].vatm == (True, True, False, True)
    evidence = {e.criterion_id: e for e in EvidenceItem.objects.filter(assessment=assessment,
                                                                       method=Method.PORTOFOLIO)}
    assert evidence[first.pk].vatm == (True, True, True, True) and evidence[second.pk].vatm == (True, True, False, True)
    assert "Laporan monev 2019" in evidence[second.pk].notes
    met = evaluate(assessment).criteria  # not current: the KUK is not met by this evidence
    assert met[first.pk] is True and met[second.pk] is False
    text = _pdf_text(client.get(f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-11.pdf"))
    assert "FR.IA.11" in text and "Logbook kegiatan" in text and "Laporan lebih dari 5 tahun." in text


def test_portfolio_review_refuses_a_file_that_is_not_the_candidates(assessment, assessor, unit, criteria,
                                                                     application):
    stranger = _file(make_application(scheme=application.scheme), "Milik orang lain")
    payment = _file(application, "Bukti bayar", kind=Evidence.Kind.PAYMENT)
    for wrong in (stranger, payment, None):
        row = services.KukJudgement(criterion=criteria[0], met=True, portfolio_file=wrong)
        with pytest.raises(services.ExamError, match="pilih berkas portofolio"):
            services.record_sheet(assessment=assessment, unit=unit, instrument=Instrument.PORTFOLIO, by=assessor,
                                  rows=[row])
    assert not EvidenceItem.objects.filter(assessment=assessment).exists()


def test_a_kuk_of_another_unit_is_refused(assessment, assessor, unit, application):
    other = PerformanceCriterion.objects.filter(element__unit__scheme=application.scheme).exclude(
        element__unit=unit).first()
    with pytest.raises(services.ExamError, match="bukan KUK unit ini"):
        services.record_sheet(assessment=assessment, unit=unit, instrument=Instrument.SUPPORTING, by=assessor,
                              rows=[services.KukJudgement(criterion=other, met=True, question="T?", answer="J.")])


@pytest.mark.parametrize("path", ["pertanyaan-pendukung/", "portofolio/", "observasi/"])
def test_only_the_assigned_assessor_writes_staff_read_others_see_nothing(client, assessment, unit, criteria, staff,
                                                                          application, path):
    url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/{path}"
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200 and "ke rekaman VATM</button>" not in page.content.decode()
    assert client.post(url, {}).status_code == 403
    client.force_login(application.applicant)
    assert client.get(url).status_code == 403
    client.force_login(make_assessor())
    assert client.get(url).status_code == 404
    assert not InstrumentSheet.objects.exists()


def test_oral_questions_print_once_judged(client, assessment, assessor, unit, criteria, staff):
    asked = Question.objects.create(unit=unit, kind=Question.Kind.LISAN, order=1, criterion=criteria[0],
                                    text="Jelaskan alur musrenbang.", answer_key="Desa, kecamatan, kabupaten.")
    pdf_url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-07.pdf"
    client.force_login(assessor)
    assert client.get(pdf_url).status_code == 404  # nothing judged yet
    services.record_oral(assessment=assessment, unit=unit, by=assessor, answers=[
        services.OralInput(question=asked, satisfactory=True, summary="Menyebut tiga tingkat musrenbang.")])
    assert AnswerJudgement.objects.filter(assessment=assessment).count() == 1
    assert "fr-ia-07.pdf" in client.get(f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/lisan/").content.decode()
    text = _pdf_text(client.get(pdf_url))
    assert "FR.IA.07" in text and "PERTANYAAN LISAN" in text and "Jelaskan alur musrenbang." in text
    assert "Menyebut tiga tingkat musrenbang." in text and "Memuaskan" in text
    client.force_login(staff)
    assert client.get(pdf_url).status_code == 200
    client.force_login(assessment.candidate)
    assert client.get(pdf_url).status_code == 403
    client.force_login(make_assessor())
    assert client.get(pdf_url).status_code == 404
