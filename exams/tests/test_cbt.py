"""The online written test (FR.IA.05): random draw, one attempt, answers saved as given, a clock the
server enforces, scoring against the scheme's pass mark, and an answer key that never reaches the
candidate."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from assessment.models import EvidenceItem, Method, Question
from assessment.services import evaluate
from assessment.tests.factories import make_application
from exams import services
from exams.models import Attempt, AttemptQuestion
from exams.tests.factories import KEY_MARKER, walk_to
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(application, assessor, staff):
    return walk_to(application, assessor=assessor, staff=staff)


def _answer_all(attempt, *, right: bool = True) -> dict[int, int]:
    answers = {item.question_id: 0 if right else 1 for item in attempt.items.all()}
    services.save_answers(attempt=attempt, by=attempt.assessment.candidate, answers=answers)
    return answers


def test_start_draws_the_scheme_setting_number_from_active_questions_once(assessment):
    retired = Question.objects.filter(unit__scheme=assessment.application.scheme).first()
    retired.is_active = False
    retired.save()
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    drawn = set(attempt.items.values_list("question_id", flat=True))
    assert len(drawn) == 6 and retired.pk not in drawn
    assert attempt.deadline - attempt.started_at == timedelta(minutes=30)
    with pytest.raises(services.ExamError, match="satu kali"):
        services.start_attempt(assessment=assessment, by=assessment.candidate)
    assert Attempt.objects.count() == 1


def test_only_the_candidate_starts_and_only_while_testing(application, assessor, staff):
    planned = walk_to(application, assessor=assessor, staff=staff, to="plan_agreed")
    with pytest.raises(services.ExamError, match="saat uji"):
        services.start_attempt(assessment=planned, by=application.applicant)
    other = walk_to(make_application(scheme=application.scheme), assessor=assessor, staff=staff)
    with pytest.raises(services.ExamError, match="sendiri"):
        services.start_attempt(assessment=other, by=application.applicant)


def test_answers_saved_as_given_and_scored_against_pass_mark(assessment):
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    items = list(attempt.items.order_by("order"))
    right = {item.question_id: 0 for item in items[:3]}
    wrong = {item.question_id: 2 for item in items[3:]}
    services.save_answers(attempt=attempt, by=assessment.candidate, answers=right | wrong)
    services.save_answers(attempt=attempt, by=assessment.candidate, answers={items[3].question_id: 0})  # changed
    assert AttemptQuestion.objects.filter(attempt=attempt, chosen__isnull=False).count() == 6
    finished = services.finish_attempt(attempt=attempt, by=assessment.candidate)
    assert (finished.status, finished.correct, finished.score, finished.passed) == ("finished", 4, 67, True)
    with pytest.raises(services.ExamError, match="selesai"):
        services.save_answers(attempt=attempt, by=assessment.candidate, answers={items[0].question_id: 1})


def test_server_clock_refuses_late_answers_and_keeps_earlier_ones(assessment):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
        first = attempt.items.order_by("order").first()
        services.save_answers(attempt=attempt, by=assessment.candidate, answers={first.question_id: 0})
    with time_machine.travel(start + timedelta(minutes=30, seconds=1), tick=False):
        second = attempt.items.order_by("order")[1]
        with pytest.raises(services.TimeUp):
            services.save_answers(attempt=attempt, by=assessment.candidate, answers={second.question_id: 0})
    attempt.refresh_from_db()
    assert attempt.status == "finished" and attempt.ending == "time_up"
    assert attempt.finished_at == attempt.deadline
    assert list(attempt.items.exclude(chosen=None).values_list("question_id", flat=True)) == [first.question_id]
    assert attempt.correct == 1


def test_reloading_the_page_after_the_deadline_closes_the_test(client, assessment):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    client.force_login(assessment.candidate)
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        page = client.get(f"/ujian/cbt/{attempt.pk}/").content.decode()
        response = client.post(f"/ujian/cbt/{attempt.pk}/jawab/",
                               {"question": attempt.items.first().question_id, "choice": 0})
    assert "Ujian selesai" in page and 'type="radio"' not in page
    assert response.status_code == 409 and response.json()["saved"] is False
    assert not AttemptQuestion.objects.filter(attempt=attempt, chosen__isnull=False).exists()


def test_sweep_closes_attempts_whose_time_is_up(assessment):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    assert services.close_expired(start + timedelta(minutes=29)) == []
    with time_machine.travel(start + timedelta(minutes=40), tick=False):
        from skema_lsp.reminders import sweep

        result = sweep()
    attempt.refresh_from_db()
    assert attempt.status == "finished" and any("CBT" in line for line in result.moved)


def test_answer_key_never_reaches_the_candidate(client, assessment, application, assessor, staff):
    other = walk_to(make_application(scheme=application.scheme), assessor=assessor, staff=staff)
    theirs = services.start_attempt(assessment=other, by=other.candidate)
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    mine = set(attempt.items.values_list("question_id", flat=True))
    not_mine = set(Question.objects.filter(unit__scheme=application.scheme).values_list("pk", flat=True)) - mine
    client.force_login(assessment.candidate)
    pages = [client.get(f"/ujian/cbt/{attempt.pk}/")]
    for item in attempt.items.all():
        pages.append(client.post(f"/ujian/cbt/{attempt.pk}/jawab/", {"question": item.question_id, "choice": 1}))
    pages += [client.get("/ujian/saya/"), client.get(f"/asesmen/{assessment.pk}/"), client.get("/dasbor/")]
    pages.append(client.post(f"/ujian/cbt/{attempt.pk}/", {"selesai": "1"}, follow=True))
    pages.append(client.get(f"/ujian/cbt/{attempt.pk}/"))
    for response in pages:
        body = response.content.decode()
        assert KEY_MARKER not in body and "correct" not in body and "benar" not in body.lower().replace(
            "jawaban benar", "")
        for pk in not_mine:  # no other candidate's (or undrawn) question
            assert f"Soal KUK {Question.objects.get(pk=pk).criterion_id}:" not in body
    json_bodies = [json.loads(r.content) for r in pages[1:7]]
    assert all(set(b) <= {"saved", "seconds_left", "answered"} for b in json_bodies)
    # The radio values are positions only; the options' texts reach the page, the right one is not marked.
    assert not re.search(r"data-(correct|key|answer)", pages[0].content.decode())
    # The candidate cannot open the results, the PDF or the other candidate's test.
    assert client.get(f"/ujian/asesmen/{assessment.pk}/cbt/").status_code == 403
    assert client.get(f"/ujian/asesmen/{assessment.pk}/fr-ia-05.pdf").status_code == 403
    assert client.get(f"/ujian/cbt/{theirs.pk}/").status_code == 404
    assert client.post(f"/ujian/cbt/{theirs.pk}/jawab/", {"question": 1, "choice": 0}).status_code == 404


def test_page_works_as_a_plain_form_and_keeps_answers_on_reload(client, assessment):
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    items = list(attempt.items.order_by("order"))
    client.force_login(assessment.candidate)
    client.post(f"/ujian/asesmen/{assessment.pk}/cbt/mulai/")  # a second start changes nothing
    response = client.post(f"/ujian/cbt/{attempt.pk}/", {f"q{items[0].question_id}": "2", "simpan": "1"})
    assert response.status_code == 302
    page = client.get(f"/ujian/cbt/{attempt.pk}/").content.decode()
    assert re.search(rf'name="q{items[0].question_id}" value="2"[^>]*checked', page)
    assert "1</span> / 6" in page
    assert Attempt.objects.count() == 1


def test_assessor_sees_results_per_kuk_and_enters_them_into_vatm(client, assessment, assessor):
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    items = list(attempt.items.select_related("question").order_by("order"))
    services.save_answers(attempt=attempt, by=assessment.candidate,
                          answers={items[0].question_id: 0, items[1].question_id: 3})
    services.finish_attempt(attempt=attempt, by=assessment.candidate)
    client.force_login(assessor)
    page = client.get(f"/ujian/asesmen/{assessment.pk}/cbt/").content.decode()
    assert f"KUK {items[0].question.criterion.number}" in page or items[0].question.criterion.text in page
    assert "1 dari 6 benar" in page
    assert client.post(f"/ujian/asesmen/{assessment.pk}/cbt/catat/").status_code == 302
    evidence = EvidenceItem.objects.filter(assessment=assessment, method=Method.PILIHAN_GANDA)
    assert evidence.count() == 6
    met = evaluate(assessment).criteria
    assert met[items[0].question.criterion_id] is True and met[items[1].question.criterion_id] is False
    client.post(f"/ujian/asesmen/{assessment.pk}/cbt/catat/")  # twice: nothing more
    assert evidence.count() == 6
    pdf = client.get(f"/ujian/asesmen/{assessment.pk}/fr-ia-05.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, collapse=None)
    assert "FR.IA.05" in text and "1 dari 6 benar" in text
