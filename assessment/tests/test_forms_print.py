"""Printable FR.AK.01 (plan and consent, both signatures) and FR.AK.03 (the candidate's feedback)."""


import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment import services
from assessment.models import Assessment, PreAssessment
from assessment.tests.factories import make_application, make_assessor, make_staff, walk
from registration import services as registration_services
from registration.tests.factories import all_memenuhi, submitted_application
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


def test_fr_ak_01_carries_the_plan_and_both_signatures(client):
    application = make_application()
    assessor = make_assessor(full_name="Dewi Asesor", met_number="MET.000.007777 2021")
    assessment = walk(application, assessor=assessor, staff=make_staff(), to="plan_agreed")
    client.force_login(application.applicant)
    response = client.get(reverse("assessment:plan_pdf", args=[assessment.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content, collapse="all")
    assert "FR.AK.01. PERSETUJUAN ASESMEN DAN KERAHASIAAN" in text
    assert "Dokumen rencana kegiatan" in text and "7 Desember 2026" in text
    signatures = text.split("Tanda tangan Asesor", 1)[1]
    assert "Tanda tangan Asesi" in signatures and "No. Reg. MET.000.007777 2021" in signatures
    assert assessor.display_name in signatures and application.applicant.display_name in signatures
    assert "Rencana asesmen disetujui pada" in text


def test_fr_ak_01_missing_until_a_plan_exists(client):
    application = make_application()
    assessor = make_assessor()
    assessment = walk(application, assessor=assessor, staff=make_staff(), to="assigned")
    client.force_login(assessor)
    assert client.get(reverse("assessment:plan_pdf", args=[assessment.pk])).status_code == 404


def test_fr_ak_03_prints_the_feedback_as_sent(client):
    application = make_application()
    staff = make_staff()
    assessment = walk(application, assessor=make_assessor(), staff=staff, to="submitted")
    url = reverse("assessment:feedback_pdf", args=[assessment.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 404
    services.submit_feedback(assessment=assessment, by=application.applicant,
                             answers={"fair": True, "explained": False}, comments="Penjelasan terlalu singkat.")
    text = pdf_text(client.get(url).content, collapse="all")
    assert "FR.AK.03. UMPAN BALIK DAN CATATAN ASESMEN" in text
    assert "Asesor melakukan asesmen secara adil, fleksibel, dan tidak memihak. ✔" in text
    assert "Penjelasan terlalu singkat." in text


def test_apl02_prints_kuk_rows_and_the_assessor_recommendation(client, scheme, staff):
    application = submitted_application(scheme)
    registration_services.accept_application(application=application, by=staff, verdicts=all_memenuhi(application))
    client.force_login(staff)
    url = reverse("registration:apl02_pdf", args=[application.pk])
    text = pdf_text(client.get(url).content, collapse="all")
    first_kuk = scheme.units.first().elements.first().criteria.order_by("order").first()
    assert "Kriteria unjuk kerja" in text and " ".join(first_kuk.text.split()) in text
    assert "Asesmen dapat / tidak dapat dilanjutkan" in text

    assessor = make_user(Role.ASESOR, full_name="Bambang Asesor", met_number="MET.000.004567 2020")
    assessment = Assessment.objects.create(application=application, assessor=assessor,
                                           status=Assessment.Status.TESTING)
    PreAssessment.objects.create(assessment=assessment, can_continue=True, reasons="Bukti portofolio memadai.",
                                 reviewed_by=assessor)
    text = pdf_text(client.get(url).content, collapse="all")
    assert "Asesmen dapat dilanjutkan. Bukti portofolio memadai." in text
    assert "Bambang Asesor No. Reg. MET.000.004567 2020" in text
