"""The identity check at the test gates every result and the CBT; the plan (FR.MAPA.01) goes to the
candidate only when every KUK has a method."""

from datetime import date, time

import pytest

from assessment import services as assessment_services
from assessment.models import Assessment, AssessmentPlan, EvidenceItem, IdentityCheck, Method
from assessment.tests.factories import make_tuk, walk
from exams import services
from exams.models import Attempt
from exams.tests.factories import check_identity, walk_to
from schemes.models import PerformanceCriterion
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_results_refused_until_identity_is_checked(application, assessor, staff):
    assessment = walk_to(application, assessor=assessor, staff=staff, identity=False)
    criterion = PerformanceCriterion.objects.filter(element__unit__scheme=application.scheme).first()
    with pytest.raises(assessment_services.AssessmentError, match="identitas"):
        assessment_services.add_evidence(assessment=assessment, by=assessor, criterion=criterion,
                                         method=Method.OBSERVASI, notes="x", valid=True)
    assert EvidenceItem.objects.filter(assessment=assessment).count() == 0
    check_identity(assessment, assessor)
    assessment_services.add_evidence(assessment=assessment, by=assessor, criterion=criterion,
                                     method=Method.OBSERVASI, notes="x", valid=True)
    assert EvidenceItem.objects.filter(assessment=assessment).count() == 1


def test_cbt_cannot_start_before_identity_check(application, assessor, staff):
    assessment = walk_to(application, assessor=assessor, staff=staff, identity=False)
    with pytest.raises(services.ExamError, match="identitas"):
        services.start_attempt(assessment=assessment, by=application.applicant)
    assert not Attempt.objects.exists()


def test_identity_check_records_who_what_and_when_once(application, assessor, staff):
    assessment = walk_to(application, assessor=assessor, staff=staff, identity=False)
    with pytest.raises(assessment_services.AssessmentError, match="16 angka"):
        assessment_services.record_identity_check(assessment=assessment, by=assessor, document="ktp",
                                                  document_number="12345", matches_application=True)
    with pytest.raises(assessment_services.AssessmentError, match="tidak sesuai"):
        assessment_services.record_identity_check(assessment=assessment, by=assessor, document="paspor",
                                                  document_number="X1234567", matches_application=False)
    with pytest.raises(assessment_services.AssessmentError, match="asesor yang ditugaskan"):
        assessment_services.record_identity_check(assessment=assessment, by=staff, document="paspor",
                                                  document_number="X1234567", matches_application=True)
    check = assessment_services.record_identity_check(assessment=assessment, by=assessor, document="paspor",
                                                      document_number="x 123 4567", matches_application=True)
    assert (check.document, check.document_number, check.checked_by) == ("paspor", "X1234567", assessor)
    assert check.checked_at is not None and check.masked_number == "••••4567"
    entry = AuditEntry.objects.get(action="assessment.identitycheck.recorded")
    assert entry.details["number"] == "••••4567"  # the audit trail does not repeat the full number
    with pytest.raises(assessment_services.AssessmentError, match="sudah"):
        check_identity(assessment, assessor)
    assert IdentityCheck.objects.count() == 1


def test_identity_check_page_records_and_detail_shows_it(client, application, assessor, staff):
    assessment = walk_to(application, assessor=assessor, staff=staff, identity=False)
    client.force_login(assessor)
    url = f"/asesmen/{assessment.pk}/identitas/"
    response = client.post(url, {"document": "ktp", "document_number": "12345", "matches_application": "on"})
    assert response.status_code == 200 and "16 angka" in response.content.decode()
    assert 'value="12345"' in response.content.decode()  # what was typed is kept
    response = client.post(url, {"document": "ktp", "document_number": "3273015405900002",
                                 "matches_application": "on"})
    assert response.status_code == 302
    page = client.get(f"/asesmen/{assessment.pk}/").content.decode()
    assert "KTP elektronik ••••••••••••0002" in page
    client.force_login(application.applicant)
    assert client.get(url).status_code == 403


def test_plan_refused_while_a_kuk_has_no_method(application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="assigned")
    mapping = assessment_services.every_criterion(application.scheme_id, [Method.OBSERVASI])
    missing = PerformanceCriterion.objects.filter(element__unit__scheme=application.scheme).last()
    mapping[missing.pk] = []
    with pytest.raises(assessment_services.AssessmentError, match="1 KUK belum memiliki metode"):
        assessment_services.propose_plan(assessment=assessment, by=assessor, criterion_methods=mapping,
                                         evidence_to_collect="x", day=date(2026, 12, 7), at=time(9), tuk=make_tuk())
    assert not AssessmentPlan.objects.exists()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ASSIGNED
    mapping[missing.pk] = [Method.PIHAK_KETIGA, Method.LISAN]
    plan = assessment_services.propose_plan(assessment=assessment, by=assessor, criterion_methods=mapping,
                                            evidence_to_collect="x", day=date(2026, 12, 7), at=time(9),
                                            tuk=make_tuk())
    assert plan.methods_for(missing.pk) == [Method.LISAN, Method.PIHAK_KETIGA]
    assert set(plan.methods) == {Method.OBSERVASI, Method.LISAN, Method.PIHAK_KETIGA}


def test_plan_form_marks_the_kuk_without_method_and_keeps_the_rest(client, application, assessor, staff):
    assessment = walk(application, assessor=assessor, staff=staff, to="assigned")
    criteria = list(PerformanceCriterion.objects.filter(element__unit__scheme=application.scheme).order_by("pk"))
    tuk = make_tuk()
    data = {"evidence_to_collect": "Portofolio", "date": "2026-12-07", "time": "09:00", "tuk": tuk.pk}
    for c in criteria[:-1]:
        data[f"kuk_{c.pk}"] = [Method.OBSERVASI]
    client.force_login(assessor)
    response = client.post(f"/asesmen/{assessment.pk}/rencana/", data)
    body = response.content.decode()
    assert response.status_code == 200 and f"Pilih minimal satu metode untuk KUK {criteria[-1].number}" in body
    assert "Portofolio" in body
    assert not AssessmentPlan.objects.exists()
    data["default_methods"] = [Method.PORTOFOLIO]  # fills the KUK left empty
    assert client.post(f"/asesmen/{assessment.pk}/rencana/", data).status_code == 302
    plan = AssessmentPlan.objects.get()
    assert plan.methods_for(criteria[-1].pk) == [Method.PORTOFOLIO]
    assert plan.methods_for(criteria[0].pk) == [Method.OBSERVASI]
