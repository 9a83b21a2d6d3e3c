"""Question bank: .xlsx import (multiple choice and essays) with a preview and per-row errors,
statistics, retirement."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from assessment.models import Question
from exams import services
from exams.bank import HEADER
from exams.tests.factories import walk_to
from schemes.models import PerformanceCriterion

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("soal.xlsx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_import_previews_per_row_errors_then_saves_only_good_rows(client, scheme, staff):
    unit = scheme.units.order_by("order").first()
    criterion = PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order").first()
    before = Question.objects.count()
    upload = _xlsx([
        [unit.code, criterion.number, "Apa tujuan RKPD?", "Rencana tahunan", "Laporan", "Audit", None, None, "A"],
        ["X.999", "1.1", "Unit salah", "a", "b", None, None, None, "A"],
        [unit.code, "9.9", "KUK salah", "a", "b", None, None, None, "A"],
        [unit.code, "", "Kunci salah", "a", "b", None, None, None, "D"],
        [unit.code, "", "", "a", None, None, None, None, "A"],
        [unit.code, criterion.number, "Uraikan tahapan RKPD.", None, None, None, None, None, "Rancangan, musrenbang"],
        [unit.code, "", "Esai tanpa jawaban model", None, None, None, None, None, None],
    ])
    client.force_login(staff)
    response = client.post("/ujian/bank-soal/impor/", {"scheme": scheme.pk, "file": upload})
    page = response.content.decode()
    assert response.context["form"].errors == {}
    assert "2 baris siap diimpor, 5 baris bermasalah" in page
    for message in ["Kode unit &#x27;X.999&#x27; tidak ada", "KUK &#x27;9.9&#x27; tidak ada",
                    "Kunci &#x27;D&#x27; bukan huruf", "Pertanyaan kosong", "Isi minimal pilihan A dan B",
                    "isi jawaban model pada kolom Kunci"]:
        assert message in page
    assert Question.objects.count() == before  # nothing saved by the preview
    token = response.context["preview"]["confirm"].initial["token"]
    assert client.post("/ujian/bank-soal/impor/", {"scheme": scheme.pk, "token": token}).status_code == 302
    saved = Question.objects.get(text="Apa tujuan RKPD?")
    assert (saved.kind, saved.options, saved.correct_option, saved.criterion) == (
        "pilihan_ganda", ["Rencana tahunan", "Laporan", "Audit"], 0, criterion)
    essay = Question.objects.get(text="Uraikan tahapan RKPD.")
    assert (essay.kind, essay.options, essay.correct_option, essay.answer_key, essay.criterion) == (
        "tertulis", [], None, "Rancangan, musrenbang", criterion)
    client.post("/ujian/bank-soal/impor/", {"scheme": scheme.pk, "token": token})  # sent twice: no duplicate
    assert Question.objects.filter(text="Apa tujuan RKPD?").count() == 1
    assert client.post("/ujian/bank-soal/impor/", {"scheme": scheme.pk, "token": token + "x"}).status_code == 200


def test_import_refuses_a_file_that_is_not_xlsx(client, scheme, staff):
    client.force_login(staff)
    fake = SimpleUploadedFile("soal.xlsx", b"%PDF-1.4 bukan excel", content_type="application/pdf")
    page = client.post("/ujian/bank-soal/impor/", {"scheme": scheme.pk, "file": fake}).content.decode()
    assert "bukan lembar kerja Excel" in page


def test_statistics_count_correct_answers_and_retired_question_is_never_drawn(client, application, assessor, staff):
    assessment = walk_to(application, assessor=assessor, staff=staff)
    attempt = services.start_attempt(assessment=assessment, by=assessment.candidate)
    item = attempt.items.select_related("question").order_by("order").first()
    services.save_answers(attempt=attempt, by=assessment.candidate, answers={item.question_id: 0})
    services.finish_attempt(attempt=attempt, by=assessment.candidate)
    client.force_login(staff)
    response = client.get(f"/ujian/bank-soal/?skema={application.scheme_id}")
    stats = {q.pk: (q.drawn, q.right) for q in response.context["items"]}
    assert stats[item.question_id] == (1, 1)
    assert sum(drawn for drawn, _ in stats.values()) == 6
    assert client.post(f"/ujian/bank-soal/{item.question_id}/tarik/", {"reason": ""}).status_code == 302
    assert Question.objects.get(pk=item.question_id).is_active
    client.post(f"/ujian/bank-soal/{item.question_id}/tarik/", {"reason": "Soal beredar di grup WhatsApp"})
    retired = Question.objects.get(pk=item.question_id)
    assert not retired.is_active and retired.retired_reason == "Soal beredar di grup WhatsApp"
    assert retired.pk not in services.question_pool(application.scheme_id).values_list("pk", flat=True)
    client.force_login(assessor)
    assert client.post(f"/ujian/bank-soal/{item.question_id}/tarik/", {"reason": "x"}).status_code == 403
    assert client.get("/ujian/bank-soal/").status_code == 403
