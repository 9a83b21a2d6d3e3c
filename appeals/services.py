"""Verbs of the appeals stage (9.9). Every status change goes through skema_lsp.transitions.transition,
which locks the row, checks Appeal.TRANSITIONS and writes the audit entry in the same transaction."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import ConflictOfInterest, User
from accounts.roles import Role
from appeals.models import Appeal, AppealAttachment, PanelMember, PanelVote
from decisions.models import Decision
from decisions.services import next_number
from skema_lsp import audit
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.templatetags.formatting import tanggal
from skema_lsp.transitions import transition
from skema_lsp.uploads import ValidatedUpload
from skema_lsp.workdays import add_working_days

S = Appeal.Status
REFERENCE_SERIES = "banding"


class AppealError(DomainError):
    """A refused action; the message is shown to the user as is (Indonesian)."""


def _refusal(appeal: Appeal, to: str) -> str:
    return f"Banding berstatus '{appeal.get_status_display()}' tidak dapat diubah ke '{S(to).label}'."


# --- the rules with numbers ---------------------------------------------------------------------

def filing_closes_at(decision: Decision) -> datetime:
    """9.9.2: the last moment to file, 23:59 Asia/Jakarta of the day `scheme.appeal_window_days`
    after the decision day (decisions' Decision.appeal_deadline, which is exactly this rule)."""
    return decision.appeal_deadline


def window_is_open(decision: Decision, now: datetime | None = None) -> bool:
    return (now or timezone.now()) <= filing_closes_at(decision)


def resolution_due_on(received_on: date, working_days: int) -> date:
    """9.9.6: the panel decides within N working days of receipt (the receipt day not counted)."""
    return add_working_days(received_on, working_days)


def filing_refusal(decision: Decision, user, now: datetime | None = None) -> str | None:
    """Why `user` may not appeal `decision` now, or None when they may: the candidate of the decision
    may appeal it (9.9.1), within the window."""
    if decision.candidate.pk != user.pk:
        return "Hanya asesi yang bersangkutan yang dapat mengajukan banding atas keputusan ini."
    if Appeal.objects.filter(decision=decision).exists():
        return "Keputusan ini sudah pernah diajukan banding. Keputusan banding bersifat mengikat (9.9.7)."
    if decision.awaits_notice:
        return ("Keputusan ini belum disampaikan resmi: banding dapat diajukan setelah SK disetujui Direktur "
                "(9.9.2).")
    if decision.corrects_id:
        return "Keputusan ini merupakan hasil banding yang bersifat mengikat (9.9.7) dan tidak dapat dibanding lagi."
    if not window_is_open(decision, now):
        closes = timezone.localtime(filing_closes_at(decision))
        return (f"Batas waktu pengajuan banding telah berakhir pada {tanggal(closes)} pukul 23.59 WIB "
                f"(9.9.2). Banding tidak dapat diajukan lagi.")
    return None


# --- filing and acknowledgement (FR.AK.04) ------------------------------------------------------

@dataclass(frozen=True)
class FilingAnswers:
    process_explained: bool
    discussed_with_assessor: bool
    involves_other_person: bool
    reasons: str


@transaction.atomic
def file_appeal(*, decision: Decision, by: User, answers: FilingAnswers,
                attachments: list[ValidatedUpload] = ()) -> Appeal:
    """Record the appeal filed on the LSP's form (9.9.3), give it a reference number and acknowledge
    it to the appellant."""
    # Lock the decision so two submissions of the same form cannot both pass the one-appeal check.
    decision = Decision.objects.select_for_update().select_related(
        "assessment__application__scheme", "assessment__application__applicant").get(pk=decision.pk)
    now = timezone.now()
    reason = filing_refusal(decision, by, now)
    if reason:
        raise AppealError(reason)
    if not answers.reasons.strip():
        raise AppealError("Alasan banding wajib diisi.")
    appeal = create_appeal_record(decision=decision, answers=answers, filed_at=now)
    for upload in attachments:
        _attach(appeal, upload)
    audit.record(obj=appeal, action="appeals.appeal.filed", by=by, to_state=appeal.status, reference=appeal.reference,
                 decision=decision.pk, attachments=len(attachments), due_on=appeal.due_on.isoformat())
    _acknowledge(appeal)
    return appeal


def create_appeal_record(*, decision: Decision, answers: FilingAnswers, filed_at: datetime) -> Appeal:
    """The row itself, numbered and with its deadline (also used by the demo seed for past dates)."""
    received_on = timezone.localtime(filed_at).date()
    scheme = decision.assessment.application.scheme
    # Gap-free per year: decisions' counter row stays locked until the appeal's transaction commits.
    return Appeal.objects.create(
        **Appeal.numbering(received_on.year, next_number(series=REFERENCE_SERIES, year=received_on.year)),
        decision=decision, appellant=decision.candidate, filed_at=filed_at, received_on=received_on,
        due_on=resolution_due_on(received_on, scheme.appeal_working_days),
        process_explained=answers.process_explained, discussed_with_assessor=answers.discussed_with_assessor,
        involves_other_person=answers.involves_other_person, reasons=answers.reasons.strip(),
    )


def _attach(appeal: Appeal, upload: ValidatedUpload) -> AppealAttachment:
    attachment = AppealAttachment(
        appeal=appeal, original_name=upload.original_name, content_type=upload.content_type, size=upload.size,
        sha256=upload.sha256,
    )
    attachment.file.save(upload.storage_name, upload.as_file(), save=False)
    attachment.save()
    return attachment


def _acknowledge(appeal: Appeal) -> None:
    url = reverse("appeals:detail", args=[appeal.pk])
    notify(user=appeal.appellant, subject=format_lazy(_("Tanda terima banding {ref}"), ref=appeal.reference),
           template="appeals/email/received", context={"appeal": appeal}, url=url)
    for staff in User.objects.filter(groups__name=Role.STAF, is_active=True).distinct():
        notify(user=staff, subject=f"Banding baru {appeal.reference}: bentuk tim banding",
               template="appeals/email/new_for_staff", context={"appeal": appeal}, url=url)


# --- the panel (9.9.4) -------------------------------------------------------------------------

def involved_assessor_ids(decision: Decision) -> set[int]:
    """Every assessor who held a round of an application of this candidate (the case's assessor(s))."""
    from assessment.models import Assessment

    ids = set(Assessment.objects.filter(
        application__applicant_id=decision.candidate.pk, status__in=Assessment.HELD_STATUSES, assessor__isnull=False,
    ).values_list("assessor_id", flat=True))
    if decision.assessment.assessor_id:
        ids.add(decision.assessment.assessor_id)
    return ids


def decider_ids(decision: Decision) -> set[int]:
    """The members who decided this decision, and the one it corrects, if any."""
    ids: set[int] = set()
    current: Decision | None = decision
    while current is not None:
        ids |= {member.pk for member in current.deciders() if member is not None}
        current = current.corrects
    return ids


def panel_refusal(member: User, appeal: Appeal) -> str | None:
    """Why `member` may not sit on this appeal's panel, naming the reason; None when they may."""
    decision = appeal.decision
    name = member.display_name
    if not member.has_role(Role.TIM_BANDING):
        return f"{name} bukan anggota Tim Banding."
    if member.pk == appeal.appellant_id:
        return f"{name} adalah pemohon banding itu sendiri."
    if member.pk in involved_assessor_ids(decision):
        return f"{name} adalah asesor asesi ini dan terlibat dalam perkara yang dibanding (9.9.4)."
    if member.pk in decider_ids(decision):
        return f"{name} ikut memutuskan keputusan sertifikasi yang dibanding (9.9.4)."
    conflict = ConflictOfInterest.objects.filter(person=member, candidate_id=appeal.appellant_id).first()
    if conflict:
        return (f"{name} telah menyatakan konflik kepentingan dengan asesi "
                f"({conflict.get_kind_display().lower()}).")
    return None


@transaction.atomic
def form_panel(*, appeal: Appeal, members: list[User], by: User) -> Appeal:
    """Staff appoint the panel (9.9.4); every member must be uninvolved in what is appealed, and there
    must be enough of them."""
    minimum = settings.APPEAL_PANEL_MIN_SIZE
    members = list({m.pk: m for m in members}.values())
    if len(members) < minimum:
        raise AppealError(f"Tim banding minimal beranggotakan {minimum} orang (dipilih {len(members)}).")
    refusals = [reason for reason in (panel_refusal(m, appeal) for m in members) if reason]
    if refusals:
        raise AppealError("Tim banding tidak dapat dibentuk: " + " ".join(refusals))
    locked = transition(appeal, S.UNDER_REVIEW, by=by, action="appeals.appeal.panel_formed", error=AppealError,
                        refused=_refusal, changes={"panel_formed_at": timezone.now(), "panel_formed_by": by},
                        members=[m.username for m in members])
    PanelMember.objects.bulk_create([PanelMember(appeal=locked, member=m, added_by=by) for m in members])
    url = reverse("appeals:detail", args=[locked.pk])
    for member in members:
        notify(user=member, subject=f"Anda ditetapkan sebagai tim banding {locked.reference}",
               template="appeals/email/panel_assigned", context={"appeal": locked}, url=url)
    notify(user=locked.appellant,
           subject=format_lazy(_("Tim banding untuk {ref} telah dibentuk"), ref=locked.reference),
           template="appeals/email/panel_formed", context={"appeal": locked}, url=url)
    return locked


# --- the outcome (9.9.6–9.9.7) -----------------------------------------------------------------

def majority_outcome(votes: list[PanelVote], panel_size: int) -> str | None:
    """The outcome once more than half of the whole panel agree; None until then."""
    needed = panel_size // 2 + 1
    for outcome in Appeal.Outcome.values:
        if sum(1 for vote in votes if vote.result == outcome) >= needed:
            return outcome
    return None


@transaction.atomic
def cast_vote(*, appeal: Appeal, by: User, result: str, reasons: str) -> PanelVote:
    """A panel member's judgement; the vote that makes a majority decides the appeal."""
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if not locked.panel.filter(member=by).exists():
        raise AppealError("Hanya anggota tim banding perkara ini yang dapat memberikan pendapat.")
    if locked.status != S.UNDER_REVIEW:
        raise AppealError("Banding ini tidak sedang diperiksa; pendapat tidak dapat dicatat.")
    if result not in Appeal.Outcome.values:
        raise AppealError("Pilih dikabulkan atau ditolak.")
    if not reasons.strip():
        raise AppealError("Alasan wajib diisi.")
    if locked.votes.filter(member=by).exists():
        raise AppealError("Anda sudah memberikan pendapat untuk banding ini.")
    vote = PanelVote.objects.create(appeal=locked, member=by, result=result, reasons=reasons.strip())
    audit.record(obj=locked, action="appeals.appeal.vote_cast", by=by, result=result)
    votes = list(locked.votes.select_related("member"))
    outcome = majority_outcome(votes, locked.panel.count())
    if outcome:
        _decide(locked, outcome, votes, by=by)
    appeal.status = locked.status
    return vote


def _decide(appeal: Appeal, outcome: str, votes: list[PanelVote], *, by: User) -> None:
    """The panel's majority decides; the decision binds both parties (9.9.7): its letter is issued at
    once and an upheld appeal must be remedied."""
    to = S.UPHELD if outcome == Appeal.Outcome.UPHELD else S.REJECTED
    locked = transition(appeal, to, by=by, action="appeals.appeal.decided", error=AppealError, refused=_refusal,
                        outcome=outcome)
    locked.outcome = outcome
    locked.outcome_reasons = "\n\n".join(f"{v.member.display_name}: {v.reasons}" for v in votes
                                         if v.result == outcome)
    locked.decided_at = timezone.now()
    locked.letter_number = f"KEP/{locked.reference}"
    _issue_letter(locked, by=by)
    notify(user=locked.appellant, subject=format_lazy(_("Keputusan banding {ref}: {outcome}"), ref=locked.reference,
                                                   outcome=_(locked.get_outcome_display())),
           template="appeals/email/decided", context={"appeal": locked},
           url=reverse("appeals:detail", args=[locked.pk]))
    appeal.__dict__.update({k: getattr(locked, k) for k in ("status", "outcome", "decided_at")})


def _issue_letter(appeal: Appeal, *, by: User) -> None:
    """Render the appeal decision letter once and store it (a frozen snapshot)."""
    from skema_lsp.pdf import render_pdf

    decision = appeal.decision
    context = {
        "appeal": appeal, "decision": decision, "application": decision.assessment.application,
        "panel": [p.member for p in appeal.panel.select_related("member")],
        "lsp_name": settings.LSP_NAME, "today": timezone.localdate(),
    }
    pdf = render_pdf("appeals/pdf/letter.html", context)
    appeal.letter_pdf.save(f"{appeal.pk}.pdf", ContentFile(pdf), save=False)
    appeal.save(update_fields=["outcome", "outcome_reasons", "decided_at", "letter_number", "letter_pdf"])
    audit.record(obj=appeal, action="appeals.appeal.letter_issued", by=by, number=appeal.letter_number)


# --- the binding effect of an upheld appeal ----------------------------------------------------

def original_assessor(appeal: Appeal) -> User | None:
    from assessment.queries import assessor_of

    return appeal.decision.assessment.assessor or assessor_of(appeal.decision.assessment.application)


@transaction.atomic
def order_reassessment(*, appeal: Appeal, by: User, note: str = "") -> Appeal:
    """Upheld → a new assessment round that the original assessor may not take (assessment's service)."""
    from assessment.services import AssessmentError, open_reassessment

    locked = transition(appeal, S.REMEDIED, by=by, action="appeals.appeal.remedied", error=AppealError,
                        refused=_refusal,
                        remedy=Appeal.Remedy.REASSESSMENT)
    excluded = original_assessor(locked)
    try:
        assessment = open_reassessment(application=locked.decision.assessment.application,
                                       excluded_assessor=excluded, by=by)
    except AssessmentError as exc:
        raise AppealError(str(exc)) from exc
    _record_remedy(locked, by=by, remedy=Appeal.Remedy.REASSESSMENT, note=note, reassessment=assessment)
    return locked


@transaction.atomic
def order_corrected_decision(*, appeal: Appeal, by: User, note: str) -> Appeal:
    """Upheld → the decision goes back to a technical-team meeting through decisions'
    request_reconsideration; the team decides the corrected result and the director's SK tells the
    candidate. Staff do not choose K or BK here."""
    if not note.strip():
        raise AppealError("Catatan untuk rapat tim teknis wajib diisi.")
    locked = transition(appeal, S.REMEDIED, by=by, action="appeals.appeal.remedied", error=AppealError,
                        refused=_refusal,
                        remedy=Appeal.Remedy.CORRECTED_DECISION)
    send_back_decision(decision=locked.decision, note=note, by=by, reason=f"Banding {locked.reference} dikabulkan")
    _record_remedy(locked, by=by, remedy=Appeal.Remedy.CORRECTED_DECISION, note=note)
    return locked


def send_back_decision(*, decision: Decision, note: str, by: User, reason: str) -> Decision:
    """The one seam to decisions' reconsideration service."""
    from decisions.services import DecisionError, request_reconsideration

    try:
        return request_reconsideration(decision=decision, reason=f"{reason}: {note.strip()}", by=by)
    except DecisionError as exc:
        raise AppealError(str(exc)) from exc


def _record_remedy(appeal: Appeal, *, by: User, remedy: str, note: str, **links) -> None:
    appeal.remedy = remedy
    appeal.remedy_note = note.strip()
    appeal.remedied_at = timezone.now()
    appeal.remedied_by = by
    for field, value in links.items():
        setattr(appeal, field, value)
    appeal.save(update_fields=["remedy", "remedy_note", "remedied_at", "remedied_by", *links])
    notify(user=appeal.appellant, subject=format_lazy(_("Tindak lanjut banding {ref}"), ref=appeal.reference),
           template="appeals/email/remedied", context={"appeal": appeal},
           url=reverse("appeals:detail", args=[appeal.pk]))
