"""Verbs of the exams stage: placing candidates into a schedule, the per-KUK instrument sheets
(FR.IA.01, FR.IA.03, FR.IA.11), the oral questions (FR.IA.07), the CBT (FR.IA.05 multiple choice with
FR.IA.06 essays) from start to score and essay review, and its result entered into the KUK evidence record. Every
judgement reaches the VATM record through assessment.services; every status move goes through
skema_lsp.transitions.transition."""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessment import services as assessment_services
from assessment.models import Assessment, Method, Question, TestSession
from assessment.permissions import holds, is_staff
from assessment.services import EvidenceRow
from exams import bank
from exams.models import (
    ESSAY_MAX_CHARS,
    LETTERS,
    Attempt,
    AttemptQuestion,
    ExamSetting,
    Instrument,
    InstrumentRow,
    InstrumentSheet,
    OralRecord,
)
from registration.models import Evidence
from schemes.models import CompetencyUnit, PerformanceCriterion
from skema_lsp import audit, issued
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.queue import enqueue
from skema_lsp.templatetags.formatting import tanggal_lazy
from skema_lsp.transitions import transition

S = Assessment.Status
PLACEABLE = [S.UNASSIGNED, S.PROPOSED, S.ASSIGNED, S.PLAN_PROPOSED, S.PLAN_AGREED, S.TESTING]


class ExamError(DomainError):
    """A refused action of the exams stage; the message is shown as is (Indonesian)."""


# --- schedules (jadwal uji kompetensi) ----------------------------------------------------------------

@transaction.atomic
def place_candidates(*, session: TestSession, assessments: list[Assessment], by: User) -> int:
    """Staff place accepted candidates (their open assessment rounds) into a schedule of their scheme.
    Capacity and the assessor-to-candidate ratio are checked for the whole batch at once."""
    session = TestSession.objects.select_for_update().select_related("tuk").get(pk=session.pk)
    if not session.tuk.is_verified:
        raise ExamError("Jadwal ini berada di TUK yang belum diverifikasi LSP (9.3.2).")
    if session.date < timezone.localdate():
        raise ExamError("Jadwal ini sudah lewat.")
    locked = list(Assessment.objects.select_for_update().select_related("application__applicant")
                  .filter(pk__in=[a.pk for a in assessments]).order_by("pk"))
    new = [a for a in locked if a.session_id != session.pk]
    for assessment in new:
        if assessment.application.scheme_id != session.scheme_id:
            raise ExamError(f"{assessment.reference}: skema asesi berbeda dengan skema jadwal.")
        if assessment.status not in PLACEABLE:
            raise ExamError(f"{assessment.reference} tidak dapat dijadwalkan pada status "
                            f"'{assessment.get_status_display()}'.")
    if not new:
        raise ExamError("Pilih minimal satu asesi yang belum ada di jadwal ini.")
    reason = assessment_services.seat_refusal(session, adding=len(new))
    if reason:
        raise ExamError(reason)
    for assessment in new:
        assessment.session = session
        assessment.save(update_fields=["session", "updated_at"])
        audit.record(obj=assessment, action="exams.testsession.placed", by=by, session=session.pk,
                     date=str(session.date))
        notify(user=assessment.candidate,
               subject=format_lazy(_("Jadwal uji kompetensi Anda: {day} di {tuk}"), day=tanggal_lazy(session.date),
                                  tuk=session.tuk.name),
               template="exams/email/placed", context={"assessment": assessment, "session": session},
               url=reverse("exams:my_exams"))
    audit.record(obj=session, action="exams.testsession.placed", by=by, candidates=[a.reference for a in new])
    return len(new)


def placeable_for(session: TestSession):
    """Open rounds of the schedule's scheme that are not in this schedule yet, oldest first."""
    return (Assessment.objects.filter(application__scheme_id=session.scheme_id, status__in=PLACEABLE)
            .filter(Q(session__isnull=True) | ~Q(session=session))
            .select_related("application__applicant", "assessor").order_by("pk"))


# --- per-KUK instrument sheets: FR.IA.01, FR.IA.03, FR.IA.11 ------------------------------------------

@dataclass(frozen=True)
class KukJudgement:
    """One KUK judged on an instrument sheet: the verdict (`met`) and, for the portfolio review, the
    other three VATM judgements; the question and answer of FR.IA.03; the file FR.IA.11 reviewed."""

    criterion: PerformanceCriterion
    met: bool
    notes: str = ""
    valid: bool = True
    authentic: bool = True
    current: bool = True
    question: str = ""
    answer: str = ""
    portfolio_file: Evidence | None = None


def _suffix(notes: str) -> str:
    return f". {notes.strip()}" if notes.strip() else "."


def _observation_note(row: KukJudgement) -> str:
    return f"FR.IA.01 observasi: {'memenuhi' if row.met else 'belum memenuhi'} KUK" + _suffix(row.notes)


def _supporting_note(row: KukJudgement) -> str:
    return (f"FR.IA.03 pertanyaan pendukung: {row.question.strip()} Jawaban: {row.answer.strip()} "
            f"({'memuaskan' if row.met else 'belum memuaskan'})" + _suffix(row.notes))


def _portfolio_note(row: KukJudgement) -> str:
    verdicts = ", ".join(f"{name} {'ya' if ok else 'tidak'}" for name, ok in zip(
        ("valid", "asli", "terkini", "memadai"), (row.valid, row.authentic, row.current, row.met), strict=True))
    label = row.portfolio_file.label if row.portfolio_file else "—"
    return f"FR.IA.11 tinjauan portofolio: {label} ({verdicts})" + _suffix(row.notes)


@dataclass(frozen=True)
class SheetRule:
    method: str
    every_kuk: bool  # FR.IA.01 judges every KUK of the unit; the others only the KUK they were used for
    evidence_note: Callable[[KukJudgement], str]


SHEET_RULES = {
    Instrument.OBSERVATION: SheetRule(Method.OBSERVASI, True, _observation_note),
    Instrument.SUPPORTING: SheetRule(Method.OBSERVASI, False, _supporting_note),
    Instrument.PORTFOLIO: SheetRule(Method.PORTOFOLIO, False, _portfolio_note),
}


def portfolio_files(assessment: Assessment):
    """The candidate's uploaded evidence an assessor may review in FR.IA.11 (current files, not the
    proof of payment)."""
    return (Evidence.objects.filter(application_id=assessment.application_id, superseded_at__isnull=True,
                                    destroyed_at__isnull=True)
            .exclude(kind=Evidence.Kind.PAYMENT).select_related("required_document").order_by("uploaded_at", "pk"))


def _refuse_bad_rows(instrument: str, assessment: Assessment, rows: list[KukJudgement]) -> None:
    if instrument == Instrument.SUPPORTING:
        for row in rows:
            if not row.question.strip() or not row.answer.strip():
                raise ExamError(f"KUK {row.criterion.number}: tulis pertanyaan yang diajukan dan jawaban asesi.")
    if instrument == Instrument.PORTFOLIO:
        allowed = set(portfolio_files(assessment).values_list("pk", flat=True))
        for row in rows:
            if row.portfolio_file is None or row.portfolio_file.pk not in allowed:
                raise ExamError(f"KUK {row.criterion.number}: pilih berkas portofolio asesi yang ditinjau.")


@transaction.atomic
def record_sheet(*, assessment: Assessment, unit: CompetencyUnit, instrument: str, by: User,
                 rows: list[KukJudgement], notes: str = "") -> InstrumentSheet:
    """Competency test (9.3), a per-KUK instrument for one unit, saved with one piece of evidence per
    KUK in the VATM record.
    FR.IA.01 observation: every KUK of the unit, met or not yet (what was observed is valid,
    authentic and current; it is sufficient when met). FR.IA.03 supporting questions: for the KUK
    they were asked about, the question, the candidate's answer, satisfactory or not. FR.IA.11
    portfolio review: for the KUK a file of the candidate's portfolio shows, valid, authentic,
    current and sufficient judged one by one. All or nothing; once per unit and instrument; only by
    the assigned assessor while testing, after the identity check."""
    rule = SHEET_RULES.get(instrument)
    if rule is None:
        raise ExamError("Instrumen asesmen tidak dikenal.")
    # Locked first so that the same sheet sent twice at once is refused, not saved twice.
    assessment = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    if unit.scheme_id != assessment.application.scheme_id:
        raise ExamError("Unit ini bukan bagian dari skema asesi.")
    if InstrumentSheet.objects.filter(assessment=assessment, unit=unit, instrument=instrument).exists():
        raise ExamError(f"{instrument} unit ini sudah diisi; koreksi bukti melalui rekaman unit.")
    expected = set(PerformanceCriterion.objects.filter(element__unit=unit).values_list("pk", flat=True))
    given = [row.criterion.pk for row in rows]
    if len(set(given)) != len(given) or not set(given) <= expected:
        raise ExamError("KUK yang dinilai bukan KUK unit ini.")
    if rule.every_kuk and set(given) != expected:
        raise ExamError("Isi ceklis untuk setiap KUK unit ini (Ya / Belum).")
    if not rows:
        raise ExamError("Isi minimal satu KUK.")
    _refuse_bad_rows(instrument, assessment, rows)
    evidence = [EvidenceRow(criterion=row.criterion, method=rule.method, notes=rule.evidence_note(row),
                            valid=row.valid, authentic=row.authentic, current=row.current, sufficient=row.met)
                for row in rows]
    try:
        assessment_services.record_unit_evidence(assessment=assessment, by=by, rows=evidence,
                                                 submission=uuid.uuid4())
    except assessment_services.AssessmentError as exc:
        raise ExamError(str(exc)) from None
    sheet = InstrumentSheet.objects.create(assessment=assessment, unit=unit, instrument=instrument, notes=notes,
                                           recorded_by=by)
    InstrumentRow.objects.bulk_create([
        InstrumentRow(sheet=sheet, criterion=row.criterion, met=row.met, valid=row.valid, authentic=row.authentic,
                      current=row.current, question=row.question.strip(), answer=row.answer.strip(),
                      portfolio_file=row.portfolio_file, notes=row.notes)
        for row in rows])
    audit.record(obj=sheet, action="exams.instrumentsheet.recorded", by=by, instrument=instrument, unit=unit.code,
                 met=sum(row.met for row in rows), total=len(rows))
    from exams.tasks import issue_sheet_pdf_task

    enqueue(issue_sheet_pdf_task, sheet.pk)
    return sheet


def sheet_pdf(sheet: InstrumentSheet) -> bytes:
    """The sheet as issued (skema_lsp.issued): rendered once after it was recorded, or on its first
    download when that render never ran, and served from the stored file ever after."""
    from exams import documents

    return issued.stored_pdf(sheet, "pdf", render=documents.sheet_pdf, action="exams.instrumentsheet.document_issued")


def issue_sheet_pdf(*, sheet_id: int) -> None:
    sheet = InstrumentSheet.objects.filter(pk=sheet_id).first()
    if sheet is not None and not sheet.pdf:
        sheet_pdf(sheet)


# --- CBT (FR.IA.05) ------------------------------------------------------------------------------------

def setting_for(scheme_id: int) -> ExamSetting:
    setting = ExamSetting.objects.filter(scheme_id=scheme_id).first()
    return setting or ExamSetting(scheme_id=scheme_id)


def question_pool(scheme_id: int):
    """Active multiple-choice questions of the scheme's units that can be scored."""
    return Question.objects.filter(unit__scheme_id=scheme_id, kind=Question.Kind.PILIHAN_GANDA, is_active=True,
                                   correct_option__isnull=False)


def essay_pool(scheme_id: int):
    """Active essay questions (FR.IA.06) of the scheme's units."""
    return Question.objects.filter(unit__scheme_id=scheme_id, kind=Question.Kind.TERTULIS, is_active=True)


@transaction.atomic
def start_attempt(*, assessment: Assessment, by: User) -> Attempt:
    """The candidate starts their one attempt: multiple-choice questions and then essays (FR.IA.06)
    drawn at random from the bank of the scheme's units, the deadline fixed by the server. Only
    during the test and only after the assessor recorded the identity check."""
    locked = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    if locked.application.applicant_id != by.pk:
        raise ExamError("Hanya asesi yang dapat mengerjakan ujiannya sendiri.")
    if Attempt.objects.filter(assessment=locked).exists():
        raise ExamError("Ujian CBT hanya dapat diikuti satu kali.")
    if locked.status != S.TESTING:
        raise ExamError("Ujian CBT dapat dimulai pada saat uji kompetensi.")
    try:
        assessment_services.refuse_without_identity_check(locked)
    except assessment_services.AssessmentError:
        raise ExamError("Ujian belum dapat dimulai: asesor belum mencatat pemeriksaan identitas Anda.") from None
    setting = setting_for(locked.application.scheme_id)
    pool = list(question_pool(locked.application.scheme_id).values_list("pk", flat=True))
    if not pool:
        raise ExamError("Bank soal pilihan ganda untuk skema ini belum tersedia. Hubungi asesor.")
    draw = random.SystemRandom()
    drawn = draw.sample(pool, min(setting.question_count, len(pool)))
    essays = list(essay_pool(locked.application.scheme_id).values_list("pk", flat=True))
    essays = draw.sample(essays, min(setting.essay_count, len(essays)))
    now = timezone.now()
    attempt = Attempt.objects.create(assessment=locked, started_at=now, pass_mark=setting.pass_mark,
                                     deadline=now + timedelta(minutes=setting.duration_minutes), total=len(drawn))
    AttemptQuestion.objects.bulk_create([AttemptQuestion(attempt=attempt, question_id=pk, order=n)
                                         for n, pk in enumerate(drawn + essays, start=1)])
    audit.record(obj=attempt, action="exams.attempt.started", by=by, to_state=attempt.status,
                 questions=len(drawn), essays=len(essays), deadline=attempt.deadline)
    return attempt


def _lock_open(attempt: Attempt, by: User, now: datetime) -> Attempt:
    locked = Attempt.objects.select_for_update().select_related("assessment__application").get(pk=attempt.pk)
    if locked.assessment.application.applicant_id != by.pk:
        raise ExamError("Ujian ini bukan milik Anda.")
    if locked.status != Attempt.Status.STARTED:
        raise ExamError("Ujian sudah selesai; jawaban tidak dapat diubah.")
    if now >= locked.deadline:
        raise ExamError("Waktu ujian sudah habis; jawaban terakhir tidak disimpan.")
    return locked


class TimeUp(ExamError):
    """The answer arrived after the deadline: the attempt was closed instead."""


def _apply_answers(items: dict, answers: dict[int, int], essays: dict[int, str], now: datetime) -> list:
    changed = []
    for question_id, value in [*answers.items(), *essays.items()]:
        item = items.get(question_id)
        if item is None:
            raise ExamError("Soal ini bukan bagian dari ujian Anda.")
        if (question_id in essays) != item.is_essay:
            raise ExamError(f"Jawaban soal nomor {item.order} tidak sesuai jenis soalnya.")
        if item.is_essay:
            if len(value) > ESSAY_MAX_CHARS:
                raise ExamError(f"Jawaban esai nomor {item.order} terlalu panjang (maks. {ESSAY_MAX_CHARS} karakter).")
            if "\x00" in value:
                raise ExamError(f"Jawaban esai nomor {item.order} memuat karakter yang tidak sah.")
            item.essay_answer = value
        elif not 0 <= value < len(item.question.options):
            raise ExamError(f"Pilihan soal nomor {item.order} tidak dikenal.")
        else:
            item.chosen = value
        item.answered_at = now
        changed.append(item)
    return changed


def save_answers(*, attempt: Attempt, by: User, answers: dict[int, int] | None = None,
                 essays: dict[int, str] | None = None) -> int:
    """Save the candidate's choices ({question pk: option index}) and essay texts ({question pk:
    text}) as they are given. After the deadline nothing is saved and the attempt is closed with
    what was saved before (TimeUp)."""
    answers, essays = answers or {}, essays or {}
    now = timezone.now()
    with transaction.atomic():
        try:
            locked = _lock_open(attempt, by, now)
        except ExamError:
            expired = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.STARTED, deadline__lte=now)
            if not expired.exists():
                raise
            locked = None
        if locked is not None:
            items = {item.question_id: item for item in locked.items.select_related("question")}
            changed = _apply_answers(items, answers, essays, now)
            AttemptQuestion.objects.bulk_update(changed, ["chosen", "essay_answer", "answered_at"])
            return len(changed)
    finish_attempt(attempt=attempt, by=None, ending=Attempt.Ending.TIME_UP)
    raise TimeUp("Waktu ujian sudah habis; ujian ditutup dengan jawaban yang tersimpan sebelumnya.")


@transaction.atomic
def finish_attempt(*, attempt: Attempt, by: User | None, ending: str = Attempt.Ending.SUBMITTED) -> Attempt:
    """Close the attempt (handed in, or its time is up) and score its multiple-choice part against
    the scheme's pass mark as it was when the attempt started; essays wait for the assessor."""
    locked = Attempt.objects.select_for_update().select_related("assessment__application").get(pk=attempt.pk)
    if locked.status != Attempt.Status.STARTED:
        return locked
    if by is not None and locked.assessment.application.applicant_id != by.pk:
        raise ExamError("Ujian ini bukan milik Anda.")
    items = [item for item in locked.items.select_related("question") if not item.is_essay]
    for item in items:
        item.is_correct = item.chosen is not None and item.chosen == item.question.correct_option
    AttemptQuestion.objects.bulk_update(items, ["is_correct"])
    correct = sum(1 for item in items if item.is_correct)
    score = round(100 * correct / len(items)) if items else 0
    now = timezone.now()
    locked = transition(locked, Attempt.Status.FINISHED, by=by, action="exams.attempt.finished", error=ExamError,
                        changes={"finished_at": min(now, locked.deadline) if ending == Attempt.Ending.TIME_UP else now,
                                 "ending": ending, "correct": correct, "score": score,
                                 "passed": score >= locked.pass_mark},
                        ending=ending, score=score)
    attempt.status = locked.status
    assessor = locked.assessment.assessor
    essays = locked.items.filter(question__kind=Question.Kind.TERTULIS).count()
    if assessor is not None:
        notify(user=assessor, subject=f"CBT {locked.assessment.reference} selesai: nilai {score}",
               body=f"Asesi menyelesaikan ujian tertulis pilihan ganda (FR.IA.05): {correct} dari {len(items)} "
                    f"benar ({score}%). "
                    + (f"Nilai {essays} jawaban esai (FR.IA.06) terlebih dahulu, lalu " if essays else "")
                    + "Tinjau hasil per KUK dan catat ke rekaman VATM.",
               url=reverse("exams:cbt_result", args=[locked.assessment_id]), email=False)
    return locked


def close_expired(now: datetime | None = None, **scope) -> list[str]:
    """Finish every attempt whose time is up (the reminder sweep calls this; a page calls it for the
    attempts it shows, `scope` being filter arguments)."""
    now = now or timezone.now()
    closed = []
    for attempt in Attempt.objects.filter(status=Attempt.Status.STARTED, deadline__lte=now, **scope):
        finish_attempt(attempt=attempt, by=None, ending=Attempt.Ending.TIME_UP)
        closed.append(f"CBT {attempt.assessment_id} ditutup (waktu habis)")
    return closed


@dataclass(frozen=True)
class CriterionResult:
    """One KUK's result in the written test: the multiple-choice score and the essays' review."""

    criterion: PerformanceCriterion | None
    unit: CompetencyUnit
    total: int
    correct: int
    pass_mark: int
    essays: int = 0
    essays_met: int = 0
    essays_pending: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def met(self) -> bool:
        """The multiple-choice part reached the pass mark."""
        return self.total > 0 and self.percent >= self.pass_mark

    @property
    def essay_met(self) -> bool | None:
        """Every essay on this KUK judged competent; None while any waits for the assessor (or none)."""
        if not self.essays or self.essays_pending:
            return None
        return self.essays_met == self.essays

    @property
    def is_final(self) -> bool:
        return self.essays_pending == 0


def results_by_criterion(attempt: Attempt) -> list[CriterionResult]:
    """The attempt's result per KUK (questions without a KUK are grouped per unit), scheme order."""
    groups: dict[tuple, dict] = {}
    items = attempt.items.select_related("question__unit", "question__criterion__element__unit")
    for item in items:
        criterion = item.question.criterion
        key = (criterion.pk if criterion else None, item.question.unit_id)
        group = groups.setdefault(key, {"criterion": criterion, "unit": item.question.unit, "total": 0,
                                        "correct": 0, "essays": 0, "essays_met": 0, "essays_pending": 0})
        if item.is_essay:
            group["essays"] += 1
            group["essays_met"] += item.is_correct is True
            group["essays_pending"] += item.reviewed_at is None
        else:
            group["total"] += 1
            group["correct"] += 1 if item.is_correct else 0
    results = [CriterionResult(pass_mark=attempt.pass_mark, **group) for group in groups.values()]
    return sorted(results, key=lambda r: (r.unit.order, r.criterion is None,
                                          (r.criterion.element.order, r.criterion.order) if r.criterion else (0, 0)))


@dataclass(frozen=True)
class EssayReview:
    item: AttemptQuestion
    competent: bool
    note: str = ""


@transaction.atomic
def review_essays(*, attempt: Attempt, by: User, reviews: list[EssayReview]) -> int:
    """Competency test (9.3), FR.IA.06: the assessor judges every essay answer of a finished attempt
    competent or not yet, with a note; essays are never scored automatically. The per-KUK result
    becomes final (and can be entered into the VATM record) only once every essay is judged; until
    then a judgement may be given again."""
    locked = Attempt.objects.select_for_update().select_related("assessment").get(pk=attempt.pk)
    if not holds(by, locked.assessment):
        raise ExamError("Hanya asesor yang ditugaskan yang dapat menilai jawaban esai.")
    if locked.status != Attempt.Status.FINISHED:
        raise ExamError("Jawaban esai dinilai setelah ujian selesai.")
    if locked.recorded_at is not None:
        raise ExamError("Hasil CBT sudah dicatat ke rekaman; penilaian esai tidak dapat diubah.")
    essays = {item.pk: item for item in locked.items.filter(question__kind=Question.Kind.TERTULIS)}
    if not essays:
        raise ExamError("Ujian ini tidak memuat soal esai.")
    if sorted(r.item.pk for r in reviews) != sorted(essays):
        raise ExamError("Nilai setiap jawaban esai (Kompeten / Belum kompeten).")
    now = timezone.now()
    for review in reviews:
        item = essays[review.item.pk]
        item.is_correct, item.review_note = review.competent, review.note.strip()
        item.reviewed_by, item.reviewed_at = by, now
    AttemptQuestion.objects.bulk_update(list(essays.values()), ["is_correct", "review_note", "reviewed_by",
                                                                "reviewed_at"])
    audit.record(obj=locked, action="exams.attempt.reviewed", by=by, essays=len(essays),
                 competent=sum(r.competent for r in reviews))
    return len(essays)


def _essay_notes(attempt: Attempt) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    for item in attempt.items.filter(question__kind=Question.Kind.TERTULIS, question__criterion__isnull=False):
        verdict = "kompeten" if item.is_correct else "belum kompeten"
        notes.setdefault(item.question.criterion_id, []).append(
            f"soal {item.order} {verdict}" + (f" ({item.review_note})" if item.review_note else ""))
    return notes


@transaction.atomic
def record_cbt_result(*, attempt: Attempt, by: User) -> int:
    """The assessor enters the finished CBT into the VATM record, once: per KUK the drawn questions
    tested, one piece of FR.IA.05 evidence (sufficient when that KUK's multiple-choice score reaches
    the pass mark) and one of FR.IA.06 (sufficient when every essay on it was judged competent).
    Refused while an essay waits for its review."""
    locked = Attempt.objects.select_for_update().select_related("assessment").get(pk=attempt.pk)
    if not holds(by, locked.assessment):
        raise ExamError("Hanya asesor yang ditugaskan yang dapat mencatat hasil CBT.")
    if locked.status != Attempt.Status.FINISHED:
        raise ExamError("Ujian CBT belum selesai.")
    if locked.recorded_at is not None:
        raise ExamError("Hasil CBT sudah dicatat ke rekaman.")
    every = results_by_criterion(locked)
    results = [r for r in every if r.criterion is not None]
    if not all(r.is_final for r in every):
        raise ExamError("Nilai semua jawaban esai (FR.IA.06) terlebih dahulu; hasil per KUK baru final setelah "
                        "penilaian esai.")
    choice_rows = [EvidenceRow(criterion=r.criterion, method=Method.PILIHAN_GANDA,
                               notes=f"FR.IA.05 CBT: {r.correct} dari {r.total} soal benar ({r.percent}%, batas "
                                     f"{r.pass_mark}%).",
                               valid=True, authentic=True, current=True, sufficient=r.met)
                   for r in results if r.total]
    notes = _essay_notes(locked)
    essay_rows = [EvidenceRow(criterion=r.criterion, method=Method.TERTULIS,
                              notes=f"FR.IA.06 esai: {r.essays_met} dari {r.essays} jawaban kompeten; "
                                    + "; ".join(notes.get(r.criterion.pk, [])) + ".",
                              valid=True, authentic=True, current=True, sufficient=bool(r.essay_met))
                  for r in results if r.essays]
    if not choice_rows and not essay_rows:
        raise ExamError("Soal ujian ini tidak terhubung ke KUK; nilai KUK secara manual pada rekaman unit.")
    try:
        for rows, part in ((choice_rows, "cbt"), (essay_rows, "cbt-essay")):
            if rows:
                assessment_services.record_unit_evidence(
                    assessment=locked.assessment, by=by, rows=rows,
                    submission=uuid.uuid5(uuid.NAMESPACE_URL, f"{part}-{locked.pk}"))
    except assessment_services.AssessmentError as exc:
        raise ExamError(str(exc)) from None
    locked.recorded_at, locked.recorded_by = timezone.now(), by
    locked.save(update_fields=["recorded_at", "recorded_by", "updated_at"])
    audit.record(obj=locked, action="exams.attempt.recorded", by=by, criteria=len(choice_rows) + len(essay_rows))
    return len({row.criterion.pk for row in choice_rows + essay_rows})


# --- question bank --------------------------------------------------------------------------------------

@transaction.atomic
def retire_question(*, question: Question, by: User, reason: str) -> Question:
    """A leaked (or faulty) question leaves the bank for every future draw; attempts that already
    drew it keep it, so their scores stay as they were."""
    if not is_staff(by):
        raise ExamError("Hanya staf LSP yang dapat menarik soal.")
    if not reason.strip():
        raise ExamError("Alasan penarikan soal wajib diisi.")
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if not locked.is_active:
        raise ExamError("Soal ini sudah ditarik.")
    locked.is_active, locked.retired_at, locked.retired_reason = False, timezone.now(), reason.strip()
    locked.save(update_fields=["is_active", "retired_at", "retired_reason"])
    audit.record(obj=locked, action="exams.question.retired", by=by, reason=reason.strip())
    return locked


def _question_checked(data: bank.QuestionInput, *, excluding: int | None = None) -> None:
    problems = bank.question_problems(data)
    if problems:
        raise ExamError(" ".join(message for _field, message in problems))
    if bank.duplicate_exists(data, excluding=excluding):
        raise ExamError(f"Soal dengan bunyi yang sama sudah ada di bank soal unit {data.unit.code}.")


def _question_fields(data: bank.QuestionInput) -> dict:
    choice = data.kind == Question.Kind.PILIHAN_GANDA
    return {"unit": data.unit, "criterion": data.criterion, "kind": data.kind, "text": data.text.strip(),
            "options": [o.strip() for o in data.filled] if choice else [],
            "correct_option": data.correct, "answer_key": data.answer_key.strip()}


@transaction.atomic
def add_question(*, data: bank.QuestionInput, by: User) -> Question:
    """One multiple-choice (FR.IA.05) or essay (FR.IA.06) question entered by staff; it joins the
    draw at once."""
    if not is_staff(by):
        raise ExamError("Hanya staf LSP yang dapat menambah soal.")
    _question_checked(data)
    fields = _question_fields(data)
    last = Question.objects.filter(unit=data.unit, kind=data.kind).order_by("-order").values_list(
        "order", flat=True).first()
    question = Question.objects.create(order=(last or 0) + 1, **fields)
    audit.record(obj=question, action="exams.question.created", by=by, to_state="aktif", kind=question.kind,
                 unit=data.unit.code, criterion=data.criterion.number if data.criterion else "", text=question.text)
    return question


def _shown(field: str, value) -> str:
    if field == "options":
        return " | ".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(value))
    if field == "unit":
        return value.code
    if field == "criterion":
        return f"KUK {value.number}" if value else ""
    if field == "kind":
        return str(Question.Kind(value).label)
    return "" if value is None else str(value)


QUESTION_LABELS = {"unit": "unit", "criterion": "KUK", "kind": "jenis soal", "text": "pertanyaan",
                   "options": "pilihan jawaban", "answer_key": "kunci jawaban / jawaban model"}


@transaction.atomic
def edit_question(*, question: Question, data: bank.QuestionInput, by: User) -> Question:
    """Correct a question in place, only while no candidate has met it: once drawn in an attempt (or
    judged in an assessment) its wording and key are part of that candidate's record and score, so
    the way to change it is to retire it and add a new one."""
    if not is_staff(by):
        raise ExamError("Hanya staf LSP yang dapat mengubah soal.")
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if not locked.is_active:
        raise ExamError("Soal ini sudah ditarik dari bank soal dan tidak dapat diubah; buat soal baru bila perlu.")
    used = bank.times_used(locked)
    if used:
        raise ExamError(f"Soal ini sudah diujikan kepada asesi ({used} kali), sehingga tidak dapat diubah di "
                        f"tempat: jawaban dan nilai yang sudah tercatat merujuk pada bunyi dan kunci soal ini. "
                        f"Tarik soal ini dari bank soal, lalu buat soal baru sebagai penggantinya.")
    _question_checked(data, excluding=locked.pk)
    fields = _question_fields(data)
    changed = [{"field": name, "label": QUESTION_LABELS[name], "old": _shown(name, getattr(locked, name)),
                "new": _shown(name, value)}
               for name, value in fields.items() if name in QUESTION_LABELS and getattr(locked, name) != value]
    if not changed:
        return locked
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    audit.record(obj=locked, action="exams.question.updated", by=by, from_state="aktif", to_state="aktif",
                 changed=changed)
    return locked


# --- FR.IA.07 oral questions ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OralInput:
    question: Question
    satisfactory: bool
    summary: str = ""


@transaction.atomic
def record_oral(*, assessment: Assessment, unit: CompetencyUnit, by: User, answers: list[OralInput]) -> int:
    """FR.IA.07 for one unit: the candidate's answer to each oral question judged satisfactory or not
    (assessment's answer judgements), and for every KUK the questions test, one piece of oral
    evidence, sufficient only when all of that KUK's answers were satisfactory. Once per unit."""
    if not answers:
        raise ExamError("Nilai minimal satu jawaban.")
    # Locked first so that the same unit sent twice at once is refused, not recorded twice.
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if OralRecord.objects.filter(assessment=assessment, unit=unit).exists():
        raise ExamError("Pertanyaan lisan unit ini sudah dicatat ke rekaman.")
    if any(a.question.unit_id != unit.pk or a.question.kind != Question.Kind.LISAN for a in answers):
        raise ExamError("Pertanyaan ini bukan pertanyaan lisan unit ini.")
    per_kuk: dict[int, list[OralInput]] = {}
    for answer in answers:
        if answer.question.criterion_id:
            per_kuk.setdefault(answer.question.criterion_id, []).append(answer)
    criteria = PerformanceCriterion.objects.in_bulk(list(per_kuk))
    rows = [EvidenceRow(criterion=criteria[pk], method=Method.LISAN,
                        notes="FR.IA.07 pertanyaan lisan: " + "; ".join(
                            (a.summary.strip() or "dijawab") + (" (memuaskan)" if a.satisfactory else " (belum)")
                            for a in given),
                        valid=True, authentic=True, current=True, sufficient=all(a.satisfactory for a in given))
            for pk, given in per_kuk.items()]
    try:
        assessment_services.judge_answers(assessment=assessment, by=by, answers=[
            assessment_services.AnswerInput(question=a.question, is_satisfactory=a.satisfactory,
                                            answer_summary=a.summary) for a in answers])
        if rows:
            assessment_services.record_unit_evidence(
                assessment=assessment, by=by, rows=rows,
                submission=uuid.uuid5(uuid.NAMESPACE_URL, f"oral-{assessment.pk}-{unit.pk}"))
    except assessment_services.AlreadyRecorded:
        raise ExamError("Pertanyaan lisan unit ini sudah dicatat ke rekaman.") from None
    except assessment_services.AssessmentError as exc:
        raise ExamError(str(exc)) from None
    record = OralRecord.objects.create(assessment=assessment, unit=unit, recorded_by=by)
    from exams.tasks import issue_oral_pdf_task

    enqueue(issue_oral_pdf_task, record.pk)
    return len(rows)


def oral_judgements(assessment: Assessment, unit: CompetencyUnit):
    """The candidate's judged answers to the unit's oral questions (FR.IA.07), in question order."""
    return (assessment.answers.filter(question__unit=unit, question__kind=Question.Kind.LISAN)
            .select_related("question__criterion__element", "judged_by").order_by("question__order", "question__pk"))


def oral_pdf(*, assessment: Assessment, unit: CompetencyUnit) -> bytes | None:
    """FR.IA.07 of a unit as issued (skema_lsp.issued), or None while nothing of it is judged. Answers
    judged on assessment's question page (or before the document was stored) get their record and
    file on the first download."""
    record = OralRecord.objects.filter(assessment=assessment, unit=unit).first()
    if record is None:
        if not oral_judgements(assessment, unit).exists():
            return None
        record, _created = OralRecord.objects.get_or_create(assessment=assessment, unit=unit)
    return _stored_oral_pdf(record)


def _stored_oral_pdf(record: OralRecord) -> bytes:
    from exams import documents

    return issued.stored_pdf(record, "pdf", render=documents.oral_record_pdf,
                             action="exams.oralrecord.document_issued")


def issue_oral_pdf(*, record_id: int) -> None:
    record = OralRecord.objects.filter(pk=record_id).first()
    if record is not None and not record.pdf:
        _stored_oral_pdf(record)
