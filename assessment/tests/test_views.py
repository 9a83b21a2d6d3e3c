"""Views: scoping (404 outside visible_to), role predicates (403), locked records, question bank
secrecy, documents, and query counts that do not grow with rows."""

import io
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfWriter

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment import services
from assessment.models import Assessment, EvidenceItem, Feedback
from assessment.tests.factories import make_application, make_assessor, make_question, make_staff, walk
from registration import models as registration_models
from schemes.models import PerformanceCriterion
from schemes.tests.factories import make_scheme
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db
S = Assessment.Status


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def world():
    staff = make_staff()
    asesor1 = make_assessor(username="asesor1_t")
    asesor2 = make_assessor(username="asesor2_t")
    application = make_application()
    assessment = walk(application, assessor=asesor1, staff=staff, to="testing")
    return {"staff": staff, "asesor1": asesor1, "asesor2": asesor2, "application": application,
            "assessment": assessment, "candidate": application.applicant}


def add_file_evidence(assessment, assessor) -> EvidenceItem:
    from skema_lsp.uploads import validate_upload

    criterion = PerformanceCriterion.objects.filter(element__unit__scheme=assessment.application.scheme).first()
    upload = validate_upload(SimpleUploadedFile("bukti.pdf", pdf_bytes(), content_type="application/pdf"))
    return services.add_evidence(assessment=assessment, by=assessor, criterion=criterion, method="portofolio",
                                 upload=upload, valid=True, authentic=True, current=True, sufficient=True)


def test_asesor2_gets_404_on_asesor1_candidate_pages_and_files(client, world):
    assessment, unit = world["assessment"], world["application"].scheme.units.first()
    item = add_file_evidence(assessment, world["asesor1"])
    client.force_login(world["asesor2"])
    for url in [
        reverse("assessment:detail", args=[assessment.pk]),
        reverse("assessment:plan", args=[assessment.pk]),
        reverse("assessment:pre_assessment", args=[assessment.pk]),
        reverse("assessment:unit_sheet", args=[assessment.pk, unit.pk]),
        reverse("assessment:questions", args=[assessment.pk, unit.pk]),
        reverse("assessment:evidence_file", args=[assessment.pk, item.pk]),
        reverse("assessment:submit", args=[assessment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("assessment:my_candidates"))
    assert world["application"].full_name not in response.content.decode()

    client.force_login(world["asesor1"])
    response = client.get(reverse("assessment:evidence_file", args=[assessment.pk, item.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.skipif(not hasattr(registration_models, "Evidence"), reason="registration uploads not built yet")
def test_application_files_open_to_assigned_assessor_only(client, world):
    from django.core.files.base import ContentFile

    evidence = registration_models.Evidence(
        application=world["application"], kind="portfolio", original_name="laporan.pdf",
        content_type="application/pdf", size=10, sha256="0" * 64, uploaded_by=world["candidate"],
    )
    evidence.file.save("laporan.pdf", ContentFile(pdf_bytes()), save=True)
    url = reverse("registration:evidence_file", args=[evidence.pk])
    client.force_login(world["asesor2"])
    assert client.get(url).status_code == 404
    client.force_login(world["asesor1"])
    assert client.get(url).status_code == 200


def test_candidate_never_sees_the_question_bank(client, world):
    unit = world["application"].scheme.units.first()
    question = make_question(unit, text="Pertanyaan rahasia zeta", answer_key="Kunci rahasia omega")
    client.force_login(world["candidate"])
    response = client.get(reverse("assessment:questions", args=[world["assessment"].pk, unit.pk]))
    assert response.status_code == 403
    detail = client.get(reverse("assessment:detail", args=[world["assessment"].pk])).content.decode()
    assert question.text not in detail and question.answer_key not in detail

    client.force_login(world["asesor1"])
    page = client.get(reverse("assessment:questions", args=[world["assessment"].pk, unit.pk])).content.decode()
    assert question.text in page and question.answer_key in page
    client.force_login(world["staff"])
    page = client.get(reverse("assessment:questions", args=[world["assessment"].pk, unit.pk])).content.decode()
    assert question.answer_key in page


def test_assessor_judges_answers_through_the_bank(client, world):
    unit = world["application"].scheme.units.first()
    question = make_question(unit)
    client.force_login(world["asesor1"])
    url = reverse("assessment:questions", args=[world["assessment"].pk, unit.pk])
    client.post(url, {"q-TOTAL_FORMS": "1", "q-INITIAL_FORMS": "1", "q-0-question": question.pk,
                      "q-0-answer_summary": "Menyebut 4 tahap", "q-0-verdict": "ya"})
    judged = world["assessment"].answers.get()
    assert judged.is_satisfactory and judged.answer_summary == "Menyebut 4 tahap"


def test_unit_sheet_records_evidence_and_locked_record_refuses_posts(client, world):
    assessment, unit = world["assessment"], world["application"].scheme.units.first()
    criteria = list(PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order"))
    data = {"kuk-TOTAL_FORMS": str(len(criteria)), "kuk-INITIAL_FORMS": str(len(criteria)), "kiriman": str(uuid4())}
    for i, criterion in enumerate(criteria):
        data |= {f"kuk-{i}-criterion": criterion.pk, f"kuk-{i}-method": "observasi", f"kuk-{i}-notes": "Diamati",
                 f"kuk-{i}-valid": "on", f"kuk-{i}-authentic": "on", f"kuk-{i}-current": "on",
                 f"kuk-{i}-sufficient": "on"}
    url = reverse("assessment:unit_sheet", args=[assessment.pk, unit.pk])
    client.force_login(world["asesor1"])
    client.post(url, data)
    assert EvidenceItem.objects.filter(assessment=assessment).count() == len(criteria)
    assert "terpenuhi" in client.get(url).content.decode()

    # The candidate may not record; staff may look but not record.
    client.force_login(world["candidate"])
    assert client.post(url, data).status_code == 403
    client.force_login(world["staff"])
    assert client.post(url, data).status_code == 403

    Assessment.objects.filter(pk=assessment.pk).update(status=S.SUBMITTED)
    client.force_login(world["asesor1"])
    assert client.post(url, data).status_code == 403
    assert EvidenceItem.objects.filter(assessment=assessment).count() == len(criteria)
    item = EvidenceItem.objects.filter(assessment=assessment).first()
    client.post(reverse("assessment:evidence_delete", args=[assessment.pk, item.pk]))
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_submit_view_refuses_kompeten_without_full_evidence(client, world):
    client.force_login(world["asesor1"])
    url = reverse("assessment:submit", args=[world["assessment"].pk])
    response = client.post(url, {"recommendation": "K", "statement": "on"}, follow=True)
    assert "Kompeten ditolak" in response.content.decode()
    world["assessment"].refresh_from_db()
    assert world["assessment"].status == S.TESTING and world["assessment"].recommendation == ""


def test_staff_reopen_is_recorded_and_only_by_staff(client, world):
    assessment = walk(make_application(), assessor=world["asesor1"], staff=world["staff"], to="submitted")
    url = reverse("assessment:reopen", args=[assessment.pk])
    client.force_login(world["asesor1"])
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(world["staff"])
    client.post(url, {"reason": "Koreksi metode"})
    assessment.refresh_from_db()
    assert assessment.status == S.TESTING and assessment.reopen_reason == "Koreksi metode"


def test_assign_view_is_staff_only_and_proposes(client, world):
    application = make_application()
    url = reverse("assessment:assign", args=[application.pk])
    client.force_login(world["asesor1"])
    assert client.get(url).status_code == 404  # not their application: outside what they may see
    client.force_login(application.applicant)
    assert client.get(url).status_code == 403  # their own, but assigning is staff work
    client.force_login(world["staff"])
    client.post(url, {"assessor": world["asesor2"].pk})
    assessment = application.assessments.get()
    assert assessment.status == S.PROPOSED and assessment.assessor == world["asesor2"]


def test_declare_conflict_view_blocks(client, world):
    application = make_application()
    assessment = services.assign_assessor(application=application, assessor=world["asesor2"], by=world["staff"])
    client.force_login(world["asesor1"])
    assert client.get(reverse("assessment:declare", args=[assessment.pk])).status_code == 404
    client.force_login(world["asesor2"])
    client.post(reverse("assessment:declare", args=[assessment.pk]),
                {"has_conflict": "ya", "kind": "atasan", "note": "Atasan langsung", "statement": "on"})
    assessment.refresh_from_db()
    assert assessment.status == S.UNASSIGNED and assessment.assessor is None
    assert client.get(reverse("assessment:detail", args=[assessment.pk])).status_code == 404


def test_candidate_accepts_plan_in_the_browser_form(client):
    staff, assessor = make_staff(), make_assessor()
    application = make_application()
    assessment = walk(application, assessor=assessor, staff=staff, to="plan_proposed")
    client.force_login(application.applicant)
    url = reverse("assessment:accept_plan", args=[assessment.pk])
    client.post(url, {"plan_accepted": "on"})
    assessment.refresh_from_db()
    assert assessment.status == S.PLAN_PROPOSED
    client.post(url, {"plan_accepted": "on", "confidentiality_accepted": "on"})
    assessment.refresh_from_db()
    assert assessment.status == S.PLAN_AGREED and assessment.plan.confidentiality_accepted_at is not None


def test_pdfs_carry_the_record_and_report(client, world):
    assessment = walk(make_application(), assessor=world["asesor1"], staff=world["staff"], to="submitted")
    client.force_login(world["asesor1"])
    ak02 = pdf_text(client.get(reverse("assessment:record_pdf", args=[assessment.pk])).content, collapse=None)
    assert "REKAMAN ASESMEN KOMPETENSI" in ak02 and "Kompeten" in ak02 and assessment.reference in ak02
    ak05 = pdf_text(client.get(reverse("assessment:report_pdf", args=[assessment.pk])).content, collapse=None)
    assert "LAPORAN ASESMEN" in ak05 and world["asesor1"].met_number in ak05
    client.force_login(assessment.candidate)
    assert client.get(reverse("assessment:report_pdf", args=[assessment.pk])).status_code == 403
    client.force_login(world["asesor2"])
    assert client.get(reverse("assessment:record_pdf", args=[assessment.pk])).status_code == 404


@pytest.mark.parametrize("persona,expected", [
    ("anon", 302), ("candidate", 403), ("asesor1", 403), ("staff", 200),
])
def test_staff_pages_permission_matrix(client, world, persona, expected):
    if persona != "anon":
        client.force_login(world[persona])
    for name in ["assessment:staff_assignments", "assessment:sessions", "assessment:session_create"]:
        assert client.get(reverse(name)).status_code == expected, name


def test_my_candidates_query_count_does_not_grow(client, world):
    client.force_login(world["asesor1"])
    url = reverse("assessment:my_candidates")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        walk(make_application(), assessor=world["asesor1"], staff=world["staff"], to="assigned")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("Buka") >= 5
    assert len(many) == len(one)


def test_staff_assignments_query_count_does_not_grow(client, world):
    client.force_login(world["staff"])
    url = reverse("assessment:staff_assignments")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        make_application()
        walk(make_application(), assessor=world["asesor1"], staff=world["staff"], to="submitted")
        walk(make_application(), assessor=world["asesor1"], staff=world["staff"], to="testing")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["running"]) >= 4 and len(response.context["submitted"]) >= 4
    assert len(many) == len(one)


def test_session_form_offers_only_verified_tuk(client, world):
    from assessment.tests.factories import make_tuk

    good, bad = make_tuk(), make_tuk(verified=False)
    client.force_login(world["staff"])
    page = client.get(reverse("assessment:session_create")).content.decode()
    assert good.name in page and bad.name not in page
    response = client.post(reverse("assessment:session_create"), {
        "scheme": world["application"].scheme.pk, "date": "2026-12-08", "start_time": "09:00", "tuk": bad.pk,
        "capacity": 5,
    })
    assert response.status_code == 200
    from assessment.models import TestSession

    assert not TestSession.objects.filter(tuk=bad).exists()
    _ = make_user(Role.PEMOHON)


def test_dashboard_panels_per_role(client, world):
    plan_waiting = walk(make_application(), assessor=world["asesor1"], staff=world["staff"], to="plan_proposed")
    client.force_login(plan_waiting.candidate)
    page = client.get(reverse("dashboard")).content.decode()
    assert "menunggu persetujuan Anda" in page and f"Setujui rencana {plan_waiting.reference}" in page
    client.force_login(world["candidate"])
    page = client.get(reverse("dashboard")).content.decode()
    assert "Jadwal dan rencana asesmen" in page
    client.force_login(world["asesor1"])
    assert "Asesmen (asesor)" in client.get(reverse("dashboard")).content.decode()
    client.force_login(world["staff"])
    assert "Asesmen (staf)" in client.get(reverse("dashboard")).content.decode()


def test_candidate_sends_feedback_and_sees_own_assessment_only(client, world):
    client.force_login(world["candidate"])
    listing = client.get(reverse("assessment:my_assessments")).content.decode()
    assert world["assessment"].reference in listing
    url = reverse("assessment:feedback", args=[world["assessment"].pk])
    data = {f"q_{key}": "ya" for key, _ in Feedback.QUESTIONS}
    client.post(url, data | {"q_fair": "tidak", "comments": "Waktu terlalu singkat"})
    feedback = world["assessment"].feedback
    assert feedback.answers["fair"] is False and feedback.answers["explained"] is True
    other = make_user(Role.PEMOHON)
    client.force_login(other)
    assert client.get(reverse("assessment:detail", args=[world["assessment"].pk])).status_code == 404
    assert client.get(url).status_code == 404


def test_session_list_shows_capacity(client, world):
    from datetime import date, time

    from assessment.models import TestSession
    from assessment.tests.factories import make_tuk

    session = TestSession.objects.create(scheme=world["application"].scheme, date=date(2026, 12, 9),
                                         start_time=time(9), tuk=make_tuk(), capacity=7)
    session.assessors.add(world["asesor1"])
    client.force_login(world["staff"])
    page = client.get(reverse("assessment:sessions")).content.decode()
    assert "0 / 7" in page and world["asesor1"].display_name in page


def _pages(pdf: bytes) -> list[str]:
    """Text per page with whitespace collapsed, so a cell wrapped over two lines reads as one."""
    return pdf_text(pdf).split("\f")


def test_record_rows_stay_whole_and_both_sign(world):
    """FR.AK.02 over several pages: every KUK row is on one page (never split by a page break), the
    unit code never wraps, and the candidate and the assessor each have a signature block."""
    from assessment import documents

    scheme = make_scheme(units=2, elements=3, criteria=5)
    for criterion in PerformanceCriterion.objects.filter(element__unit__scheme=scheme):
        criterion.text = (f"KUK-{criterion.pk} dokumen rencana pelaksanaan disusun bersama perangkat daerah, "
                          "diverifikasi terhadap RPJMD dan RKPD, lalu disepakati dalam rapat koordinasi.")
        criterion.save()
    application = make_application(scheme=scheme)
    assessment = walk(application, assessor=world["asesor1"], staff=world["staff"], to="submitted")
    for render in (documents.record_pdf, documents.report_pdf):
        pages = _pages(render(assessment))
        text = " ".join(pages)
        assert "Asesi" in text and application.full_name in text and world["asesor1"].display_name in text
        assert f"No. Reg. {world['asesor1'].met_number}" in text and "MET MET" not in text
    pages = _pages(documents.record_pdf(assessment))
    assert len([p for p in pages if p]) > 1, "the test needs a record longer than one page"
    for criterion in PerformanceCriterion.objects.filter(element__unit__scheme=scheme):
        start = f"KUK-{criterion.pk} dokumen"
        assert sum(start in page and "rapat koordinasi" in page[page.index(start):] for page in pages) == 1
    for unit in scheme.units.all():
        rows = PerformanceCriterion.objects.filter(element__unit=unit).count()
        assert sum(page.count(unit.code) for page in pages) == rows + 1  # each KUK row and the unit total


def test_an_untested_assessment_reads_belum_dinilai_not_bk(client, world):
    """Before any evidence, units are "belum dinilai" and no Belum Kompeten is suggested; once one unit
    has evidence, the rest stay unjudged and the recommendation waits for them."""
    from assessment.tests.factories import record_all

    scheme = make_scheme(units=2, elements=1, criteria=1)
    assessment = walk(make_application(scheme=scheme), assessor=world["asesor1"], staff=world["staff"])
    client.force_login(world["asesor1"])
    url = reverse("assessment:detail", args=[assessment.pk])
    html = client.get(url).content.decode()
    sheet = html[html.index('id="h-uji"'):]
    assert sheet.count("belum dinilai") == 3  # two units and the recommendation
    assert "badge bg-danger" not in sheet and "Belum Kompeten" not in sheet
    first = PerformanceCriterion.objects.filter(element__unit__scheme=scheme).order_by("element__unit__order").first()
    last = PerformanceCriterion.objects.filter(element__unit__scheme=scheme).exclude(pk=first.pk).get()
    record_all(assessment, world["asesor1"], skip=last.pk)
    html = client.get(url).content.decode()
    sheet = html[html.index('id="h-uji"'):]
    assert '<span class="badge bg-success">K</span>' in sheet and sheet.count(">belum dinilai<") == 1
    assert "belum dapat ditentukan (1 unit belum dinilai)" in sheet
    html = client.get(reverse("assessment:submit", args=[assessment.pk])).content.decode()
    assert "belum dapat ditentukan (1 unit belum dinilai)" in html
