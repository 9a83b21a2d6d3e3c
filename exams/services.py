"""Verbs of the exams stage: placing candidates into a schedule, the FR.IA.01 observation checklist,
the CBT (FR.IA.05) from start to score, and its result entered into the KUK evidence record. Every
judgement reaches the VATM record through assessment.services; every status move goes through
skema_lsp.transitions.transition."""

import random
import uuid
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
from exams.models import Attempt, AttemptQuestion, ExamSetting, ObservationChecklist, ObservationRow
from schemes.models import CompetencyUnit, PerformanceCriterion
from skema_lsp import audit
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
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


# --- FR.IA.01 observation checklist --------------------------------------------------------------------

@dataclass(frozen=True)
class ObservationInput:
    criterion: PerformanceCriterion
    met: bool
    notes: str = ""


@transaction.atomic
def record_observation(*, assessment: Assessment, unit: CompetencyUnit, by: User, rows: list[ObservationInput],
                       notes: str = "") -> ObservationChecklist:
    """FR.IA.01 for one unit: every KUK of the unit judged met / not yet, saved with one piece of
    observation evidence per KUK in the VATM record (met: valid, authentic, current and sufficient;
    not yet: observed but not sufficient). All or nothing; once per unit."""
    if unit.scheme_id != assessment.application.scheme_id:
        raise ExamError("Unit ini bukan bagian dari skema asesi.")
    if ObservationChecklist.objects.filter(assessment=assessment, unit=unit).exists():
        raise ExamError("Ceklis observasi unit ini sudah diisi; koreksi bukti melalui rekaman unit.")
    expected = set(PerformanceCriterion.objects.filter(element__unit=unit).values_list("pk", flat=True))
    if {row.criterion.pk for row in rows} != expected or len(rows) != len(expected):
        raise ExamError("Isi ceklis untuk setiap KUK unit ini (Ya / Belum).")
    evidence = [
        EvidenceRow(criterion=row.criterion, method=Method.OBSERVASI,
                    notes=f"FR.IA.01 observasi: {'memenuhi' if row.met else 'belum memenuhi'} KUK"
                          + (f". {row.notes.strip()}" if row.notes.strip() else "."),
                    valid=True, authentic=True, current=True, sufficient=row.met)
        for row in rows
    ]
    try:
        assessment_services.record_unit_evidence(assessment=assessment, by=by, rows=evidence,
                                                 submission=uuid.uuid4())
    except assessment_services.AssessmentError as exc:
        raise ExamError(str(exc)) from None
    checklist = ObservationChecklist.objects.create(assessment=assessment, unit=unit, notes=notes, observed_by=by)
    ObservationRow.objects.bulk_create([ObservationRow(checklist=checklist, criterion=row.criterion, met=row.met,
                                                       notes=row.notes) for row in rows])
    audit.record(obj=checklist, action="exams.observationchecklist.recorded", by=by, unit=unit.code,
                 met=sum(row.met for row in rows), total=len(rows))
    return checklist


# --- CBT (FR.IA.05) ------------------------------------------------------------------------------------

def setting_for(scheme_id: int) -> ExamSetting:
    setting = ExamSetting.objects.filter(scheme_id=scheme_id).first()
    return setting or ExamSetting(scheme_id=scheme_id)


def question_pool(scheme_id: int):
    """Active multiple-choice questions of the scheme's units that can be scored."""
    return Question.objects.filter(unit__scheme_id=scheme_id, kind=Question.Kind.PILIHAN_GANDA, is_active=True,
                                   correct_option__isnull=False)


@transaction.atomic
def start_attempt(*, assessment: Assessment, by: User) -> Attempt:
    """The candidate starts their one attempt: questions drawn at random from the bank of the
    scheme's units, the deadline fixed by the server. Only during the test and only after the
    assessor recorded the identity check."""
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
    drawn = random.SystemRandom().sample(pool, min(setting.question_count, len(pool)))
    now = timezone.now()
    attempt = Attempt.objects.create(assessment=locked, started_at=now, pass_mark=setting.pass_mark,
                                     deadline=now + timedelta(minutes=setting.duration_minutes), total=len(drawn))
    AttemptQuestion.objects.bulk_create([AttemptQuestion(attempt=attempt, question_id=pk, order=n)
                                         for n, pk in enumerate(drawn, start=1)])
    audit.record(obj=attempt, action="exams.attempt.started", by=by, to_state=attempt.status,
                 questions=len(drawn), deadline=attempt.deadline)
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


def save_answers(*, attempt: Attempt, by: User, answers: dict[int, int]) -> int:
    """Save the candidate's choices ({question pk: option index}) as they are given. After the
    deadline nothing is saved and the attempt is closed with what was saved before (TimeUp)."""
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
            for question_id, choice in answers.items():
                item = items.get(question_id)
                if item is None:
                    raise ExamError("Soal ini bukan bagian dari ujian Anda.")
                if not 0 <= choice < len(item.question.options):
                    raise ExamError(f"Pilihan soal nomor {item.order} tidak dikenal.")
                item.chosen, item.answered_at = choice, now
            AttemptQuestion.objects.bulk_update([items[q] for q in answers], ["chosen", "answered_at"])
            return len(answers)
    finish_attempt(attempt=attempt, by=None, ending=Attempt.Ending.TIME_UP)
    raise TimeUp("Waktu ujian sudah habis; ujian ditutup dengan jawaban yang tersimpan sebelumnya.")


@transaction.atomic
def finish_attempt(*, attempt: Attempt, by: User | None, ending: str = Attempt.Ending.SUBMITTED) -> Attempt:
    """Close the attempt (handed in, or its time is up) and score it against the scheme's pass mark
    as it was when the attempt started."""
    locked = Attempt.objects.select_for_update().select_related("assessment__application").get(pk=attempt.pk)
    if locked.status != Attempt.Status.STARTED:
        return locked
    if by is not None and locked.assessment.application.applicant_id != by.pk:
        raise ExamError("Ujian ini bukan milik Anda.")
    items = list(locked.items.select_related("question"))
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
    if assessor is not None:
        notify(user=assessor, subject=f"CBT {locked.assessment.reference} selesai: nilai {score}",
               body=f"Asesi menyelesaikan ujian tertulis pilihan ganda (FR.IA.05): {correct} dari {len(items)} "
                    f"benar ({score}%). Tinjau hasil per KUK dan catat ke rekaman VATM.",
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
    criterion: PerformanceCriterion | None
    unit: CompetencyUnit
    total: int
    correct: int
    pass_mark: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def met(self) -> bool:
        return self.total > 0 and self.percent >= self.pass_mark


def results_by_criterion(attempt: Attempt) -> list[CriterionResult]:
    """The attempt's score per KUK (questions without a KUK are grouped per unit), scheme order."""
    groups: dict[tuple, list] = {}
    items = attempt.items.select_related("question__unit", "question__criterion__element__unit")
    for item in items:
        criterion = item.question.criterion
        key = (criterion.pk if criterion else None, item.question.unit_id)
        groups.setdefault(key, [criterion, item.question.unit, 0, 0])
        groups[key][2] += 1
        groups[key][3] += 1 if item.is_correct else 0
    results = [CriterionResult(criterion=c, unit=u, total=t, correct=k, pass_mark=attempt.pass_mark)
               for c, u, t, k in groups.values()]
    return sorted(results, key=lambda r: (r.unit.order, r.criterion is None,
                                          (r.criterion.element.order, r.criterion.order) if r.criterion else (0, 0)))


@transaction.atomic
def record_cbt_result(*, attempt: Attempt, by: User) -> int:
    """The assessor enters the scored CBT into the VATM record: one piece of FR.IA.05 evidence per KUK
    the drawn questions tested, sufficient when that KUK's score reaches the pass mark. Once."""
    locked = Attempt.objects.select_for_update().select_related("assessment").get(pk=attempt.pk)
    if not holds(by, locked.assessment):
        raise ExamError("Hanya asesor yang ditugaskan yang dapat mencatat hasil CBT.")
    if locked.status != Attempt.Status.FINISHED:
        raise ExamError("Ujian CBT belum selesai.")
    if locked.recorded_at is not None:
        raise ExamError("Hasil CBT sudah dicatat ke rekaman.")
    rows = [EvidenceRow(criterion=r.criterion, method=Method.PILIHAN_GANDA,
                        notes=f"FR.IA.05 CBT: {r.correct} dari {r.total} soal benar ({r.percent}%, batas "
                              f"{r.pass_mark}%).",
                        valid=True, authentic=True, current=True, sufficient=r.met)
            for r in results_by_criterion(locked) if r.criterion is not None]
    if not rows:
        raise ExamError("Soal ujian ini tidak terhubung ke KUK; nilai KUK secara manual pada rekaman unit.")
    try:
        assessment_services.record_unit_evidence(assessment=locked.assessment, by=by, rows=rows,
                                                 submission=uuid.uuid5(uuid.NAMESPACE_URL, f"cbt-{locked.pk}"))
    except assessment_services.AssessmentError as exc:
        raise ExamError(str(exc)) from None
    locked.recorded_at, locked.recorded_by = timezone.now(), by
    locked.save(update_fields=["recorded_at", "recorded_by", "updated_at"])
    audit.record(obj=locked, action="exams.attempt.recorded", by=by, criteria=len(rows))
    return len(rows)


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
    return len(rows)
