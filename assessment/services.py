"""Verbs of the assessment stage. Every status change goes through skema_lsp.transitions.transition,
which checks Assessment.TRANSITIONS, locks the row and writes the audit entry in the same transaction."""

from dataclasses import dataclass
from datetime import date, time
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import ConflictOfInterest, User
from accounts.roles import Role
from assessment import vatm
from assessment.models import (
    AnswerJudgement,
    Assessment,
    AssessmentPlan,
    ConflictDeclaration,
    EvidenceItem,
    Feedback,
    IdentityCheck,
    Method,
    PreAssessment,
    Question,
    TestSession,
)
from registration.models import Application
from schemes.models import TUK, PerformanceCriterion
from skema_lsp import audit, issued
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.queue import enqueue
from skema_lsp.storage import discard_files_on_error, store
from skema_lsp.templatetags.formatting import tanggal
from skema_lsp.transitions import transition
from skema_lsp.uploads import ValidatedUpload

S = Assessment.Status


class AssessmentError(DomainError):
    """A refused action; the message is shown to the user as is (Indonesian)."""


def _move(assessment: Assessment, to: str, *, by, action: str, changes: dict | None = None, **details) -> Assessment:
    return transition(assessment, to, by=by, action=action, changes=changes, error=AssessmentError, **details)


def _url(name: str, assessment: Assessment) -> str:
    return reverse(name, args=[assessment.pk])


# --- assignment and conflict of interest (9.2.2) -------------------------------------------------

def assessor_refusal(*, assessor: User, application: Application, excluded: User | None = None) -> str | None:
    """Why this person may not assess this candidate, or None when they may."""
    if not assessor.has_role(Role.ASESOR):
        return "Pengguna ini bukan asesor."
    if not assessor.met_number:
        return "Asesor belum memiliki nomor registrasi MET."
    if assessor.met_valid_until and assessor.met_valid_until < timezone.localdate():
        return (f"Registrasi MET asesor berakhir pada {assessor.met_valid_until:%d-%m-%Y}; "
                "asesor tidak dapat ditugaskan sampai registrasinya diperpanjang.")
    if assessor.pk == application.applicant_id:
        return "Asesor tidak boleh mengases dirinya sendiri."
    if excluded is not None and assessor.pk == excluded.pk:
        return "Asesmen ulang harus dilakukan oleh asesor yang berbeda."
    if ConflictOfInterest.objects.filter(person=assessor, candidate_id=application.applicant_id).exists():
        return "Asesor telah menyatakan konflik kepentingan dengan asesi ini."
    return None


@transaction.atomic
def assign_assessor(*, application: Application, assessor: User, by, session: TestSession | None = None,
                    assessment: Assessment | None = None) -> Assessment:
    """Staff assign an assessor (9.2.2: the LSP assigns a Competency Assessor, i.e. one holding a MET
    registration that has not lapsed — refused otherwise, see assessor_refusal) to the latest round;
    the assignment holds once the assessor declares no conflict of interest (declare_conflict)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.ACCEPTED:
        raise AssessmentError("Hanya permohonan yang diterima sebagai peserta yang dapat diases.")
    if assessment is None:
        assessment = _open_round(application) or _new_round(application, by=by)
    reason = assessor_refusal(assessor=assessor, application=application, excluded=assessment.excluded_assessor)
    if reason:
        raise AssessmentError(reason)
    if session is not None:
        _check_session(session, application=application, assessment=assessment,
                       new_assessor=not session.assessors.filter(pk=assessor.pk).exists())
    locked = _move(assessment, S.PROPOSED, by=by, action="assessment.assessment.assessor_proposed",
                   assessor=assessor.username)
    locked.assessor = assessor
    locked.session = session
    locked.assigned_by = by
    locked.save(update_fields=["assessor", "session", "assigned_by", "updated_at"])
    if session is not None:
        session.assessors.add(assessor)
    notify(user=assessor, subject=f"Penugasan asesmen {locked.reference}: nyatakan bebas konflik kepentingan",
           template="assessment/email/proposed", context={"assessment": locked},
           url=_url("assessment:declare", locked))
    return locked


def _open_round(application: Application) -> Assessment | None:
    current = application.assessments.order_by("-round").first()
    if current is None or current.status == S.CANCELLED:
        return None
    if current.status != S.UNASSIGNED:
        raise AssessmentError("Permohonan ini sudah memiliki asesor yang diusulkan atau ditugaskan.")
    return current


def _new_round(application: Application, *, by, excluded: User | None = None) -> Assessment:
    last = application.assessments.aggregate(n=Max("round"))["n"] or 0
    assessment = Assessment.objects.create(application=application, round=last + 1, excluded_assessor=excluded)
    audit.record(obj=assessment, action="assessment.assessment.opened", by=by, to_state=S.UNASSIGNED, round=last + 1,
                 excluded_assessor=excluded.username if excluded else "")
    return assessment


def _check_session(session: TestSession, *, application: Application, assessment: Assessment,
                   new_assessor: bool = False) -> None:
    if not session.tuk.is_verified:
        raise AssessmentError("Jadwal ini berada di TUK yang belum diverifikasi LSP (9.3.2).")
    if session.scheme_id != application.scheme_id:
        raise AssessmentError("Jadwal ini untuk skema lain.")
    reason = seat_refusal(session, adding=1, exclude=[assessment.pk], extra_assessors=int(new_assessor))
    if reason:
        raise AssessmentError(reason)


def seat_refusal(session: TestSession, *, adding: int, exclude: list[int] = (), extra_assessors: int = 0) -> str | None:
    """Why `adding` more candidates do not fit this schedule, or None. Two limits: the schedule's
    capacity, and the assessor-to-candidate ratio (settings.EXAM_CANDIDATES_PER_ASSESSOR candidates
    per assessor of the schedule, 9.3: an assessor observes no more candidates than they can follow)."""
    taken = session.assessments.exclude(status=S.CANCELLED).exclude(pk__in=list(exclude)).count()
    if taken + adding > session.capacity:
        return f"Kapasitas jadwal uji sudah penuh ({session.capacity} asesi)."
    assessors = session.assessors.count() + extra_assessors
    ratio = settings.EXAM_CANDIDATES_PER_ASSESSOR
    if taken + adding > assessors * ratio:
        return (f"Rasio asesor : asesi melebihi 1 : {ratio}: jadwal ini memiliki {assessors} asesor untuk "
                f"{taken + adding} asesi. Tambahkan asesor pada jadwal.")
    return None


@transaction.atomic
def declare_conflict(*, assessment: Assessment, by: User, has_conflict: bool, kind: str = "",
                     note: str = "") -> Assessment:
    """The proposed assessor's statement for this candidate. No conflict → assigned; a declared
    conflict blocks: the round goes back to staff and the relationship is recorded for later stages."""
    locked = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    if locked.status != S.PROPOSED or locked.assessor_id != by.pk:
        raise AssessmentError("Pernyataan ini hanya dapat dibuat oleh asesor yang diusulkan.")
    if has_conflict and not kind:
        raise AssessmentError("Pilih jenis konflik kepentingan.")
    ConflictDeclaration.objects.create(assessment=locked, assessor=by, has_conflict=has_conflict,
                                       kind=kind if has_conflict else "", note=note)
    if has_conflict:
        ConflictOfInterest.objects.get_or_create(person=by, candidate=locked.application.applicant, kind=kind,
                                                 defaults={"note": note})
        locked = _move(locked, S.UNASSIGNED, by=by, action="assessment.assessment.conflict_declared",
                       changes={"assessor": None, "session": None}, kind=kind, note=note)
        if locked.assigned_by_id:
            notify(user=locked.assigned_by, subject=f"{locked.reference}: asesor menyatakan konflik kepentingan",
                   template="assessment/email/conflict", context={"assessment": locked, "assessor": by},
                   url=reverse("assessment:staff_assignments"))
        return locked
    locked = _move(locked, S.ASSIGNED, by=by, action="assessment.assessment.no_conflict_declared")
    locked.assigned_at = timezone.now()
    locked.save(update_fields=["assigned_at", "updated_at"])
    notify(user=locked.candidate,
           subject=format_lazy(_("Asesor untuk {ref} telah ditugaskan"), ref=locked.application.reference),
           template="assessment/email/assigned", context={"assessment": locked},
           url=_url("assessment:detail", locked))
    return locked


@transaction.atomic
def cancel_assessment(*, assessment: Assessment, by, reason: str) -> Assessment:
    if not reason.strip():
        raise AssessmentError("Alasan pembatalan wajib diisi.")
    locked = _move(assessment, S.CANCELLED, by=by, action="assessment.assessment.cancelled", reason=reason)
    return locked


@transaction.atomic
def open_reassessment(*, application: Application, excluded_assessor: User | None, by) -> Assessment:
    """A new round (e.g. after an upheld appeal) that must be assigned to a different assessor.
    Earlier rounds stay as they are, for the record; ready_for_decision looks at the latest only."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    for previous in application.assessments.exclude(status__in=[S.SUBMITTED, S.NOT_CONTINUED, S.CANCELLED]):
        _move(previous, S.CANCELLED, by=by, action="assessment.assessment.cancelled",
              reason="Digantikan asesmen ulang.")
    assessment = _new_round(application, by=by, excluded=excluded_assessor)
    return assessment


# --- plan and consent (FR.MAPA.01 / FR.AK.01, 9.2.3–9.2.4) -------------------------------------------

def _require_holder(assessment: Assessment, by: User) -> None:
    if assessment.assessor_id != by.pk:
        raise AssessmentError("Hanya asesor yang ditugaskan yang dapat melakukan ini.")


def scheme_criteria(scheme_id: int) -> list[PerformanceCriterion]:
    return list(PerformanceCriterion.objects.filter(element__unit__scheme_id=scheme_id)
                .select_related("element__unit").order_by("element__unit__order", "element__order", "order"))


def every_criterion(scheme_id: int, methods: list[str]) -> dict[int, list[str]]:
    """The same methods for every KUK of the scheme (a starting point for FR.MAPA.01)."""
    return {criterion.pk: list(methods) for criterion in scheme_criteria(scheme_id)}


def plan_gaps(scheme_id: int, criterion_methods: dict) -> list[PerformanceCriterion]:
    """FR.MAPA.01/02: the KUK for which no method or instrument is planned."""
    return [c for c in scheme_criteria(scheme_id)
            if not [m for m in criterion_methods.get(c.pk, criterion_methods.get(str(c.pk), [])) if m]]


@transaction.atomic
def propose_plan(*, assessment: Assessment, by: User, criterion_methods: dict[int, list[str]],
                 evidence_to_collect: str, day: date, at: time, tuk: TUK) -> AssessmentPlan:
    """FR.MAPA.01 / FR.AK.01 (9.2.3): the plan goes to the candidate only when every KUK of
    every unit has at least one of the methods of 9.3.1 (observation, demonstration, written, oral,
    portfolio, third-party report) that will produce its evidence."""
    locked = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    _require_holder(locked, by)
    if locked.status not in (S.ASSIGNED, S.PLAN_PROPOSED):
        raise AssessmentError("Rencana asesmen tidak dapat diubah pada tahap ini.")
    if not tuk.is_verified:
        raise AssessmentError("Uji kompetensi hanya dapat dilaksanakan di TUK yang diverifikasi LSP (9.3.2).")
    used = {m for methods in criterion_methods.values() for m in methods}
    if used - set(Method.values):
        raise AssessmentError("Metode asesmen tidak dikenal.")
    gaps = plan_gaps(locked.application.scheme_id, criterion_methods)
    if gaps:
        listed = ", ".join(f"{c.element.unit.code} KUK {c.number}" for c in gaps[:5])
        more = f" dan {len(gaps) - 5} lainnya" if len(gaps) > 5 else ""
        raise AssessmentError(f"Rencana belum dapat dikirim: {len(gaps)} KUK belum memiliki metode asesmen "
                              f"({listed}{more}).")
    known = {c.pk for c in scheme_criteria(locked.application.scheme_id)}
    per_kuk = {str(pk): [m for m in Method.values if m in methods]
               for pk, methods in ((int(k), set(v)) for k, v in criterion_methods.items()) if pk in known}
    methods = [m for m in Method.values if m in used]
    plan, _created = AssessmentPlan.objects.update_or_create(assessment=locked, defaults={
        "methods": methods, "criterion_methods": per_kuk, "evidence_to_collect": evidence_to_collect,
        "date": day, "time": at, "tuk": tuk,
        "proposed_at": timezone.now(), "accepted_at": None, "confidentiality_accepted_at": None,
    })
    if locked.status == S.ASSIGNED:
        _move(locked, S.PLAN_PROPOSED, by=by, action="assessment.plan.proposed", date=str(day), tuk=tuk.name)
    else:
        audit.record(obj=locked, action="assessment.plan.updated", by=by, date=str(day), tuk=tuk.name)
    notify(user=locked.candidate,
           subject=format_lazy(_("Rencana asesmen {ref} menunggu persetujuan Anda"), ref=locked.reference),
           template="assessment/email/plan_proposed", context={"assessment": locked, "plan": plan},
           url=_url("assessment:detail", locked))
    return plan


@transaction.atomic
def accept_plan(*, assessment: Assessment, by: User, plan_accepted: bool, confidentiality_accepted: bool
                ) -> AssessmentPlan:
    """The candidate agrees the plan and the confidentiality statement (FR.AK.01, 9.2.4); both are
    stamped."""
    locked = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    if locked.application.applicant_id != by.pk:
        raise AssessmentError("Hanya asesi yang dapat menyetujui rencana asesmennya.")
    if locked.status != S.PLAN_PROPOSED:
        raise AssessmentError("Tidak ada rencana asesmen yang menunggu persetujuan.")
    if not (plan_accepted and confidentiality_accepted):
        raise AssessmentError("Centang persetujuan rencana asesmen dan pernyataan kerahasiaan.")
    now = timezone.now()
    plan = locked.plan
    plan.accepted_at = now
    plan.confidentiality_accepted_at = now
    plan.save(update_fields=["accepted_at", "confidentiality_accepted_at"])
    _move(locked, S.PLAN_AGREED, by=by, action="assessment.plan.accepted", confidentiality=True)
    return plan


@transaction.atomic
def request_plan_change(*, assessment: Assessment, by: User, note: str) -> AssessmentPlan:
    locked = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    if locked.application.applicant_id != by.pk:
        raise AssessmentError("Hanya asesi yang dapat meminta perubahan rencana.")
    if locked.status != S.PLAN_PROPOSED:
        raise AssessmentError("Tidak ada rencana asesmen yang menunggu persetujuan.")
    if not note.strip():
        raise AssessmentError("Tuliskan perubahan yang diminta.")
    plan = locked.plan
    plan.change_request = note
    plan.save(update_fields=["change_request"])
    _move(locked, S.ASSIGNED, by=by, action="assessment.plan.change_requested", note=note)
    notify(user=locked.assessor, subject=f"{locked.reference}: asesi meminta perubahan rencana",
           body=note, url=_url("assessment:plan", locked))
    return plan


# --- pre-assessment (9.2.5–9.2.6) -----------------------------------------------------------------

@transaction.atomic
def record_pre_assessment(*, assessment: Assessment, by: User, can_continue: bool, reasons: str) -> PreAssessment:
    """The assessor's review of APL-02 and its evidence (9.2.5) and the recommendation whether the
    candidate continues to the competency test (9.2.6); the candidate is told."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_holder(locked, by)
    if not reasons.strip():
        raise AssessmentError("Alasan rekomendasi wajib diisi.")
    to = S.TESTING if can_continue else S.NOT_CONTINUED
    _move(locked, to, by=by, action="assessment.assessment.pre_assessed", can_continue=can_continue, reasons=reasons)
    review = PreAssessment.objects.create(assessment=locked, can_continue=can_continue, reasons=reasons,
                                          reviewed_by=by)
    verdict = _("dapat dilanjutkan") if can_continue else _("belum dapat dilanjutkan")
    notify(user=locked.candidate,
           subject=format_lazy(_("Hasil kaji APL-02 {ref}: {verdict}"), ref=locked.reference, verdict=verdict),
           template="assessment/email/pre_assessment", context={"assessment": locked, "review": review},
           url=_url("assessment:detail", locked))
    return review


# --- competency test records (9.3) ----------------------------------------------------------------

def _lock_for_recording(assessment: Assessment, by: User) -> Assessment:
    """The record is editable only while testing, only by its assessor, and only once the candidate's
    identity was checked at the test; a submitted record is locked."""
    locked = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    _require_holder(locked, by)
    if locked.status != S.TESTING:
        raise AssessmentError("Rekaman asesmen terkunci: tidak dapat diubah pada status "
                              f"'{locked.get_status_display()}'.")
    refuse_without_identity_check(locked)
    return locked


def identity_checked(assessment: Assessment) -> bool:
    return IdentityCheck.objects.filter(assessment_id=assessment.pk).exists()


def refuse_without_identity_check(assessment: Assessment) -> None:
    """Clause 9.3 (identity of the candidate at the test): no result is entered and no written test
    is started before the assessor has recorded the identity check."""
    if not identity_checked(assessment):
        raise AssessmentError("Periksa dan catat identitas asesi (KTP/paspor) terlebih dahulu; hasil uji belum "
                              "dapat dicatat sebelum identitas diperiksa.")


@transaction.atomic
def record_identity_check(*, assessment: Assessment, by: User, document: str, document_number: str,
                          matches_application: bool, note: str = "") -> IdentityCheck:
    """The assessor checks the candidate's identity document at the test (who, which document and
    number, when). Recorded once; a mismatch is refused (the test does not go ahead)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_holder(locked, by)
    if locked.status not in (S.PLAN_AGREED, S.TESTING):
        raise AssessmentError("Identitas diperiksa pada saat uji kompetensi (setelah rencana asesmen disetujui).")
    if IdentityCheck.objects.filter(assessment=locked).exists():
        raise AssessmentError("Identitas asesi sudah diperiksa dan dicatat.")
    if document not in IdentityCheck.Document.values:
        raise AssessmentError("Pilih jenis dokumen identitas.")
    number = "".join(document_number.split()).upper()
    if not 4 <= len(number) <= 40 or not number.replace("-", "").isalnum():
        raise AssessmentError("Nomor dokumen identitas tidak valid (4–40 huruf/angka).")
    if document == IdentityCheck.Document.KTP and not (number.isdigit() and len(number) == 16):
        raise AssessmentError("Nomor KTP (NIK) terdiri dari 16 angka.")
    if not matches_application:
        raise AssessmentError("Identitas tidak sesuai dengan data permohonan: uji kompetensi tidak dapat "
                              "dilanjutkan. Laporkan kepada LSP.")
    check = IdentityCheck.objects.create(assessment=locked, document=document, document_number=number,
                                         matches_application=True, note=note, checked_by=by)
    audit.record(obj=locked, action="assessment.identitycheck.recorded", by=by, document=document,
                 number=check.masked_number)
    return check


@dataclass(frozen=True)
class EvidenceRow:
    """One piece of evidence for one KUK, as entered on the unit sheet (the upload already checked)."""

    criterion: PerformanceCriterion
    method: str
    notes: str = ""
    upload: ValidatedUpload | None = None
    valid: bool = False
    authentic: bool = False
    current: bool = False
    sufficient: bool = False


class AlreadyRecorded(AssessmentError):
    """The same unit-sheet submission arrived again (double click, resent form): nothing was added."""


@transaction.atomic
@discard_files_on_error()
def record_unit_evidence(*, assessment: Assessment, by: User, rows: list[EvidenceRow], submission: UUID) -> int:
    """Save the rows of one unit sheet together: all of them or, if any is refused, none (and no file
    stays on disk). `submission` is the key minted with the page; the same key seen again means
    the form was sent twice and adds nothing."""
    locked = _lock_for_recording(assessment, by)
    if EvidenceItem.objects.filter(assessment=locked, submission=submission).exists():
        raise AlreadyRecorded("Isian ini sudah tersimpan sebelumnya; bukti tidak dicatat dua kali.")
    for row in rows:
        _add_evidence(locked, by, row, submission=submission)
    return len(rows)


@transaction.atomic
@discard_files_on_error()
def add_evidence(*, assessment: Assessment, by: User, criterion: PerformanceCriterion, method: str,
                 notes: str = "", upload: ValidatedUpload | None = None, valid: bool = False,
                 authentic: bool = False, current: bool = False, sufficient: bool = False) -> EvidenceItem:
    """Record one piece of evidence for one KUK."""
    locked = _lock_for_recording(assessment, by)
    row = EvidenceRow(criterion=criterion, method=method, notes=notes, upload=upload, valid=valid,
                      authentic=authentic, current=current, sufficient=sufficient)
    return _add_evidence(locked, by, row)


def _add_evidence(locked: Assessment, by: User, row: EvidenceRow, submission: UUID | None = None) -> EvidenceItem:
    criterion = row.criterion
    if criterion.element.unit.scheme_id != locked.application.scheme_id:
        raise AssessmentError("KUK ini bukan bagian dari skema asesi.")
    if row.method not in Method.values:
        raise AssessmentError("Metode asesmen tidak dikenal.")
    if not row.notes.strip() and row.upload is None:
        raise AssessmentError(f"KUK {criterion.number}: isi catatan bukti atau unggah berkas bukti.")
    item = EvidenceItem(assessment=locked, criterion=criterion, method=row.method, notes=row.notes, valid=row.valid,
                        authentic=row.authentic, current=row.current, sufficient=row.sufficient, recorded_by=by,
                        submission=submission)
    if row.upload is not None:
        store(item.file, row.upload.storage_name, row.upload.as_file())
    item.save()
    audit.record(obj=locked, action="assessment.evidence.added", by=by, evidence=item.pk, criterion=criterion.pk,
                 method=row.method, vatm=[row.valid, row.authentic, row.current, row.sufficient])
    return item


@transaction.atomic
def remove_evidence(*, item: EvidenceItem, by: User) -> None:
    locked = _lock_for_recording(item.assessment, by)
    audit.record(obj=locked, action="assessment.evidence.removed", by=by, evidence=item.pk,
                 criterion=item.criterion_id)
    item.delete()


@dataclass(frozen=True)
class AnswerInput:
    question: Question
    is_satisfactory: bool
    answer_summary: str = ""


@transaction.atomic
def judge_answers(*, assessment: Assessment, by: User, answers: list[AnswerInput]) -> int:
    """The judgements of one question-bank page, saved together (a judgement given again replaces
    the earlier one, so sending the page twice changes nothing)."""
    locked = _lock_for_recording(assessment, by)
    for answer in answers:
        _judge(locked, by, answer)
    return len(answers)


@transaction.atomic
def judge_answer(*, assessment: Assessment, by: User, question: Question, is_satisfactory: bool,
                 answer_summary: str = "") -> AnswerJudgement:
    locked = _lock_for_recording(assessment, by)
    return _judge(locked, by, AnswerInput(question=question, is_satisfactory=is_satisfactory,
                                          answer_summary=answer_summary))


def _judge(locked: Assessment, by: User, answer: AnswerInput) -> AnswerJudgement:
    question = answer.question
    if question.unit.scheme_id != locked.application.scheme_id:
        raise AssessmentError("Pertanyaan ini bukan untuk skema asesi.")
    judgement, _created = AnswerJudgement.objects.update_or_create(
        assessment=locked, question=question,
        defaults={"is_satisfactory": answer.is_satisfactory, "answer_summary": answer.answer_summary,
                  "judged_by": by},
    )
    audit.record(obj=locked, action="assessment.answer.judged", by=by, question=question.pk,
                 satisfactory=answer.is_satisfactory)
    return judgement


def evaluate(assessment: Assessment) -> vatm.Outcome:
    """The VATM rule (9.3.3) applied to this assessment's evidence, over every unit/KUK of the scheme."""
    judgements: dict[int, list] = {}
    for item in assessment.evidence.all():
        judgements.setdefault(item.criterion_id, []).append(item.vatm)
    criteria = PerformanceCriterion.objects.filter(element__unit__scheme_id=assessment.application.scheme_id)
    scheme: dict[int, dict[int, list]] = {
        unit.pk: {} for unit in assessment.application.scheme.units.all()
    }
    for unit_id, criterion_id in criteria.order_by("element__unit__order", "element__order", "order").values_list(
        "element__unit_id", "pk"
    ):
        scheme[unit_id][criterion_id] = judgements.get(criterion_id, [])
    return vatm.evaluate(scheme)


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by: User, recommendation: str, follow_up: str = "",
                      report_notes: str = "") -> Assessment:
    """9.3.5: the record and recommendation go to the LSP and are locked. The recommendation must be
    the one the VATM rule gives (9.3.4): no Kompeten where the evidence says Belum Kompeten."""
    locked = _lock_for_recording(assessment, by)
    outcome = evaluate(locked)
    if recommendation == vatm.K and not outcome.is_competent:
        raise AssessmentError("Rekomendasi Kompeten ditolak: tidak semua KUK terpenuhi oleh bukti yang memenuhi "
                              "aturan VATM. Rekomendasi menurut aturan: Belum Kompeten.")
    if recommendation == vatm.BK and outcome.is_competent:
        raise AssessmentError("Seluruh KUK terpenuhi bukti VATM; rekomendasi menurut aturan adalah Kompeten (9.3.4).")
    if recommendation not in (vatm.K, vatm.BK):
        raise AssessmentError("Pilih rekomendasi K atau BK.")
    if recommendation == vatm.BK and not follow_up.strip():
        raise AssessmentError("Untuk rekomendasi Belum Kompeten, tuliskan tindak lanjutnya.")
    locked.recommendation = recommendation
    locked.unmet_criteria = _unmet_snapshot(outcome)
    locked.follow_up = follow_up if recommendation == vatm.BK else ""
    locked.report_notes = report_notes
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["recommendation", "unmet_criteria", "follow_up", "report_notes", "submitted_at",
                               "updated_at"])
    _move(locked, S.SUBMITTED, by=by, action="assessment.assessment.submitted", recommendation=recommendation,
          unmet=len(locked.unmet_criteria))
    notify(user=locked.candidate,
           subject=format_lazy(_("Rekaman asesmen {ref} telah diserahkan ke LSP"), ref=locked.reference),
           template="assessment/email/submitted", context={"assessment": locked},
           url=_url("assessment:detail", locked))
    from assessment.tasks import issue_documents_task

    enqueue(issue_documents_task, locked.pk)
    return locked


def _unmet_snapshot(outcome: vatm.Outcome) -> list[dict]:
    """What was not met, copied as text so the record reads the same if the scheme changes later."""
    ids = [kuk for _, kuk in outcome.unmet]
    by_id = PerformanceCriterion.objects.select_related("element__unit").in_bulk(ids)
    rows = []
    for _unit, kuk in outcome.unmet:
        criterion = by_id[kuk]
        rows.append({
            "unit": criterion.element.unit.code, "element": criterion.element.title,
            "kuk": criterion.number, "text": criterion.text,
        })
    return rows


@transaction.atomic
def reopen_assessment(*, assessment: Assessment, by, reason: str) -> Assessment:
    """A correction after submission, before any decision, needs a recorded reopen by staff; the
    earlier recommendation stays in the audit trail and a new submission recomputes it. A decided
    record is final: its correction is an appeal's corrected decision or a re-assessment."""
    if not reason.strip():
        raise AssessmentError("Alasan membuka kembali rekaman wajib diisi.")
    _refuse_if_decided(Assessment.objects.select_for_update().get(pk=assessment.pk))
    locked = _move(assessment, S.TESTING, by=by, action="assessment.assessment.reopened", reason=reason,
                   previous_recommendation=assessment.recommendation)
    locked.reopened_at = timezone.now()
    locked.reopen_reason = reason
    locked.recommendation = ""
    locked.submitted_at = None
    issued.withdraw(locked, ISSUED_DOCUMENTS)  # a reopened record's documents belong to no submission
    locked.save(update_fields=["reopened_at", "reopen_reason", "recommendation", "submitted_at", "record_pdf",
                               "report_pdf", "updated_at"])
    if locked.assessor_id:
        notify(user=locked.assessor, subject=f"Rekaman {locked.reference} dibuka kembali untuk koreksi",
               body=reason, url=_url("assessment:detail", locked))
    return locked


def _refuse_if_decided(locked: Assessment) -> None:
    if locked.decided_at is not None:
        raise AssessmentError(
            f"Asesmen {locked.reference} sudah diputuskan pada {tanggal(locked.decided_at)}; "
            "rekamannya final. Koreksi hanya melalui banding (keputusan koreksi atau asesmen ulang)."
        )


@transaction.atomic
def record_decision(*, assessment: Assessment, by, decided_at=None) -> Assessment:
    """decisions calls this in the transaction that records the technical team's decision:
    the record becomes final, leaves the meeting queue and its assessor's hands (their access to the
    candidate's files ends). A record is decided once."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_if_decided(locked)
    if locked.status != S.SUBMITTED:
        raise AssessmentError("Hanya rekaman asesmen yang sudah diserahkan ke LSP yang dapat diputuskan.")
    locked.decided_at = decided_at or timezone.now()
    locked.save(update_fields=["decided_at", "updated_at"])
    audit.record(obj=locked, action="assessment.assessment.decided", by=by)
    assessment.decided_at = locked.decided_at
    return locked


# --- issued documents (FR.AK.02, FR.AK.05) ---------------------------------------------------------

ISSUED_DOCUMENTS = ("record_pdf", "report_pdf")  # Assessment file fields, named as the documents' renderers


def issued_document(assessment: Assessment, document: str) -> bytes:
    """The stored FR.AK.02 (`record_pdf`) or FR.AK.05 (`report_pdf`) of a submitted record. The
    submission stores both after commit; a record whose render has not run (the broker was down, or
    it was submitted before documents were stored) is rendered and stored here, once, and served
    from the stored file from then on (skema_lsp.issued)."""
    from assessment import documents

    if document not in ISSUED_DOCUMENTS:
        raise ValueError(document)
    return issued.stored_pdf(assessment, document, render=getattr(documents, document),
                             action="assessment.assessment.document_issued", refuse=_refuse_unsubmitted)


def _refuse_unsubmitted(current: Assessment) -> None:
    if current.status != S.SUBMITTED:
        raise AssessmentError("Dokumen tersedia setelah rekaman diserahkan ke LSP.")


def issue_documents(*, assessment_id: int) -> None:
    """Render and store whichever issued documents of a submitted record are not stored yet."""
    assessment = Assessment.objects.filter(pk=assessment_id, status=S.SUBMITTED).first()
    if assessment is None:
        return
    for document in ISSUED_DOCUMENTS:
        if not getattr(assessment, document):
            issued_document(assessment, document)


# --- feedback (FR.AK.03) ----------------------------------------------------------------------------

@transaction.atomic
def submit_feedback(*, assessment: Assessment, by: User, answers: dict[str, bool], comments: str = "") -> Feedback:
    locked = Assessment.objects.select_for_update().select_related("application").get(pk=assessment.pk)
    if locked.application.applicant_id != by.pk:
        raise AssessmentError("Umpan balik hanya dapat diisi oleh asesi.")
    if locked.status not in (S.TESTING, S.SUBMITTED, S.NOT_CONTINUED):
        raise AssessmentError("Umpan balik diisi setelah asesmen berlangsung.")
    if Feedback.objects.filter(assessment=locked).exists():
        raise AssessmentError("Umpan balik sudah dikirim.")
    keys = {key for key, _ in Feedback.QUESTIONS}
    feedback = Feedback.objects.create(
        assessment=locked, answers={k: bool(v) for k, v in answers.items() if k in keys}, comments=comments
    )
    audit.record(obj=locked, action="assessment.feedback.submitted", by=by)
    return feedback
