"""Schedules: placing candidates within capacity and the assessor ratio, the candidate told and
reminded, the batch's progress. FR.IA.01: the checklist feeds the KUK evidence and its VATM result."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assessment.models import Assessment, EvidenceItem, TestSession
from assessment.services import evaluate
from assessment.tests.factories import make_application, make_assessor, make_tuk
from exams import services
from exams.models import Instrument, InstrumentSheet
from exams.tests.factories import walk_to
from schemes.models import PerformanceCriterion
from skema_lsp.models import SentReminder
from skema_lsp.reminders import sweep
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


def _session(scheme, *assessors, capacity=10, day=None) -> TestSession:
    session = TestSession.objects.create(scheme=scheme, date=day or timezone.localdate() + timedelta(days=5),
                                         start_time=time(9), tuk=make_tuk(), capacity=capacity)
    session.assessors.add(*assessors)
    return session


def _rounds(scheme, assessor, staff, n):
    return [walk_to(make_application(scheme=scheme), assessor=assessor, staff=staff, to="plan_agreed")
            for _ in range(n)]


def test_staff_place_candidates_and_each_is_told(scheme, assessor, staff, django_capture_on_commit_callbacks):
    session = _session(scheme, assessor)
    batch = _rounds(scheme, assessor, staff, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.place_candidates(session=session, assessments=batch, by=staff) == 3
    assert set(session.assessments.values_list("pk", flat=True)) == {a.pk for a in batch}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.candidate.email for a in batch)
    assert "Bawa KTP" in mail.outbox[0].body


def test_capacity_and_assessor_ratio_are_enforced(scheme, assessor, staff, settings):
    settings.EXAM_CANDIDATES_PER_ASSESSOR = 2
    session = _session(scheme, assessor, capacity=4)
    batch = _rounds(scheme, assessor, staff, 3)
    with pytest.raises(services.ExamError, match="1 : 2"):
        services.place_candidates(session=session, assessments=batch, by=staff)
    assert not session.assessments.exists()  # the batch is refused whole
    session.assessors.add(make_assessor())
    services.place_candidates(session=session, assessments=batch, by=staff)
    more = _rounds(scheme, assessor, staff, 2)
    with pytest.raises(services.ExamError, match="Kapasitas"):
        services.place_candidates(session=session, assessments=more, by=staff)
    assert session.assessments.count() == 3


def test_other_scheme_or_past_schedule_refused(scheme, assessor, staff):
    other = walk_to(make_application(), assessor=assessor, staff=staff, to="plan_agreed")
    with pytest.raises(services.ExamError, match="skema"):
        services.place_candidates(session=_session(scheme, assessor), assessments=[other], by=staff)
    mine = _rounds(scheme, assessor, staff, 1)
    with pytest.raises(services.ExamError, match="lewat"):
        services.place_candidates(session=_session(scheme, assessor, day=date(2020, 1, 6)), assessments=mine,
                                  by=staff)


def test_candidate_reminded_once_the_day_before(scheme, assessor, staff):
    session = _session(scheme, assessor, day=timezone.localdate() + timedelta(days=1))
    batch = _rounds(scheme, assessor, staff, 2)
    services.place_candidates(session=session, assessments=batch, by=staff)
    sweep()
    sweep()
    claims = SentReminder.objects.filter(kind="exams.session")
    assert claims.count() == 2
    assert {c.recipient_id for c in claims} == {a.candidate.pk for a in batch}


def test_candidate_sees_their_schedule_and_nobody_elses(client, scheme, assessor, staff):
    session = _session(scheme, assessor)
    mine, theirs = _rounds(scheme, assessor, staff, 2)
    services.place_candidates(session=session, assessments=[mine], by=staff)
    client.force_login(mine.candidate)
    page = client.get("/ujian/saya/").content.decode()
    assert session.tuk.name in page and mine.reference in page
    client.force_login(theirs.candidate)
    assert session.tuk.name not in client.get("/ujian/saya/").content.decode()
    assert client.get(f"/ujian/jadwal/{session.pk}/").status_code == 404


def test_schedule_page_shows_batch_progress(client, scheme, assessor, staff, django_assert_max_num_queries):
    session = _session(scheme, assessor)
    batch = [walk_to(make_application(scheme=scheme), assessor=assessor, staff=staff) for _ in range(3)]
    services.place_candidates(session=session, assessments=batch, by=staff)
    attempt = services.start_attempt(assessment=batch[0], by=batch[0].candidate)
    services.finish_attempt(attempt=attempt, by=batch[0].candidate)
    client.force_login(staff)
    with django_assert_max_num_queries(30):
        page = client.get(f"/ujian/jadwal/{session.pk}/").content.decode()
    assert page.count("✓ diperiksa") == 3 and "selesai · 0%" in page and "3 dari 10 asesi" in page
    client.force_login(assessor)
    assert client.get(f"/ujian/jadwal/{session.pk}/").status_code == 200
    assert client.post(f"/ujian/jadwal/{session.pk}/tempatkan/", {}).status_code == 403
    client.force_login(make_assessor())
    assert client.get(f"/ujian/jadwal/{session.pk}/").status_code == 404


def test_observation_checklist_feeds_vatm_record(client, application, assessor, staff):
    assessment = walk_to(application, assessor=assessor, staff=staff)
    unit = application.scheme.units.order_by("order").first()
    criteria = list(PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order"))
    data = {f"met_{c.pk}": "ya" for c in criteria} | {f"note_{c.pk}": "Diamati" for c in criteria}
    data[f"met_{criteria[-1].pk}"] = "belum"
    client.force_login(assessor)
    url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/observasi/"
    missing = {k: v for k, v in data.items() if k != f"met_{criteria[0].pk}"}
    response = client.post(url, missing)
    assert response.status_code == 200 and f"KUK {criteria[0].number}" in response.content.decode()
    assert not EvidenceItem.objects.filter(assessment=assessment).exists()
    assert client.post(url, data).status_code == 302
    outcome = evaluate(assessment)
    assert [outcome.criteria[c.pk] for c in criteria] == [True] * (len(criteria) - 1) + [False]
    assert outcome.units[unit.pk] is False
    assert EvidenceItem.objects.filter(assessment=assessment, method="observasi").count() == len(criteria)
    with pytest.raises(services.ExamError, match="sudah diisi"):
        services.record_sheet(assessment=assessment, unit=unit, instrument=Instrument.OBSERVATION, by=assessor,
                              rows=[])
    pdf = client.get(f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/fr-ia-01.pdf")
    text = pdf_text(pdf.content, collapse=None)
    assert "FR.IA.01" in text and criteria[0].text in text and "Belum" in text
    client.force_login(application.applicant)
    assert client.get(url).status_code == 403


def test_observation_refused_before_identity_check(application, assessor, staff):
    assessment = walk_to(application, assessor=assessor, staff=staff, identity=False)
    unit = application.scheme.units.order_by("order").first()
    rows = [services.KukJudgement(criterion=c, met=True)
            for c in PerformanceCriterion.objects.filter(element__unit=unit)]
    with pytest.raises(services.ExamError, match="identitas"):
        services.record_sheet(assessment=assessment, unit=unit, instrument=Instrument.OBSERVATION, by=assessor,
                              rows=rows)
    assert not InstrumentSheet.objects.exists()
    assert Assessment.objects.get(pk=assessment.pk).evidence.count() == 0


def test_oral_questions_judged_once_and_feed_the_kuk(client, application, assessor, staff):
    from assessment.models import AnswerJudgement, Question

    assessment = walk_to(application, assessor=assessor, staff=staff)
    unit = application.scheme.units.order_by("order").first()
    criteria = list(PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order"))
    asked = [Question.objects.create(unit=unit, kind=Question.Kind.LISAN, order=n, criterion=c, text=f"Lisan {n}",
                                     answer_key="Kunci lisan") for n, c in enumerate(criteria[:2], start=1)]
    client.force_login(assessor)
    url = f"/ujian/asesmen/{assessment.pk}/unit/{unit.pk}/lisan/"
    data = {f"summary_{asked[0].pk}": "Menjelaskan RKPD", f"verdict_{asked[0].pk}": "ya",
            f"summary_{asked[1].pk}": "Ragu-ragu", f"verdict_{asked[1].pk}": "tidak"}
    assert client.post(url, data).status_code == 302
    assert AnswerJudgement.objects.filter(assessment=assessment).count() == 2
    met = evaluate(assessment).criteria
    assert met[criteria[0].pk] is True and met[criteria[1].pk] is False
    assert EvidenceItem.objects.filter(assessment=assessment, method="lisan").count() == 2
    assert client.post(url, data).status_code == 403  # judged: the page is read-only now
    assert "Menjelaskan RKPD" in client.get(url).content.decode()
    client.force_login(application.applicant)
    assert client.get(url).status_code == 403
