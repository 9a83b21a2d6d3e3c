"""The instrument sheets (FR.IA.01, FR.IA.03, FR.IA.11) and FR.IA.07 are issued documents: rendered
once after they are recorded, stored, and served from the stored file; a later rename of the unit, a
KUK's text or the assessor's name never alters them. One recorded before its file was stored gets it
on its first download."""

import pytest

from assessment.models import Question
from exams import services
from exams.models import Instrument, InstrumentSheet, OralRecord
from exams.tests.factories import walk_to
from schemes.models import PerformanceCriterion
from skema_lsp.models import AuditEntry
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db

ISSUED = "exams.instrumentsheet.document_issued"
UNIT_TITLE, KUK_TEXT, ASSESSOR_NAME = "Judul Unit Berganti", "Teks KUK yang diubah kemudian", "Asesor Berganti Nama"


@pytest.fixture
def assessment(application, assessor, staff):
    return walk_to(application, assessor=assessor, staff=staff)


@pytest.fixture
def unit(application):
    return application.scheme.units.order_by("order").first()


@pytest.fixture
def criteria(unit):
    return list(PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order"))


def _download(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def _rename_live_data(unit, assessor) -> None:
    unit.title = UNIT_TITLE
    unit.save(update_fields=["title"])
    PerformanceCriterion.objects.filter(element__unit=unit).update(text=KUK_TEXT)
    assessor.full_name = ASSESSOR_NAME
    assessor.save(update_fields=["full_name"])


def _observe(assessment, unit, assessor, criteria) -> InstrumentSheet:
    return services.record_sheet(assessment=assessment, unit=unit, instrument=Instrument.OBSERVATION, by=assessor,
                                 rows=[services.KukJudgement(criterion=c, met=True, notes="Teramati.")
                                       for c in criteria])


def _ask(assessment, unit, assessor, criteria) -> None:
    question = Question.objects.create(unit=unit, kind=Question.Kind.LISAN, order=1, criterion=criteria[0],
                                       text="Jelaskan alur musrenbang.", answer_key="Desa, kecamatan, kabupaten.")
    services.record_oral(assessment=assessment, unit=unit, by=assessor, answers=[
        services.OralInput(question=question, satisfactory=True, summary="Menyebut tiga tingkat musrenbang.")])


def test_a_recorded_sheet_is_stored_after_commit_and_a_later_rename_does_not_change_it(
        client, assessment, assessor, staff, unit, criteria, django_capture_on_commit_callbacks, celery_eager):
    title, kuk_text, name = unit.title, criteria[0].text, assessor.display_name
    with django_capture_on_commit_callbacks(execute=True):
        sheet = _observe(assessment, unit, assessor, criteria)
    sheet.refresh_from_db()
    assert sheet.pdf.name.startswith("private/exams/instruments/")
    with sheet.pdf.open("rb") as handle:
        assert "CEKLIS OBSERVASI" in pdf_text(handle.read())
    assert AuditEntry.objects.filter(action=ISSUED, object_id=str(sheet.pk)).count() == 1

    _rename_live_data(unit, assessor)
    client.force_login(staff)
    text = _download(client, f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-01.pdf")
    assert title in text and kuk_text in text and name in text
    assert UNIT_TITLE not in text and KUK_TEXT not in text and ASSESSOR_NAME not in text
    sheet.refresh_from_db()
    with sheet.pdf.open("rb") as handle:
        assert pdf_text(handle.read()) == text  # served from the stored file, not rendered again


def test_a_sheet_recorded_before_its_file_was_stored_gets_it_on_first_download(
        client, assessment, assessor, unit, criteria):
    # No on-commit callbacks run: the render never happened, as for sheets recorded before.
    sheet = _observe(assessment, unit, assessor, criteria)
    assert not sheet.pdf
    title = unit.title
    url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-01.pdf"
    client.force_login(assessor)
    first = _download(client, url)
    sheet.refresh_from_db()
    assert sheet.pdf and title in first
    _rename_live_data(unit, assessor)
    assert _download(client, url) == first
    assert AuditEntry.objects.filter(action=ISSUED, object_id=str(sheet.pk)).count() == 1


def test_fr_ia_07_is_stored_after_commit_and_a_later_rename_does_not_change_it(
        client, assessment, assessor, staff, unit, criteria, django_capture_on_commit_callbacks, celery_eager):
    title, name = unit.title, assessor.display_name
    with django_capture_on_commit_callbacks(execute=True):
        _ask(assessment, unit, assessor, criteria)
    record = OralRecord.objects.get(assessment=assessment, unit=unit)
    assert record.pdf.name.startswith("private/exams/instruments/") and record.recorded_by == assessor

    _rename_live_data(unit, assessor)
    Question.objects.filter(unit=unit).update(text="Pertanyaan yang diubah kemudian")
    client.force_login(staff)
    text = _download(client, f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-07.pdf")
    assert "PERTANYAAN LISAN" in text and "Jelaskan alur musrenbang." in text
    assert title in text and name in text
    assert UNIT_TITLE not in text and ASSESSOR_NAME not in text and "Pertanyaan yang diubah kemudian" not in text


def test_fr_ia_07_judged_before_its_file_was_stored_gets_record_and_file_on_first_download(
        client, assessment, assessor, unit, criteria):
    _ask(assessment, unit, assessor, criteria)
    OralRecord.objects.all().delete()  # as for answers judged before the record existed
    url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-07.pdf"
    client.force_login(assessor)
    first = _download(client, url)
    record = OralRecord.objects.get(assessment=assessment, unit=unit)
    assert record.pdf and unit.title in first
    _rename_live_data(unit, assessor)
    assert _download(client, url) == first
    assert AuditEntry.objects.filter(action="exams.oralrecord.document_issued").count() == 1


def test_fr_ia_07_is_recorded_once_per_unit(assessment, assessor, unit, criteria):
    _ask(assessment, unit, assessor, criteria)
    question = Question.objects.get(unit=unit, kind=Question.Kind.LISAN)
    with pytest.raises(services.ExamError, match="sudah dicatat"):
        services.record_oral(assessment=assessment, unit=unit, by=assessor,
                             answers=[services.OralInput(question=question, satisfactory=False)])
    assert OralRecord.objects.count() == 1
    assert assessment.answers.get(question=question).is_satisfactory is True
