"""FR.IA.06 essays in the CBT: drawn with the multiple-choice questions, saved as typed under the same
server clock, never scored automatically, reviewed by the assessor (competent / not yet, with a
note), and only then entered into the KUK record. The model answer never reaches the candidate."""

import json
from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone

from assessment.models import Assessment, EvidenceItem, Method, Question, TestSession
from assessment.services import evaluate
from assessment.tests.factories import make_assessor, make_tuk
from exams import services
from exams.models import AttemptQuestion, ExamSetting
from exams.tests.factories import KEY_MARKER, walk_to
from schemes.models import PerformanceCriterion
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db

MODEL_MARKER = "JAWABAN-MODEL-RAHASIA"


@pytest.fixture
def essays(scheme):
    """Two essays, on the first two KUK of the first unit."""
    ExamSetting.objects.filter(scheme=scheme).update(essay_count=2)
    unit = scheme.units.order_by("order").first()
    criteria = PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order")[:2]
    return [Question.objects.create(unit=unit, criterion=c, kind=Question.Kind.TERTULIS, order=n,
                                    text=f"Esai {n}: uraikan langkah penyusunan indikator.",
                                    answer_key=f"{MODEL_MARKER} {n}") for n, c in enumerate(criteria, start=1)]


@pytest.fixture
def attempt(application, assessor, staff, essays):
    assessment = walk_to(application, assessor=assessor, staff=staff)
    return services.start_attempt(assessment=assessment, by=assessment.candidate)


def _essay_items(attempt) -> list[AttemptQuestion]:
    return list(attempt.items.filter(question__kind=Question.Kind.TERTULIS).select_related("question")
                .order_by("question__order"))


def _finish_with_wrong_choices(attempt):
    candidate = attempt.assessment.candidate
    choices = {i.question_id: 1 for i in attempt.items.filter(question__kind=Question.Kind.PILIHAN_GANDA)}
    services.save_answers(attempt=attempt, by=candidate, answers=choices)
    services.finish_attempt(attempt=attempt, by=candidate)


def test_essays_drawn_after_the_choices_and_saved_as_typed(client, attempt, essays):
    items = list(attempt.items.select_related("question").order_by("order"))
    assert [i.question.kind for i in items] == ["pilihan_ganda"] * 6 + ["tertulis"] * 2
    essay = _essay_items(attempt)[0]
    client.force_login(attempt.assessment.candidate)
    url = f"/ujian/cbt/{attempt.pk}/jawab/"
    response = client.post(url, {"question": essay.question_id, "text": "Menelaah RPJMD lalu"})
    assert response.json() == {"saved": True, "seconds_left": response.json()["seconds_left"], "answered": 1}
    client.post(url, {"question": essay.question_id, "text": "Menelaah RPJMD lalu menetapkan indikator."})
    essay.refresh_from_db()
    assert essay.essay_answer == "Menelaah RPJMD lalu menetapkan indikator." and essay.is_correct is None
    # A reload shows the saved text; a choice sent for an essay (or text for a choice) is refused.
    assert "menetapkan indikator.</textarea>" in client.get(f"/ujian/cbt/{attempt.pk}/").content.decode()
    assert client.post(url, {"question": essay.question_id, "choice": 0}).status_code == 409
    first = items[0]
    assert client.post(url, {"question": first.question_id, "text": "teks"}).status_code == 409
    assert client.post(url, {"question": essay.question_id, "text": "x" * 5001}).json()["message"].startswith(
        f"Jawaban esai nomor {essay.order} terlalu panjang")
    assert client.post(url, {"question": essay.question_id, "text": "nol\x00"}).status_code == 409
    essay.refresh_from_db()
    assert essay.essay_answer == "Menelaah RPJMD lalu menetapkan indikator."


def test_plain_form_keeps_essay_text_and_refuses_too_long_without_losing_it(client, attempt):
    essay = _essay_items(attempt)[1]
    client.force_login(attempt.assessment.candidate)
    long_text = "Analisis " * 600
    page = client.post(f"/ujian/cbt/{attempt.pk}/", {f"e{essay.question_id}": long_text, "simpan": "1"})
    page = page.content.decode()
    assert "terlalu panjang" in page and long_text.strip() in page
    client.post(f"/ujian/cbt/{attempt.pk}/", {f"e{essay.question_id}": "Jawaban pendek.", "simpan": "1"})
    essay.refresh_from_db()
    assert essay.essay_answer == "Jawaban pendek."


def test_essay_after_the_deadline_is_refused_and_the_test_closed(attempt):
    essay = _essay_items(attempt)[0]
    services.save_answers(attempt=attempt, by=attempt.assessment.candidate, essays={essay.question_id: "Awal."})
    with time_machine.travel(attempt.deadline + timedelta(seconds=1), tick=False):
        with pytest.raises(services.TimeUp):
            services.save_answers(attempt=attempt, by=attempt.assessment.candidate,
                                  essays={essay.question_id: "Ditulis terlambat."})
    attempt.refresh_from_db()
    essay.refresh_from_db()
    assert attempt.status == "finished" and essay.essay_answer == "Awal."


def test_essays_are_not_scored_automatically(client, attempt, staff):
    _finish_with_wrong_choices(attempt)
    attempt.refresh_from_db()
    assert (attempt.total, attempt.correct, attempt.score) == (6, 0, 0)
    assert [i.is_correct for i in _essay_items(attempt)] == [None, None]
    results = services.results_by_criterion(attempt)
    assert sum(r.essays_pending for r in results) == 2 and not all(r.is_final for r in results)
    # The schedule page follows it too.
    session = TestSession.objects.create(scheme=attempt.assessment.application.scheme, start_time=time(9),
                                         date=timezone.localdate() + timedelta(days=1), tuk=make_tuk(), capacity=5)
    Assessment.objects.filter(pk=attempt.assessment_id).update(session=session)
    client.force_login(staff)
    assert "selesai · 0% · 2 esai belum dinilai" in client.get(f"/ujian/jadwal/{session.pk}/").content.decode()


def test_model_answer_never_reaches_the_candidate(client, attempt):
    candidate = attempt.assessment.candidate
    client.force_login(candidate)
    essay = _essay_items(attempt)[0]
    pages = [client.get(f"/ujian/cbt/{attempt.pk}/"),
             client.post(f"/ujian/cbt/{attempt.pk}/jawab/", {"question": essay.question_id, "text": "Uraian."}),
             client.get("/ujian/saya/"), client.get(f"/asesmen/{attempt.assessment_id}/")]
    pages.append(client.post(f"/ujian/cbt/{attempt.pk}/", {"selesai": "1"}, follow=True))
    pages.append(client.get(f"/ujian/cbt/{attempt.pk}/"))
    for response in pages:
        body = response.content.decode()
        assert MODEL_MARKER not in body and KEY_MARKER not in body
    assert set(json.loads(pages[1].content)) == {"saved", "seconds_left", "answered"}
    assert "Esai 1: uraikan" in pages[0].content.decode()  # the question itself is shown
    assert client.get(f"/ujian/asesmen/{attempt.assessment_id}/cbt/esai/").status_code == 403


def test_review_makes_the_kuk_result_final_and_feeds_the_record(client, attempt, assessor, essays, staff):
    assessment = attempt.assessment
    first, second = _essay_items(attempt)
    services.save_answers(attempt=attempt, by=assessment.candidate,
                          essays={first.question_id: "Uraian lengkap.", second.question_id: "Kurang."})
    _finish_with_wrong_choices(attempt)
    with pytest.raises(services.ExamError, match="esai"):
        services.record_cbt_result(attempt=attempt, by=assessor)
    client.force_login(assessor)
    page = client.get(f"/ujian/asesmen/{assessment.pk}/cbt/").content.decode()
    assert "2 jawaban esai menunggu penilaian" in page and "Catat hasil per KUK" not in page
    url = f"/ujian/asesmen/{assessment.pk}/cbt/esai/"
    review = client.get(url).content.decode()
    assert f"{MODEL_MARKER} 1" in review and "Uraian lengkap." in review  # the assessor sees both
    partial = {f"verdict_{first.pk}": "ya", f"note_{first.pk}": "Runtut.", f"note_{second.pk}": "Belum tepat."}
    refused = client.post(url, partial).content.decode()
    assert f"Pilih penilaian untuk esai nomor {second.order}" in refused and "Belum tepat." in refused
    assert not AttemptQuestion.objects.filter(attempt=attempt, reviewed_at__isnull=False).exists()
    assert client.post(url, partial | {f"verdict_{second.pk}": "belum"}).status_code == 302
    first.refresh_from_db()
    assert (first.is_correct, first.review_note, first.reviewed_by) == (True, "Runtut.", assessor)
    assert client.post(f"/ujian/asesmen/{assessment.pk}/cbt/catat/").status_code == 302
    essay_evidence = EvidenceItem.objects.filter(assessment=assessment, method=Method.TERTULIS)
    assert {(e.criterion_id, e.sufficient) for e in essay_evidence} == {(essays[0].criterion_id, True),
                                                                       (essays[1].criterion_id, False)}
    assert "Runtut." in essay_evidence.get(criterion_id=essays[0].criterion_id).notes
    met = evaluate(assessment).criteria  # every choice was wrong: only the essay can meet a KUK
    assert met[essays[0].criterion_id] is True and met[essays[1].criterion_id] is False
    with pytest.raises(services.ExamError, match="sudah dicatat"):
        services.review_essays(attempt=attempt, by=assessor, reviews=[
            services.EssayReview(item=first, competent=False), services.EssayReview(item=second, competent=False)])
    client.force_login(staff)
    bank = client.get(f"/ujian/bank-soal/?skema={assessment.application.scheme_id}")
    stats = {q.pk: (q.drawn, q.right) for q in bank.context["items"]}
    assert (stats[essays[0].pk], stats[essays[1].pk]) == ((1, 1), (1, 0))  # how often judged competent
    pdf = client.get(f"/ujian/asesmen/{assessment.pk}/fr-ia-05.pdf")
    text = pdf_text(pdf.content, collapse="all")
    assert "Uraian lengkap." in text and "Belum kompeten: Belum tepat." in text and MODEL_MARKER not in text


def test_only_the_assigned_assessor_reviews(client, attempt, staff):
    _finish_with_wrong_choices(attempt)
    url = f"/ujian/asesmen/{attempt.assessment_id}/cbt/esai/"
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200 and "Simpan penilaian esai" not in page.content.decode()
    first, second = _essay_items(attempt)
    assert client.post(url, {f"verdict_{first.pk}": "ya", f"verdict_{second.pk}": "ya"}).status_code == 403
    client.force_login(make_assessor())
    assert client.get(url).status_code == 404
    with pytest.raises(services.ExamError, match="ditugaskan"):
        services.review_essays(attempt=attempt, by=staff, reviews=[])
    assert not AttemptQuestion.objects.filter(attempt=attempt, reviewed_at__isnull=False).exists()


def test_review_page_refused_while_the_test_runs(client, attempt, assessor):
    client.force_login(assessor)
    assert client.get(f"/ujian/asesmen/{attempt.assessment_id}/cbt/esai/").status_code == 404
    assert attempt.deadline > timezone.now()
