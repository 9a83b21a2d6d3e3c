"""The unit sheet and the question bank are form sets validated whole and saved by one service call:
a bad row refuses the whole sheet (nothing half saved, no file left on disk), the same submission
sent twice is recorded once, a row with VATM ticks but no method is refused by its KUK number with
the ticks kept, and a forged or missing form count is an Indonesian message, never a 500."""

from pathlib import Path
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import services
from assessment.models import Assessment, EvidenceItem
from assessment.tests.factories import make_application, make_assessor, make_question, make_staff, walk
from registration.samples import sample_pdf
from schemes.models import PerformanceCriterion
from schemes.tests.factories import make_scheme
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db
STALE = "Isian tidak cocok dengan halaman ini"


@pytest.fixture
def sheet():
    assessor = make_assessor()
    application = make_application()
    assessment = walk(application, assessor=assessor, staff=make_staff(), to="testing")
    unit = application.scheme.units.order_by("order").first()
    criteria = list(PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order"))
    return {"assessor": assessor, "assessment": assessment, "unit": unit, "criteria": criteria,
            "url": reverse("assessment:unit_sheet", args=[assessment.pk, unit.pk])}


def full_sheet(criteria, **extra) -> dict:
    data = {"kuk-TOTAL_FORMS": str(len(criteria)), "kuk-INITIAL_FORMS": str(len(criteria)), "kiriman": str(uuid4())}
    for i, criterion in enumerate(criteria):
        data |= {f"kuk-{i}-criterion": criterion.pk, f"kuk-{i}-method": "portofolio",
                 f"kuk-{i}-notes": f"Dokumen KUK {criterion.number}", f"kuk-{i}-valid": "on",
                 f"kuk-{i}-authentic": "on", f"kuk-{i}-current": "on", f"kuk-{i}-sufficient": "on"}
    return data | extra


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def pdf_upload(name="bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_pdf(), content_type="application/pdf")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_bad_file_in_the_last_row_saves_no_row_and_no_file(client, sheet, settings):
    criteria = sheet["criteria"]
    last = len(criteria) - 1
    data = full_sheet(criteria)
    for i in range(last):
        data[f"kuk-{i}-file"] = pdf_upload()
    data[f"kuk-{last}-file"] = SimpleUploadedFile("rusak.pdf", b"%PDF-1.4 ini bukan pdf", "application/pdf")
    client.force_login(sheet["assessor"])
    response = client.post(sheet["url"], data)

    assert response.status_code == 200
    assert EvidenceItem.objects.filter(assessment=sheet["assessment"]).count() == 0
    assert not AuditEntry.objects.filter(action="assessment.evidence.added").exists()
    assert stored_files(Path(settings.MEDIA_ROOT)) == []
    assert any("PDF rusak" in m for m in messages_of(response))
    # What was typed stays on the page.
    page = response.content.decode()
    assert f"Dokumen KUK {criteria[0].number}" in page


def test_refusal_inside_the_service_rolls_back_every_row_and_its_file(sheet, settings):
    """A row the service refuses (here a KUK of another scheme) undoes the rows before it."""
    from skema_lsp.uploads import validate_upload

    criteria = sheet["criteria"]
    foreign = PerformanceCriterion.objects.filter(element__unit__scheme=make_scheme()).first()
    rows = [services.EvidenceRow(criterion=c, method="portofolio", upload=validate_upload(pdf_upload()))
            for c in criteria] + [services.EvidenceRow(criterion=foreign, method="portofolio", notes="x")]
    with pytest.raises(services.AssessmentError, match="bukan bagian dari skema"):
        services.record_unit_evidence(assessment=sheet["assessment"], by=sheet["assessor"], rows=rows,
                                      submission=uuid4())
    assert EvidenceItem.objects.count() == 0
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_the_same_submission_sent_twice_is_recorded_once(client, sheet):
    data = full_sheet(sheet["criteria"])
    client.force_login(sheet["assessor"])
    first = client.post(sheet["url"], data, follow=True)
    assert f"{len(sheet['criteria'])} bukti dicatat untuk unit {sheet['unit'].code}." in messages_of(first)
    second = client.post(sheet["url"], data, follow=True)

    assert EvidenceItem.objects.filter(assessment=sheet["assessment"]).count() == len(sheet["criteria"])
    assert any("sudah tersimpan sebelumnya" in m for m in messages_of(second))
    # A fresh page mints a fresh key: a second, different submission is recorded.
    client.post(sheet["url"], full_sheet(sheet["criteria"]))
    assert EvidenceItem.objects.filter(assessment=sheet["assessment"]).count() == 2 * len(sheet["criteria"])


def test_row_with_vatm_ticks_but_no_method_is_refused_by_its_kuk_number(client, sheet):
    criteria = sheet["criteria"]
    data = {"kuk-TOTAL_FORMS": str(len(criteria)), "kuk-INITIAL_FORMS": str(len(criteria)), "kiriman": str(uuid4())}
    data |= {f"kuk-{i}-criterion": c.pk for i, c in enumerate(criteria)}
    data |= {"kuk-0-valid": "on", "kuk-0-authentic": "on", "kuk-0-current": "on", "kuk-0-sufficient": "on"}
    client.force_login(sheet["assessor"])
    response = client.post(sheet["url"], data)

    assert response.status_code == 200
    assert EvidenceItem.objects.count() == 0
    assert f"Pilih metode untuk KUK {criteria[0].number}." in messages_of(response)
    assert not any("bukti dicatat" in m for m in messages_of(response))
    form = response.context["formset"].forms[0]
    assert all(form[field].value() for field in ("valid", "authentic", "current", "sufficient"))
    assert 'name="kuk-0-valid" class="checkboxinput form-check-input" id="id_kuk-0-valid" checked' in \
        response.content.decode()


@pytest.mark.parametrize("management", [
    {"kuk-TOTAL_FORMS": "1"},
    {"kuk-TOTAL_FORMS": "1001"},
    {"kuk-TOTAL_FORMS": "-1"},
    {"kuk-TOTAL_FORMS": "abc"},
    {"kuk-TOTAL_FORMS": None, "kuk-INITIAL_FORMS": None},
], ids=["too-few", "too-many", "negative", "not-a-number", "missing"])
def test_forged_form_count_is_refused_whole(client, sheet, management):
    data = full_sheet(sheet["criteria"])
    for key, value in management.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    client.force_login(sheet["assessor"])
    response = client.post(sheet["url"], data)
    assert response.status_code == 200
    assert EvidenceItem.objects.count() == 0
    assert any(STALE in m for m in messages_of(response))
    assert len(response.context["rows"]) == len(sheet["criteria"])


def test_row_posted_for_another_kuk_is_refused(client, sheet):
    criteria = sheet["criteria"]
    data = full_sheet(criteria, **{"kuk-0-criterion": criteria[1].pk})
    client.force_login(sheet["assessor"])
    response = client.post(sheet["url"], data)
    assert EvidenceItem.objects.count() == 0 and any(STALE in m for m in messages_of(response))


def test_missing_submission_key_is_refused(client, sheet):
    data = full_sheet(sheet["criteria"])
    data.pop("kiriman")
    client.force_login(sheet["assessor"])
    response = client.post(sheet["url"], data)
    assert EvidenceItem.objects.count() == 0 and any(STALE in m for m in messages_of(response))


# --- question bank -------------------------------------------------------------------------------


@pytest.fixture
def bank(sheet):
    questions = [make_question(sheet["unit"], text=f"Soal {n}") for n in (1, 2)]
    return {**sheet, "questions": questions,
            "url": reverse("assessment:questions", args=[sheet["assessment"].pk, sheet["unit"].pk])}


def answers(questions, **extra) -> dict:
    data = {"q-TOTAL_FORMS": str(len(questions)), "q-INITIAL_FORMS": str(len(questions))}
    for i, question in enumerate(questions):
        data |= {f"q-{i}-question": question.pk, f"q-{i}-answer_summary": f"Jawaban {i}", f"q-{i}-verdict": "ya"}
    return data | extra


@pytest.mark.parametrize("count", ["1", "3", "-5", "99999", "x"])
def test_question_bank_with_forged_form_count_is_refused(client, bank, count):
    client.force_login(bank["assessor"])
    response = client.post(bank["url"], answers(bank["questions"], **{"q-TOTAL_FORMS": count}))
    assert response.status_code == 200
    assert bank["assessment"].answers.count() == 0
    assert any(STALE in m for m in messages_of(response))


def test_question_bank_saves_all_judgements_or_none(client, bank):
    client.force_login(bank["assessor"])
    # The second answer has a summary but no verdict: nothing is saved, the page says which one.
    data = answers(bank["questions"], **{"q-1-verdict": ""})
    response = client.post(bank["url"], data)
    assert bank["assessment"].answers.count() == 0
    assert f"Pilih penilaian untuk soal nomor {bank['questions'][1].order}." in messages_of(response)
    client.post(bank["url"], answers(bank["questions"]))
    client.post(bank["url"], answers(bank["questions"]))
    assert bank["assessment"].answers.count() == 2


def test_locked_record_still_refuses_the_sheet(client, sheet):
    Assessment.objects.filter(pk=sheet["assessment"].pk).update(status=Assessment.Status.SUBMITTED)
    client.force_login(sheet["assessor"])
    assert client.post(sheet["url"], full_sheet(sheet["criteria"])).status_code == 403
    assert EvidenceItem.objects.count() == 0
