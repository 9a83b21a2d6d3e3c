"""FR.AK.02 and FR.AK.05 are issued documents: rendered once when the record is submitted, stored,
and served from the stored file; a later change to the scheme or the TUK never alters them."""


import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Assessment
from assessment.tests.factories import make_application, make_assessor, make_staff, walk
from schemes.models import PerformanceCriterion
from skema_lsp.models import AuditEntry
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db
S = Assessment.Status
URLS = {"record_pdf": "assessment:record_pdf", "report_pdf": "assessment:report_pdf"}


def download(client, assessment, document: str) -> str:
    response = client.get(reverse(URLS[document], args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_text(response.content, collapse="all")


def change_live_data(assessment) -> None:
    """What the documents print from other rows: the scheme's name, a KUK's text, the TUK's name."""
    scheme = assessment.application.scheme
    scheme.name = "Skema Berganti Nama"
    scheme.save(update_fields=["name"])
    PerformanceCriterion.objects.filter(element__unit__scheme=scheme).update(text="Teks KUK yang diubah kemudian")
    tuk = assessment.plan.tuk
    tuk.name = "TUK Berganti Nama"
    tuk.save(update_fields=["name"])


@pytest.fixture
def people():
    return {"staff": make_staff(), "assessor": make_assessor()}


def submitted(people, django_capture_on_commit_callbacks, celery_eager) -> Assessment:
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        assessment = walk(application, assessor=people["assessor"], staff=people["staff"], to="submitted")
    assessment.refresh_from_db()
    return assessment


def test_submission_stores_fr_ak_02_and_fr_ak_05(people, django_capture_on_commit_callbacks, celery_eager):
    assessment = submitted(people, django_capture_on_commit_callbacks, celery_eager)
    assert assessment.record_pdf.name.startswith("private/assessment/documents/")
    assert assessment.report_pdf.name.startswith("private/assessment/documents/")
    with assessment.record_pdf.open("rb") as handle:
        assert "REKAMAN ASESMEN KOMPETENSI" in pdf_text(handle.read(), collapse=None)
    with assessment.report_pdf.open("rb") as handle:
        assert "LAPORAN ASESMEN" in pdf_text(handle.read(), collapse=None)
    issued = AuditEntry.objects.filter(action="assessment.assessment.document_issued", object_id=str(assessment.pk))
    assert sorted(row.details["document"] for row in issued) == ["record_pdf", "report_pdf"]


def test_a_later_change_to_live_data_does_not_change_the_downloaded_documents(
        client, people, django_capture_on_commit_callbacks, celery_eager):
    assessment = submitted(people, django_capture_on_commit_callbacks, celery_eager)
    scheme_name, tuk_name = assessment.application.scheme.name, assessment.plan.tuk.name
    kuk_text = PerformanceCriterion.objects.filter(element__unit__scheme=assessment.application.scheme).first().text
    change_live_data(assessment)

    client.force_login(people["staff"])
    record = download(client, assessment, "record_pdf")
    assert scheme_name in record and tuk_name in record and kuk_text in record
    assert "Skema Berganti Nama" not in record and "TUK Berganti Nama" not in record
    assert "Teks KUK yang diubah kemudian" not in record
    report = download(client, assessment, "report_pdf")
    assert scheme_name in report and tuk_name in report
    assert "Skema Berganti Nama" not in report and "TUK Berganti Nama" not in report


def test_a_record_submitted_before_documents_were_stored_is_stored_on_first_download(client, people):
    # No on-commit callbacks run: the submission's render never happened, as for rows from before.
    assessment = walk(make_application(), assessor=people["assessor"], staff=people["staff"], to="submitted")
    assert not assessment.record_pdf and not assessment.report_pdf
    scheme_name = assessment.application.scheme.name

    client.force_login(people["assessor"])
    first = download(client, assessment, "record_pdf")
    assessment.refresh_from_db()
    assert assessment.record_pdf and not assessment.report_pdf
    change_live_data(assessment)
    assert download(client, assessment, "record_pdf") == first
    assert scheme_name in first and "Skema Berganti Nama" not in first
    # FR.AK.05 was first asked for after the change: it is stored now, and stays as it was then.
    report = download(client, assessment, "report_pdf")
    assessment.refresh_from_db()
    assert assessment.report_pdf and "Skema Berganti Nama" in report
    assert AuditEntry.objects.filter(action="assessment.assessment.document_issued",
                                   object_id=str(assessment.pk)).count() == 2


def test_reopening_withdraws_the_documents_and_the_next_submission_issues_new_ones(
        client, people, django_capture_on_commit_callbacks, celery_eager):
    assessment = submitted(people, django_capture_on_commit_callbacks, celery_eager)
    old_name, storage = assessment.record_pdf.name, assessment.record_pdf.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_assessment(assessment=assessment, by=people["staff"], reason="Salah ketik catatan.")
    assessment.refresh_from_db()
    assert assessment.status == S.TESTING and not assessment.record_pdf and not assessment.report_pdf
    assert not storage.exists(old_name)
    client.force_login(people["staff"])
    assert client.get(reverse("assessment:record_pdf", args=[assessment.pk])).status_code == 404
    with pytest.raises(services.AssessmentError):
        services.issued_document(assessment, "record_pdf")

    change_live_data(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=people["assessor"], recommendation="K")
    assessment.refresh_from_db()
    assert assessment.record_pdf and assessment.record_pdf.name != old_name
    assert "Skema Berganti Nama" in download(client, assessment, "record_pdf")
