"""One bank question added or edited by staff in a form: multiple choice (FR.IA.05: 2–6 different
options, exactly one key) or essay (FR.IA.06: a model answer), audited; a question a candidate has
already met is not edited in place (retire it and start a new one from its copy); bad input is
refused in Indonesian with everything typed kept; the key never reaches a candidate."""

import json
import re

import pytest
from django.urls import reverse

from assessment.models import Question
from exams import services
from exams.models import ExamSetting
from exams.tests.factories import walk_to
from schemes.models import PerformanceCriterion
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db

CREATE = reverse("exams:question_create")


def _edit(question) -> str:
    return reverse("exams:question_edit", args=[question.pk])


def _entries(question):
    return list(AuditEntry.objects.filter(content_type__model="question", object_id=str(question.pk)).order_by("pk"))


@pytest.fixture
def unit(scheme):
    return scheme.units.order_by("order").first()


@pytest.fixture
def criterion(unit):
    return PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order").first()


@pytest.fixture
def choice(unit, criterion):
    return {"kind": "pilihan_ganda", "unit": unit.pk, "criterion": criterion.pk,
            "text": "Dokumen apa yang menjadi acuan RKPD?", "option_a": "RPJMD", "option_b": "Laporan keuangan",
            "option_c": "Notulen rapat", "option_d": "", "option_e": "", "option_f": "", "key": "A",
            "model_answer": ""}


@pytest.fixture
def essay(unit, criterion):
    return {"kind": "tertulis", "unit": unit.pk, "criterion": criterion.pk,
            "text": "Uraikan tahapan musrenbang kecamatan.", "model_answer": "Persiapan, pelaksanaan, perumusan."}


def _no_question_saved(before: int) -> None:
    assert Question.objects.count() == before
    assert not AuditEntry.objects.filter(action__in=["exams.question.created", "exams.question.updated"]).exists()


def test_staff_add_a_multiple_choice_question_that_joins_the_draw(client, staff, scheme, criterion, choice):
    client.force_login(staff)
    assert "Tambah soal" in client.get(reverse("exams:question_bank")).content.decode()
    response = client.post(CREATE, choice | {"key": "B"})
    assert response.status_code == 302
    saved = Question.objects.get(text=choice["text"])
    assert (saved.kind, saved.options, saved.correct_option, saved.answer_key, saved.criterion, saved.is_active) == (
        "pilihan_ganda", ["RPJMD", "Laporan keuangan", "Notulen rapat"], 1, "B. Laporan keuangan", criterion, True)
    assert saved.pk in services.question_pool(scheme.pk).values_list("pk", flat=True)
    [entry] = _entries(saved)
    assert (entry.action, entry.actor, entry.details["kind"], entry.details["text"]) == (
        "exams.question.created", staff, "pilihan_ganda", choice["text"])


def test_staff_add_an_essay_with_its_model_answer(client, staff, scheme, essay):
    client.force_login(staff)
    assert client.post(CREATE, essay).status_code == 302
    saved = Question.objects.get(text=essay["text"])
    assert (saved.kind, saved.options, saved.correct_option, saved.answer_key) == (
        "tertulis", [], None, "Persiapan, pelaksanaan, perumusan.")
    assert saved.pk in services.essay_pool(scheme.pk).values_list("pk", flat=True)
    assert [e.action for e in _entries(saved)] == ["exams.question.created"]


@pytest.mark.parametrize(("change", "message"), [
    ({"text": "Soal\x00"}, "Karakter null tidak diizinkan."),
    ({"option_b": "Laporan\x00"}, "Karakter null tidak diizinkan."),
    ({"option_b": ""}, "Pilihan B kosong di antara pilihan yang terisi"),
    ({"option_b": "", "option_c": ""}, "Isi minimal 2 pilihan jawaban"),
    ({"option_c": "  rpjmd "}, "Pilihan A dan C sama; setiap pilihan harus berbeda."),
    ({"key": ""}, "Tandai satu pilihan sebagai kunci jawaban."),
    ({"key": ["A", "C"]}, "Kunci jawaban hanya satu; yang ditandai: A, C."),
    ({"key": "E"}, "Kunci E menunjuk pilihan yang kosong."),
    ({"key": "Z"}, "Kunci jawaban harus salah satu huruf A–F."),
    ({"text": "   "}, "Tuliskan pertanyaannya."),
    ({"kind": "lisan"}, "Pilih jenis soal: pilihan ganda atau esai."),
])
def test_bad_multiple_choice_is_refused_and_kept(client, staff, choice, change, message):
    client.force_login(staff)
    before = Question.objects.count()
    response = client.post(CREATE, choice | change)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    _no_question_saved(before)
    for field in ("text", "option_a", "option_b", "option_c"):
        if field not in change:
            assert f'value="{choice[field]}"' in page or f"{choice[field]}</textarea>" in page, field


@pytest.mark.parametrize(("change", "message"), [
    ({"model_answer": " "}, "Soal esai wajib disertai jawaban model sebagai acuan asesor."),
    ({"option_a": "Ya"}, "Soal esai tidak memakai pilihan jawaban"),
    ({"model_answer": "Jawab\x00"}, "Karakter null tidak diizinkan."),
])
def test_bad_essay_is_refused_and_kept(client, staff, essay, change, message):
    client.force_login(staff)
    before = Question.objects.count()
    response = client.post(CREATE, essay | change)
    page = response.content.decode()
    assert response.status_code == 200 and message in page and essay["text"] in page
    _no_question_saved(before)


def test_kuk_of_another_unit_and_a_duplicate_are_refused(client, staff, scheme, choice, unit):
    other = PerformanceCriterion.objects.filter(element__unit__scheme=scheme).exclude(element__unit=unit).first()
    client.force_login(staff)
    before = Question.objects.count()
    page = client.post(CREATE, choice | {"criterion": other.pk}).content.decode()
    assert f"KUK {other.number} bukan bagian dari unit {unit.code}." in page
    existing = Question.objects.filter(unit=unit).first()
    page = client.post(CREATE, choice | {"text": existing.text}).content.decode()
    assert f"Soal dengan bunyi yang sama sudah ada di bank soal unit {unit.code}." in page
    _no_question_saved(before)


def test_edit_a_question_no_candidate_has_met_audits_old_and_new(client, staff, choice):
    client.force_login(staff)
    client.post(CREATE, choice)
    question = Question.objects.get(text=choice["text"])
    page = client.get(_edit(question)).content.decode()
    assert 'value="Notulen rapat"' in page and 'value="A" id="kunci-A" checked' in page
    response = client.post(_edit(question), choice | {"option_c": "RKPD tahun lalu", "key": "C"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.options, question.correct_option, question.answer_key) == (
        ["RPJMD", "Laporan keuangan", "RKPD tahun lalu"], 2, "C. RKPD tahun lalu")
    entry = _entries(question)[-1]
    assert (entry.action, entry.actor) == ("exams.question.updated", staff)
    assert {c["field"]: (c["old"], c["new"]) for c in entry.details["changed"]} == {
        "options": ("A. RPJMD | B. Laporan keuangan | C. Notulen rapat",
                    "A. RPJMD | B. Laporan keuangan | C. RKPD tahun lalu"),
        "answer_key": ("A. RPJMD", "C. RKPD tahun lalu")}
    # A refused edit keeps the row and what was typed.
    page = client.post(_edit(question), choice | {"text": "Teks baru yang diketik", "key": ["A", "B"]}).content.decode()
    assert "Kunci jawaban hanya satu" in page and "Teks baru yang diketik" in page
    question.refresh_from_db()
    assert question.text == choice["text"] and len(_entries(question)) == 2


def test_a_drawn_question_is_not_edited_in_place_but_retired_and_replaced(client, staff, application, assessor):
    assessment = walk_to(application, assessor=assessor, staff=staff)
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    question = attempt.items.order_by("order").first().question
    original = (question.text, question.options, question.correct_option)
    client.force_login(staff)
    page = client.get(_edit(question)).content.decode()
    assert "sudah diujikan kepada asesi (1 kali)" in page and "tidak dapat diubah di tempat" in page
    assert "Tarik soal dan buat soal pengganti" in page and 'id="question-form"' not in page

    data = {"kind": "pilihan_ganda", "unit": question.unit_id, "criterion": question.criterion_id or "",
            "text": "Bunyi yang diperbaiki", "option_a": "Satu", "option_b": "Dua", "key": "B"}
    page = client.post(_edit(question), data).content.decode()
    assert "Tarik soal ini dari bank soal, lalu buat soal baru sebagai penggantinya." in page
    assert "Bunyi yang diperbaiki" in page  # what was typed is kept
    question.refresh_from_db()
    assert (question.text, question.options, question.correct_option) == original
    assert not _entries(question)

    response = client.post(reverse("exams:question_retire", args=[question.pk]), {"reason": "", "ganti": "1"})
    assert response["Location"] == _edit(question)
    question.refresh_from_db()
    assert question.is_active
    response = client.post(reverse("exams:question_retire", args=[question.pk]),
                           {"reason": "Kunci jawaban keliru", "ganti": "1"})
    assert response["Location"] == f"{CREATE}?dari={question.pk}"
    question.refresh_from_db()
    assert not question.is_active and question.retired_reason == "Kunci jawaban keliru"
    assert [e.action for e in _entries(question)] == ["exams.question.retired"]
    copy = client.get(response["Location"]).content.decode()
    assert "Salinan dari soal" in copy and f"\n{question.text}</textarea>" in copy
    for odd in ("99999999999999999999", "abc", "\x00"):
        assert client.get(f"{CREATE}?dari={odd}").status_code == 200
    assert client.post(_edit(question), data).status_code == 200  # a retired question stays as it was
    question.refresh_from_db()
    assert question.text == original[0]


def test_only_staff_add_or_edit(client, assessor, application, choice):
    question = Question.objects.filter(kind="pilihan_ganda").first()
    before = Question.objects.count()
    for user in (assessor, application.applicant):
        client.force_login(user)
        assert client.post(CREATE, choice).status_code == 403
        assert client.post(_edit(question), choice).status_code == 403
    _no_question_saved(before)


def test_edited_key_and_model_answer_never_reach_the_candidate(client, staff, scheme, application, assessor,
                                                                 choice, essay):
    client.force_login(staff)
    question = Question.objects.filter(unit__scheme=scheme, kind="pilihan_ganda").order_by("pk").first()
    client.post(_edit(question), choice | {"unit": question.unit_id, "criterion": question.criterion_id,
                                           "text": "Soal yang diedit staf", "key": "C"})
    client.post(CREATE, essay)
    written = Question.objects.get(text=essay["text"])
    client.post(_edit(written), essay | {"model_answer": "MODEL-EDIT-RAHASIA"})
    question.refresh_from_db()
    written.refresh_from_db()
    assert (question.correct_option, written.answer_key) == (2, "MODEL-EDIT-RAHASIA")
    ExamSetting.objects.filter(scheme=scheme).update(question_count=services.question_pool(scheme.pk).count())

    assessment = walk_to(application, assessor=assessor, staff=staff)
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    assert {question.pk, written.pk} <= set(attempt.items.values_list("question_id", flat=True))
    client.force_login(assessment.candidate)
    first = client.get(f"/ujian/cbt/{attempt.pk}/")
    pages = [first,
             client.post(f"/ujian/cbt/{attempt.pk}/jawab/", {"question": question.pk, "choice": 2}),
             client.post(f"/ujian/cbt/{attempt.pk}/jawab/", {"question": written.pk, "text": "Uraian."}),
             client.get("/ujian/saya/"), client.get(f"/asesmen/{assessment.pk}/")]
    pages.append(client.post(f"/ujian/cbt/{attempt.pk}/", {"selesai": "1"}, follow=True))
    for response in pages:
        body = response.content.decode()
        assert "MODEL-EDIT-RAHASIA" not in body and "correct" not in body
    assert all(set(json.loads(r.content)) == {"saved", "seconds_left", "answered"} for r in pages[1:3])
    # The edited question is shown, and its key option is marked no differently from the others.
    body = first.content.decode()
    assert "Soal yang diedit staf" in body
    tags = re.findall(rf'<input[^>]*data-question="{question.pk}"[^>]*>', body)
    assert len(tags) == 3
    shapes = {re.sub(r'(value|id)="[^"]*"', "", tag) for tag in tags}
    assert len(shapes) == 1
