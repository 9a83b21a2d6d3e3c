"""Demo for exams: the scheme's CBT setting, a multiple-choice bank per KUK, a schedule for the
coming week with three candidates (asesi_d, asesi_e and pemohon1's round, each at its own step), and
asesi_e's finished CBT (essays reviewed) with the FR.IA.01, FR.IA.03, FR.IA.07 and FR.IA.11 records of
the first unit. Idempotent."""

import hashlib
from datetime import time

from django.core.files.base import ContentFile
from django.utils import timezone

from assessment.models import Assessment, Question, TestSession
from exams import services
from exams.models import Attempt, ExamSetting, Instrument
from registration.models import Evidence
from registration.samples import sample_pdf
from schemes.models import TUK, PerformanceCriterion, Scheme
from skema_lsp.workdays import add_working_days

ESSAY_ANSWER = ("Saya menelaah RPJMD dan Renstra, merumuskan sasaran, lalu menyusun indikator yang terukur "
                "bersama perangkat daerah.")
OPTIONS = [
    "Menelaah dokumen perencanaan dan menetapkan sasaran serta indikatornya",
    "Langsung menyusun anggaran tanpa acuan dokumen",
    "Menyerahkan seluruh penyusunan kepada pihak ketiga",
    "Menunggu arahan tanpa melakukan analisis",
]


def seed(users: dict) -> None:
    scheme = Scheme.objects.filter(is_active=True).order_by("pk").first()
    staff = users.get("staf")
    tuk = TUK.objects.filter(is_verified=True).order_by("pk").first()
    if scheme is None or staff is None or tuk is None or "asesor1" not in users:
        return
    ExamSetting.objects.get_or_create(scheme=scheme, defaults={"question_count": 5, "duration_minutes": 30,
                                                               "pass_mark": 70})
    _bank(scheme)
    day = add_working_days(timezone.localdate(), 3)
    session, created = TestSession.objects.get_or_create(
        scheme=scheme, date=day, start_time=time(8, 30), tuk=tuk,
        defaults={"end_time": time(12), "capacity": 6, "created_by": staff,
                  "note": "Uji kompetensi kelompok: CBT FR.IA.05 dan observasi FR.IA.01"},
    )
    if not created:
        return
    session.assessors.add(users["asesor1"])
    batch = [a for a in Assessment.objects.filter(
        application__applicant__username__in=["asesi_d", "asesi_e", "pemohon1"], assessor=users["asesor1"],
        status__in=services.PLACEABLE) if a.session_id != session.pk]
    if batch:
        services.place_candidates(session=session, assessments=batch, by=staff)
    tested = next((a for a in batch if a.status == Assessment.Status.TESTING), None)
    if tested is not None and not Attempt.objects.filter(assessment=tested).exists():
        candidate = tested.application.applicant
        attempt = services.start_attempt(assessment=tested, by=candidate)
        items = list(attempt.items.select_related("question"))
        answers = {item.question_id: (item.question.correct_option if n % 4 else 1)
                   for n, item in enumerate(items) if not item.is_essay}
        essays = {item.question_id: ESSAY_ANSWER for item in items if item.is_essay}
        services.save_answers(attempt=attempt, by=candidate, answers=answers, essays=essays)
        services.finish_attempt(attempt=attempt, by=candidate)
        reviews = [services.EssayReview(item=item, competent=True, note="Runtut dan merujuk dokumen perencanaan.")
                   for item in items if item.is_essay]
        if reviews:
            services.review_essays(attempt=attempt, by=tested.assessor, reviews=reviews)
        unit = tested.application.scheme.units.order_by("order").first()
        rows = [services.KukJudgement(criterion=c, met=True, notes="Didemonstrasikan sesuai KUK.")
                for c in PerformanceCriterion.objects.filter(element__unit=unit).order_by("element__order", "order")]
        services.record_sheet(assessment=tested, unit=unit, instrument=Instrument.OBSERVATION, by=tested.assessor,
                              rows=rows, notes="Asesi bekerja runtut dan sesuai prosedur.")
        _other_instruments(tested, unit, rows[0].criterion)


def _other_instruments(tested: Assessment, unit, criterion) -> None:
    """FR.IA.03, FR.IA.07 and FR.IA.11 of the first unit, so every instrument has a filled example."""
    assessor = tested.assessor
    services.record_sheet(assessment=tested, unit=unit, instrument=Instrument.SUPPORTING, by=assessor, rows=[
        services.KukJudgement(criterion=criterion, met=True,
                              question="Apa yang Anda lakukan bila data capaian tahun lalu tidak lengkap?",
                              answer="Menelusuri laporan monev dan mengonfirmasi ke perangkat daerah terkait.")])
    oral = list(Question.objects.filter(unit=unit, kind=Question.Kind.LISAN, is_active=True))
    if oral and not tested.answers.filter(question__in=oral).exists():
        services.record_oral(assessment=tested, unit=unit, by=assessor, answers=[
            services.OralInput(question=q, satisfactory=True, summary="Menjelaskan kriteria prioritas dengan contoh.")
            for q in oral])
    portfolio = services.portfolio_files(tested).first() or _portfolio_file(tested)
    services.record_sheet(assessment=tested, unit=unit, instrument=Instrument.PORTFOLIO, by=assessor, rows=[
        services.KukJudgement(criterion=criterion, met=True, portfolio_file=portfolio,
                              notes="Dokumen sesuai, asli, dan masih berlaku.")])


def _portfolio_file(tested: Assessment) -> Evidence:
    """A work product the candidate uploaded with APL-02, for the FR.IA.11 example."""
    content, name = sample_pdf(), "laporan-evaluasi-rkpd-2025.pdf"
    evidence = Evidence(application=tested.application, kind=Evidence.Kind.PORTFOLIO, original_name=name,
                        description="Laporan evaluasi RKPD 2025", content_type="application/pdf", size=len(content),
                        sha256=hashlib.sha256(content).hexdigest(), uploaded_by=tested.application.applicant)
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence


def _bank(scheme: Scheme) -> None:
    for criterion in PerformanceCriterion.objects.filter(element__unit__scheme=scheme).select_related("element__unit"):
        text = f"Dalam mencapai KUK {criterion.number} ({criterion.text[:80]}), tindakan yang paling tepat adalah"
        Question.objects.get_or_create(
            unit=criterion.element.unit, kind=Question.Kind.PILIHAN_GANDA, text=text,
            defaults={"criterion": criterion, "options": OPTIONS, "correct_option": 0,
                      "answer_key": f"A. {OPTIONS[0]}", "order": criterion.order},
        )
