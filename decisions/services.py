"""Verbs of the decision stage: meetings and decisions (9.4.1–9.4.5), SK, certificates (9.4.6),
suspension, reinstatement, revocation and reissue (9.5, 9.8.4).

Every status change checks its table of allowed moves on a locked row and writes the audit row in
the same transaction; emails and PDF rendering tasks go out after commit."""

import hashlib
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, members_of
from decisions import documents
from decisions.models import (
    Certificate,
    CertificateRevision,
    CompetenceRecord,
    Decision,
    DecisionLetter,
    MeetingCandidate,
    NumberCounter,
    SuspensionCategory,
    TechnicalMeeting,
    Violation,
    Vote,
)
from decisions.permissions import involvement, is_director, is_staff, uninvolved_members
from skema_lsp import audit
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.queue import enqueue_now
from skema_lsp.transitions import require_move, transition

CS = Certificate.Status
VS = Violation.Status
LS = DecisionLetter.Status
MS = TechnicalMeeting.Status


class DecisionError(DomainError):
    """A refused action; the message is shown to the user as is (Indonesian)."""


SCHEME_TYPE_CODES = {"klaster": "KLS", "kkni": "KKNI", "okupasi": "OKP"}
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
DEFAULT_CERTIFICATE_NUMBER_FORMAT = "RENBANG/{scheme_type}/{scheme_serial}/{year}/{seq:05d}"
DEFAULT_BA_NUMBER_FORMAT = "BA/{seq:03d}/TT/LSP-RENBANG/{month_roman}/{year}"


# --- numbering ---------------------------------------------------------------------------------


def next_number(*, series: str, year: int, on: date | None = None) -> int:
    """The next number of a series in a year. The counter row stays locked until the caller's
    transaction ends, so concurrent issuers queue and a rolled-back issue leaves no gap. With `on`
    (the document's date) numbers follow the dates: a date before the last numbered one is refused,
    so a higher number is never dated earlier than a lower one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the issuing transaction")
    NumberCounter.objects.bulk_create([NumberCounter(series=series, year=year)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(series=series, year=year)
    if on is not None:
        if counter.last_date and on < counter.last_date:
            raise DecisionError(f"Nomor {year} sudah terpakai sampai tanggal {counter.last_date:%d-%m-%Y}; "
                                f"dokumen bertanggal lebih awal tidak dapat diberi nomor berikutnya.")
        counter.last_date = on
    counter.last_number += 1
    counter.save(update_fields=["last_number", "last_date"])
    return counter.last_number


def format_certificate_number(scheme, year: int, seq: int) -> str:
    pattern = getattr(settings, "CERTIFICATE_NUMBER_FORMAT", DEFAULT_CERTIFICATE_NUMBER_FORMAT)
    # No database key: the number must read the same after a restore or a move to another server.
    return pattern.format(
        scheme_type=SCHEME_TYPE_CODES.get(scheme.type, scheme.type.upper()), scheme_serial=scheme.serial,
        scheme_code=scheme.code.upper(), year=year, seq=seq,
    )


def _format_document_number(pattern: str, seq: int, day: date) -> str:
    return pattern.format(seq=seq, year=day.year, month=day.month, month_roman=ROMAN_MONTHS[day.month - 1])


# --- meetings and decisions (9.4.1–9.4.4) --------------------------------------------------------


def _require(predicate: bool, message: str) -> None:
    if not predicate:
        raise DecisionError(message)


def create_meeting(*, by: User, date: date, place: str, members, start_time: time | None = None,
                   notes: str = "") -> TechnicalMeeting:
    _require(is_staff(by), "Hanya staf LSP yang dapat membuat rapat tim teknis.")
    members = list(members)
    _require(all(m.has_role(Role.TIM_TEKNIS) for m in members), "Anggota rapat harus anggota Tim Teknis.")
    _require(len(members) >= quorum(), f"Rapat membutuhkan minimal {quorum()} anggota Tim Teknis.")
    with transaction.atomic():
        meeting = TechnicalMeeting.objects.create(
            date=date, place=place, start_time=start_time, notes=notes, created_by=by
        )
        meeting.members.set(members)
        audit.record(obj=meeting, action="decisions.meeting.created", by=by, to_state=meeting.status,
                     members=[m.username for m in members])
    return meeting


def quorum() -> int:
    return max(1, int(settings.DECISION_QUORUM))


def _lock_open_meeting(meeting: TechnicalMeeting) -> TechnicalMeeting:
    locked = TechnicalMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require(locked.is_open, "Rapat sudah ditutup; isinya tidak dapat diubah lagi.")
    return locked


def add_candidate(*, meeting: TechnicalMeeting, assessment, by: User) -> MeetingCandidate:
    """Put a ready assessment before the meeting, if enough uninvolved members sit in it."""
    from decisions.queries import candidates_available

    _require(is_staff(by), "Hanya staf LSP yang dapat menambahkan asesi ke rapat.")
    with transaction.atomic():
        locked = _lock_open_meeting(meeting)
        _require(candidates_available().filter(pk=assessment.pk).exists(),
                 "Rekaman asesmen asesi ini belum lengkap atau sudah dibahas di rapat lain.")
        free = uninvolved_members(locked, assessment)
        _require(len(free) >= quorum(), f"Anggota rapat yang tidak terlibat dengan asesi ini hanya {len(free)}; "
                                        f"dibutuhkan minimal {quorum()} (kuorum).")
        reconsiders = pending_reconsideration(assessment)
        try:
            with transaction.atomic():
                entry = MeetingCandidate.objects.create(meeting=locked, assessment=assessment, added_by=by,
                                                        reconsiders=reconsiders)
        except IntegrityError:
            raise DecisionError("Asesi ini sudah masuk dalam rapat.") from None
        audit.record(obj=locked, action="decisions.meeting.candidate_added", by=by, assessment=assessment.pk,
                     reconsiders=reconsiders.pk if reconsiders else None)
    return entry


def remove_candidate(*, entry: MeetingCandidate, by: User) -> None:
    _require(is_staff(by), "Hanya staf LSP yang dapat mengeluarkan asesi dari rapat.")
    with transaction.atomic():
        locked = _lock_open_meeting(entry.meeting)
        _require(not entry.votes.exists(), "Asesi yang sudah dinilai anggota tidak dapat dikeluarkan dari rapat.")
        audit.record(obj=locked, action="decisions.meeting.candidate_removed", by=by, assessment=entry.assessment_id)
        entry.delete()


def cast_vote(*, entry: MeetingCandidate, member: User, result: str, notes: str = "") -> Decision | None:
    """A member's judgement. The decision is made only by the technical team (9.4.2), once `quorum()`
    uninvolved members agree (and
    outnumber the others). The candidate row is locked, so two members voting at once queue, and
    the one-to-one decision row refuses a second decision at the database level."""
    _require(result in Decision.Result.values, "Pilih Kompeten atau Belum Kompeten.")
    with transaction.atomic():
        locked = MeetingCandidate.objects.select_for_update().select_related(
            "meeting", "assessment__application__applicant", "assessment__application__scheme"
        ).get(pk=entry.pk)
        _check_voter(locked, member)
        Vote.objects.create(candidate=locked, member=member, result=result, notes=notes)
        audit.record(obj=locked.meeting, action="decisions.meeting.vote_cast", by=member, candidate=locked.pk,
                     result=result)
        return _decide_if_quorate(locked)


def _check_voter(entry: MeetingCandidate, member: User) -> None:
    meeting = entry.meeting
    _require(meeting.is_open, "Rapat sudah ditutup; keputusan tidak dapat diubah.")
    _require(member.has_role(Role.TIM_TEKNIS) and meeting.members.filter(pk=member.pk).exists(),
             "Hanya anggota Tim Teknis dalam rapat ini yang dapat memutuskan.")
    reason = involvement(member, entry.assessment)
    _require(not reason, f"Anda tidak boleh memutuskan untuk asesi ini: {reason}")
    if entry.reconsiders_id:
        _require(member not in entry.reconsiders.deciders(),
                 "Anda ikut memutuskan keputusan yang dibanding; keputusan koreksinya harus oleh anggota lain.")
    _require(not Decision.objects.filter(meeting_candidate=entry).exists(), "Asesi ini sudah diputuskan.")
    _require(not entry.votes.filter(member=member).exists(), "Anda sudah memberikan keputusan untuk asesi ini.")


def _decide_if_quorate(entry: MeetingCandidate) -> Decision | None:
    votes = list(entry.votes.select_related("member"))
    tally = {r: [v for v in votes if v.result == r] for r in Decision.Result.values}
    leader, other = sorted(tally, key=lambda r: len(tally[r]), reverse=True)
    if len(tally[leader]) < quorum() or len(tally[leader]) == len(tally[other]):
        return None
    notes = "\n".join(f"{v.member.display_name}: {v.notes}" for v in tally[leader] if v.notes)
    corrects = entry.reconsiders
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                assessment=entry.assessment, meeting_candidate=entry, result=leader, notes=notes,
                decided_at=meeting_moment(entry.meeting), corrects=corrects,
                scheme_version=entry.assessment.application.scheme.version,
            )
    except IntegrityError:
        raise DecisionError("Asesi ini sudah diputuskan.") from None
    if corrects is None:
        finalise_assessment(decision, by=tally[leader][-1].member)
    audit.record(obj=decision, action="decisions.decision.corrected" if corrects else "decisions.decision.made",
                 by=tally[leader][-1].member, from_state=corrects.result if corrects else "", to_state=leader,
                 meeting=entry.meeting_id, votes={v.member.username: v.result for v in votes},
                 corrects=corrects.pk if corrects else None)
    # The candidate is told formally with the approved SK (approve_letter), not when the votes are in.
    return decision


def meeting_moment(meeting: TechnicalMeeting):
    """A meeting's decisions carry the meeting's date (and start time, else the time the vote
    completed), not the day someone typed the votes in."""
    now = timezone.localtime()
    return timezone.make_aware(datetime.combine(meeting.date, meeting.start_time or now.time().replace(microsecond=0)))


def finalise_assessment(decision: Decision, *, by: User) -> None:
    """The decided record becomes final in assessment (no reopen, no second meeting, its assessor's
    access ends), in the decision's own transaction."""
    from assessment.services import AssessmentError, record_decision

    try:
        record_decision(assessment=decision.assessment, by=by, decided_at=decision.decided_at)
    except AssessmentError as exc:
        raise DecisionError(str(exc)) from None


def _tell_candidate(decision: Decision) -> None:
    deadline = timezone.localtime(decision.appeal_deadline)
    notify(user=decision.candidate,
           subject=format_lazy(_("Keputusan sertifikasi: {result}"), result=_(decision.get_result_display())),
           template="decisions/email/decision", url=reverse("decisions:my_certificates"),
           context={"decision": decision, "scheme": decision.application.scheme, "deadline": deadline})


def close_meeting(*, meeting: TechnicalMeeting, by: User, attendees=None) -> TechnicalMeeting:
    """Freeze the meeting and produce its Berita Acara (9.4.4), which lists as present only the
    members who attended: `attendees`, by default those who voted (a voter attended)."""
    _require(is_staff(by), "Hanya staf LSP yang dapat menutup rapat.")
    with transaction.atomic():
        locked = _lock_open_meeting(meeting)
        entries = list(locked.candidates.select_related("decision"))
        _require(entries, "Rapat belum memiliki asesi.")
        undecided = [e for e in entries if not hasattr(e, "decision")]
        _require(not undecided, f"{len(undecided)} asesi belum diputuskan. Putuskan atau keluarkan dari rapat.")
        require_move(locked, MS.DITUTUP, error=DecisionError)
        members = {m.pk: m for m in locked.members.all()}
        voters = set(Vote.objects.filter(candidate__meeting=locked).values_list("member_id", flat=True))
        present = voters if attendees is None else {m.pk for m in attendees}
        _require(present <= set(members), "Yang hadir harus anggota rapat ini.")
        absent_voters = [members[pk].display_name for pk in voters - present]
        _require(not absent_voters, f"Anggota yang memberi penilaian tentu hadir: {', '.join(absent_voters)}.")
        locked.attendees.set(present)
        today = timezone.localdate()
        seq = next_number(series="BA", year=today.year)
        pattern = getattr(settings, "BA_NUMBER_FORMAT", DEFAULT_BA_NUMBER_FORMAT)
        locked.ba_number = _format_document_number(pattern, seq, today)
        locked.status, locked.closed_at, locked.closed_by = MS.DITUTUP, timezone.now(), by
        pdf = documents.render_berita_acara(locked)
        locked.ba_pdf.save(f"ba-{locked.pk}.pdf", ContentFile(pdf), save=False)
        transition(locked, MS.DITUTUP, by=by, action="decisions.meeting.closed", error=DecisionError,
                   changes={"ba_number": locked.ba_number, "closed_at": locked.closed_at, "closed_by": by,
                            "ba_pdf": locked.ba_pdf.name},
                   ba_number=locked.ba_number, attendees=sorted(members[pk].username for pk in present))
    return locked


# --- Surat Keputusan (9.4.5) -------------------------------------------------------------------


def draft_letter(*, meeting: TechnicalMeeting, by: User) -> DecisionLetter:
    _require(is_staff(by), "Hanya staf LSP yang dapat menyusun SK.")
    with transaction.atomic():
        locked = TechnicalMeeting.objects.select_for_update().get(pk=meeting.pk)
        _require(not locked.is_open, "SK disusun berdasarkan berita acara: tutup rapat terlebih dahulu.")
        _require(not DecisionLetter.objects.filter(meeting=locked).exists(), "SK untuk rapat ini sudah disusun.")
        today = timezone.localdate()
        seq = next_number(series="SK", year=today.year)
        letter = DecisionLetter.objects.create(
            meeting=locked, year=today.year, sequence=seq, drafted_by=by,
            number=_format_document_number(settings.SK_NUMBER_FORMAT, seq, today),
        )
        audit.record(obj=letter, action="decisions.letter.drafted", by=by, to_state=letter.status, number=letter.number)
    for director in User.objects.filter(groups__name=Role.DIREKTUR, is_active=True):
        notify(user=director, subject=f"SK {letter.number} menunggu persetujuan", url=letter.get_absolute_url(),
               body=f"SK berdasarkan berita acara {locked.ba_number} menunggu persetujuan Anda.")
    return letter


def approve_letter(*, letter: DecisionLetter, by: User) -> list[Certificate]:
    """The signatory approves the SK, made on the meeting's Berita Acara (9.4.5); certificates follow
    for each Kompeten candidate whose fee is settled, in the same transaction (numbers stay
    gap-free), their PDFs rendered after commit."""
    _require(is_director(by), "Hanya Direktur/Ketua LSP yang dapat menyetujui SK.")
    with transaction.atomic():
        locked = DecisionLetter.objects.select_for_update().select_related("meeting").get(pk=letter.pk)
        require_move(locked, LS.DISETUJUI, error=DecisionError)
        _require(not drafted_it(by, locked), "SK ini Anda susun sendiri: persetujuannya harus oleh Direktur/Ketua "
                                             "LSP lain (pemisahan tugas).")
        transition(locked, LS.DISETUJUI, by=by, action="decisions.letter.approved", error=DecisionError,
                   changes={"approved_by": by, "approved_at": timezone.now()})
        issued = _issue_for_letter(locked, by)
        tell_decisions(locked)
        # Rendered after issuing, so the SK lists the certificate numbers it gives.
        locked.pdf.save(f"sk-{locked.pk}.pdf", ContentFile(documents.render_letter(locked)), save=False)
        locked.save(update_fields=["pdf"])
    letter.status = locked.status
    return issued


def tell_decisions(letter: DecisionLetter) -> None:
    """The approved SK is the formal notice. Each candidate gets the decision email now, and the
    appeal window (appeals.services.filing_closes_at) counts from this moment (Decision.notified_at)."""
    now = timezone.now()
    for decision in letter_decisions(letter).filter(notified_at__isnull=True):
        decision.notified_at = now
        decision.save(update_fields=["notified_at"])
        audit.record(obj=decision, action="decisions.decision.notified", letter=letter.number)
        _tell_candidate(decision)


def drafted_it(user: User, letter: DecisionLetter) -> bool:
    """Separation of duties: who drafted an SK never approves it."""
    return letter.drafted_by_id == user.pk


def return_letter(*, letter: DecisionLetter, by: User, reason: str) -> DecisionLetter:
    """The signatory sends the draft back to staff with a reason instead of approving it."""
    _require(is_director(by), "Hanya Direktur/Ketua LSP yang dapat mengembalikan draf SK.")
    reason = reason.strip()
    _require(bool(reason), "Tuliskan alasan pengembalian draf SK.")
    with transaction.atomic():
        locked = DecisionLetter.objects.select_for_update().get(pk=letter.pk)
        transition(locked, LS.DIKEMBALIKAN, by=by, action="decisions.letter.returned", error=DecisionError,
                   changes={"return_reason": reason}, reason=reason)
    for person in {locked.drafted_by, *User.objects.filter(groups__name=Role.STAF, is_active=True)}:
        notify(user=person, subject=f"Draf SK {locked.number} dikembalikan Direktur", url=locked.get_absolute_url(),
               body=f"Alasan: {reason}")
    letter.status = locked.status
    return locked


def resubmit_letter(*, letter: DecisionLetter, by: User) -> DecisionLetter:
    """Staff send a returned draft to the signatory again (its number stays: numbers are gap-free)."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mengajukan kembali draf SK.")
    with transaction.atomic():
        locked = DecisionLetter.objects.select_for_update().get(pk=letter.pk)
        transition(locked, LS.DRAF, by=by, action="decisions.letter.resubmitted", error=DecisionError)
    for director in User.objects.filter(groups__name=Role.DIREKTUR, is_active=True):
        notify(user=director, subject=f"SK {locked.number} menunggu persetujuan", url=locked.get_absolute_url(),
               body=f"Draf SK yang dikembalikan telah diperbaiki staf. Alasan pengembalian: {locked.return_reason}")
    letter.status = locked.status
    return locked


def issue_pending_certificates(*, letter: DecisionLetter, by: User) -> list[Certificate]:
    """For an approved SK: issue what was held back because the fee was not yet settled."""
    _require(is_staff(by) or is_director(by), "Anda tidak berhak menerbitkan sertifikat.")
    _require(letter.status == LS.DISETUJUI, "SK belum disetujui.")
    with transaction.atomic():
        locked = DecisionLetter.objects.select_for_update().get(pk=letter.pk)
        return _issue_for_letter(locked, by)


def letter_decisions(letter: DecisionLetter):
    return Decision.objects.filter(meeting_candidate__meeting=letter.meeting_id).select_related(
        "assessment__application__applicant", "assessment__application__scheme", "assessment__assessor"
    ).order_by("pk")


def _issue_for_letter(letter: DecisionLetter, by: User) -> list[Certificate]:
    issued = []
    for decision in letter_decisions(letter).filter(result=Decision.Result.K, certificates__isnull=True):
        if fee_settled(decision.application):
            issued.append(issue_certificate(decision=decision, signatory=letter.approved_by, by=by, letter=letter))
    return issued


def fee_settled(application) -> bool:
    from registration.queries import is_fee_settled

    return is_fee_settled(application)


# --- corrected decision after an upheld appeal (9.9) ----------------------------------------------


def pending_reconsideration(assessment) -> Decision | None:
    """The decision of this assessment an upheld appeal sent back to the team, not yet reconsidered."""
    return (
        Decision.objects.filter(assessment=assessment, reconsideration_requested_at__isnull=False,
                                corrected_by__isnull=True, reconsideration_entry__isnull=True)
        .order_by("-pk").first()
    )


def request_reconsideration(*, decision: Decision, reason: str, by: User) -> Decision:
    """An appeal upheld with a corrected decision: the decision goes back to a technical-team
    meeting, whose members decide K or BK afresh by their vote; the correction reaches the candidate
    with the SK the director approves. Nobody picks the result here."""
    _require(reason.strip() != "", "Alasan pertimbangan ulang wajib diisi.")
    with transaction.atomic():
        original = Decision.objects.select_for_update().get(pk=decision.pk)
        _require(not Decision.objects.filter(corrects=original).exists(), "Keputusan ini sudah dikoreksi.")
        _require(original.reconsideration_requested_at is None, "Keputusan ini sudah dikembalikan ke rapat tim teknis.")
        original.reconsideration_requested_at, original.reconsideration_reason = timezone.now(), reason.strip()
        original.save(update_fields=["reconsideration_requested_at", "reconsideration_reason"])
        audit.record(obj=original, action="decisions.decision.reconsideration_requested", by=by, reason=reason)
    for person in User.objects.filter(groups__name=Role.STAF, is_active=True):
        notify(user=person, subject="Keputusan dikembalikan ke rapat tim teknis", url=reverse("decisions:meetings"),
               body=f"Banding dikabulkan: keputusan {original.get_result_display()} untuk "
                    f"{original.application.full_name or original.candidate.display_name} harus diputuskan ulang "
                    f"dalam rapat tim teknis. Alasan: {reason.strip()}")
    return original


# --- certificates (9.4.6–9.4.7) -----------------------------------------------------------------


def issue_certificate(*, decision: Decision, signatory: User, by: User, letter: DecisionLetter | None = None,
                      issued_on: date | None = None) -> Certificate:
    """Issue the certificate for a Kompeten decision (9.4.6): number, code, dates, validity and a
    snapshot of everything printed, signed by the designated signatory; only once the fee is settled
    (9.4.7). Supersedes the holder's valid certificate for the same scheme. It never takes effect
    before the decision it rests on (effective_date_refusal)."""
    _require(decision.is_kompeten, "Sertifikat hanya untuk asesi yang diputuskan Kompeten.")
    with transaction.atomic():
        Decision.objects.select_for_update().get(pk=decision.pk)
        _require(not decision.certificates.exists(), "Sertifikat untuk keputusan ini sudah diterbitkan.")
        application = decision.application
        _require(fee_settled(application), "Biaya sertifikasi belum lunas (9.4.7).")
        scheme = application.scheme
        issued_on = issued_on or timezone.localdate()
        refusal = effective_date_refusal(decision, issued_on)
        _require(refusal is None, refusal or "")
        photo = holder_photo(application)
        return _create_certificate(
            by=by, scheme=scheme, holder=application.applicant, application=application, decision=decision,
            letter=letter, issued_on=issued_on, valid_until=scheme.valid_until(issued_on),
            holder_name=application.full_name or application.applicant.display_name,
            units=unit_snapshot(scheme),
            signatory=signatory, photo=photo, supersedes=_current_certificate(application.applicant, scheme),
        )


def effective_date_refusal(decision: Decision, issued_on: date) -> str | None:
    """Why `issued_on` cannot be the certificate's effective date (issue_certificate's rule), or None."""
    decided_on = timezone.localtime(decision.decided_at).date()
    if issued_on < decided_on:
        return (f"Tanggal berlaku sertifikat ({issued_on:%d-%m-%Y}) tidak boleh sebelum tanggal keputusan "
                f"({decided_on:%d-%m-%Y}).")
    return None


def unit_snapshot(scheme) -> list[dict]:
    """The units as printed on the certificate's second page, in both languages."""
    return [{"code": u.code, "title": u.title, "title_en": u.title_en} for u in scheme.units.order_by("order")]


def signatory_title(signatory: User) -> str:
    """The signatory's own title (their account's jabatan), else the configured default."""
    return (signatory.position or settings.CERTIFICATE_SIGNATORY_TITLE).strip()


def holder_photo(application) -> tuple[str, bytes] | None:
    """The current 4x6 photo the applicant uploaded with APL-01, copied onto the certificate as its
    normalised print copy (small, upright JPEG), never the uploaded original."""
    from skema_lsp.uploads import make_print_copy

    evidence = (
        application.evidence.filter(required_document__is_image=True, superseded_at__isnull=True)
        .order_by("-uploaded_at", "-pk").first()
    )
    if evidence is None or evidence.destroyed_at is not None:
        return None
    audit.record(obj=evidence, action="registration.evidence.read", by=None, purpose="sertifikat",
                 application=application.pk, document=evidence.required_document.code)
    if evidence.print_copy:
        with evidence.print_copy.open("rb") as handle:
            return "pasfoto.jpg", handle.read()
    with evidence.file.open("rb") as handle:  # uploaded before print copies were kept
        return "pasfoto.jpg", make_print_copy(handle.read())


def _current_certificate(holder: User, scheme) -> Certificate | None:
    return (
        Certificate.objects.select_for_update()
        .filter(holder=holder, scheme=scheme, status=CS.BERLAKU).order_by("-issued_on", "-pk").first()
    )


def _create_certificate(*, by: User, scheme, holder: User, issued_on: date, signatory: User,
                        photo: tuple[str, bytes] | None, supersedes: Certificate | None, reissue_reason: str = "",
                        **fields) -> Certificate:
    # The version in force, unless a correction keeps the version of the certificate it replaces.
    fields.setdefault("scheme_version", scheme.version)
    seq = next_number(series=f"certificate:{scheme.pk}", year=issued_on.year, on=issued_on)
    certificate = Certificate(
        scheme=scheme, holder=holder, issued_on=issued_on, year=issued_on.year, sequence=seq,
        number=format_certificate_number(scheme, issued_on.year, seq), scheme_name=scheme.name,
        scheme_name_en=scheme.name_en, scheme_number=scheme.document_number, signatory=signatory,
        signatory_name=signatory.display_name, signatory_title=signatory_title(signatory),
        supersedes=supersedes, reissue_reason=reissue_reason, **fields,
    )
    if photo:
        name, content = photo
        certificate.photo.save(name.rsplit("/", 1)[-1], ContentFile(content), save=False)
    certificate.save()
    audit.record(obj=certificate, action="decisions.certificate.issued", by=by, to_state=certificate.status,
                 number=certificate.number, supersedes=supersedes.number if supersedes else "")
    if supersedes:
        _move_certificate(supersedes, CS.DIGANTIKAN, by=by, action="decisions.certificate.superseded",
                          reason=f"Digantikan oleh sertifikat nomor {certificate.number}.")
    transaction.on_commit(lambda: enqueue_certificate_pdf(certificate.pk), robust=True)
    notify(user=holder, subject=format_lazy(_("Sertifikat kompetensi {number} diterbitkan"), number=certificate.number),
           template="decisions/email/certificate_issued", url=certificate.get_absolute_url(),
           context={"certificate": certificate})
    return certificate


def enqueue_certificate_pdf(certificate_id: int) -> bool:
    """Hand the rendering to Celery. A broker that is down must not undo the web action: the
    certificate stays without a PDF and the sweep (`render_missing_pdfs`) picks it up."""
    from decisions.tasks import render_certificate_pdf_task

    return enqueue_now(render_certificate_pdf_task, certificate_id)


def render_certificate_pdf(*, certificate_id: int) -> bool:
    """Render and store the frozen PDF once; never regenerate an issued document. A certificate
    another process holds (rendering it, or changing its status) is left to that process or to the
    sweep's catch-up, instead of waiting for its lock."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update(skip_locked=True).filter(pk=certificate_id).first()
        if certificate is None or certificate.pdf:
            return False
        pdf = documents.render_certificate(certificate)
        certificate.pdf.save(f"sertifikat-{certificate.pk}.pdf", ContentFile(pdf), save=False)
        certificate.pdf_rendered_at = timezone.now()
        certificate.save(update_fields=["pdf", "pdf_rendered_at"])
        audit.record(obj=certificate, action="decisions.certificate.pdf_rendered", number=certificate.number)
    return True


def keep_pdf_revision(certificate: Certificate, *, reason: str, by: User | None) -> CertificateRevision | None:
    """Keep the certificate's current PDF, unchanged, as a revision before a new one replaces it (an
    issued document is a stored snapshot: a change is explicit, never a silent re-render). The caller
    holds the certificate's row lock and clears `pdf` so the new file is rendered after commit."""
    if not certificate.pdf:
        return None  # nothing was rendered yet: the first PDF will carry the new fact
    digest = hashlib.sha256()
    with certificate.pdf.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    revision = CertificateRevision.objects.create(
        certificate=certificate, file=certificate.pdf.name, rendered_at=certificate.pdf_rendered_at,
        sha256=digest.hexdigest(), reason=reason, replaced_by=by,
    )
    audit.record(obj=certificate, action="decisions.certificate.pdf_revised", by=by, reason=reason,
                 previous_file_sha256=revision.sha256, revision=revision.pk)
    return revision


def render_missing_pdfs(limit: int = 200) -> list[int]:
    """The sweep's catch-up for certificates whose rendering task never ran (broker down)."""
    pending = list(Certificate.objects.filter(pdf="").order_by("pk").values_list("pk", flat=True)[:limit])
    return [pk for pk in pending if render_certificate_pdf(certificate_id=pk)]


def reissue_certificate(*, certificate: Certificate, by: User, holder_name: str, reason: str) -> Certificate:
    """A data correction: a new certificate with the corrected snapshot that supersedes the
    old one. The validity period does not change."""
    _require(is_staff(by), "Hanya staf LSP yang dapat menerbitkan ulang sertifikat.")
    _require(reason.strip() != "", "Alasan penerbitan ulang wajib diisi.")
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        _require(old.status == CS.BERLAKU and not old.is_expired(), "Hanya sertifikat yang berlaku yang dapat "
                                                                      "diterbitkan ulang.")
        photo = None
        if old.photo:
            with old.photo.open("rb") as handle:
                photo = (old.photo.name, handle.read())
        return _create_certificate(
            by=by, scheme=old.scheme, holder=old.holder, application=old.application, decision=old.decision,
            letter=old.letter, issued_on=timezone.localdate(), valid_until=old.valid_until,
            holder_name=" ".join(holder_name.split()) or old.holder_name, units=old.units,
            scheme_version=old.scheme_version,
            signatory=old.signatory or by, photo=photo, supersedes=old, reissue_reason=reason,
        )


# --- suspension, reinstatement, revocation (9.5, 9.8.4) -----------------------------------------


def _move_certificate(certificate: Certificate, to: str, *, by, action: str, reason: str = "",
                      **details) -> Certificate:
    """Change a locked certificate's status; public verification reads it at once."""
    changes = {"status_reason": reason[:300], "status_changed_at": timezone.now(),
               "return_requested_at": certificate.return_requested_at, "returned_at": certificate.returned_at}
    if to in {CS.DIBEKUKAN, CS.DICABUT}:
        # 9.8.4: stop using it and hand it back.
        changes["return_requested_at"], changes["returned_at"] = timezone.now(), None
    elif to == CS.BERLAKU:
        changes["return_requested_at"] = changes["returned_at"] = None
    transition(certificate, to, by=by, action=action, changes=changes, error=DecisionError, reason=reason, **details)
    return certificate


def _lock_certificate(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().select_related("holder").get(pk=certificate.pk)


def remediation_refusal(deadline: date | None, today: date | None = None) -> str | None:
    if deadline is not None and deadline <= (today or timezone.localdate()):
        return "Batas perbaikan harus setelah hari ini."
    return None


def suspend_certificate(*, certificate: Certificate, category: str, note: str, by: User,
                        deadline: date | None = None, violation: Violation | None = None) -> Certificate:
    """Suspend a valid certificate (staff, or surveillance after a failed result), 9.5. Public
    verification shows only the category's words as `alasan`; the note stays with staff. The holder
    has until `deadline` (default SUSPENSION_REMEDIATION_DAYS from today) to remedy it; after that the
    sweep turns the suspension into a revocation proposal (propose_lapsed_revocations)."""
    _require(category in SuspensionCategory.values, "Pilih kategori alasan pembekuan.")
    _require(note.strip() != "", "Catatan pembekuan wajib diisi.")
    today = timezone.localdate()
    deadline = deadline or today + timedelta(days=settings.SUSPENSION_REMEDIATION_DAYS)
    refusal = remediation_refusal(deadline, today)
    _require(refusal is None, refusal or "")
    public = SuspensionCategory(category).label
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        _require(not locked.is_expired(), "Sertifikat sudah kedaluwarsa.")
        locked.suspension_category, locked.suspension_note = category, note.strip()
        locked.remediation_deadline, locked.revocation_proposed_at = deadline, None
        locked.save(update_fields=["suspension_category", "suspension_note", "remediation_deadline",
                                   "revocation_proposed_at"])
        _move_certificate(locked, CS.DIBEKUKAN, by=by, action="decisions.certificate.suspended", reason=public,
                          violation=violation.pk if violation else None, category=category, note=note.strip(),
                          deadline=deadline.isoformat())
        _tell_holder(locked, _("Sertifikat Anda dibekukan"), "decisions/email/certificate_suspended", reason=public,
                     note=note.strip(), deadline=deadline)
    certificate.status = locked.status
    return locked


def reinstate_certificate(*, certificate: Certificate, by: User, note: str = "") -> Certificate:
    _require(is_staff(by) or is_director(by), "Anda tidak berhak memulihkan sertifikat.")
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        _move_certificate(locked, CS.BERLAKU, by=by, action="decisions.certificate.reinstated", note=note)
        locked.remediation_deadline = locked.revocation_proposed_at = None
        locked.save(update_fields=["remediation_deadline", "revocation_proposed_at"])
        _tell_holder(locked, _("Sertifikat Anda dipulihkan"), "decisions/email/certificate_reinstated", note=note)
    certificate.status = locked.status
    return locked


def propose_lapsed_revocations(today: date | None = None) -> list[Certificate]:
    """A suspension still unresolved after its remediation deadline (the holder's warning ignored, as
    propose_revocation requires) becomes a revocation proposal for the signatory; the sweep runs
    this and reminders.py tells the signatory."""
    today = today or timezone.localdate()
    proposed = []
    with transaction.atomic():
        lapsed = (Certificate.objects.select_for_update()
                  .filter(status=CS.DIBEKUKAN, remediation_deadline__lt=today, revocation_proposed_at__isnull=True))
        for certificate in lapsed:
            certificate.revocation_proposed_at = timezone.now()
            certificate.save(update_fields=["revocation_proposed_at"])
            audit.record(obj=certificate, action="decisions.certificate.revocation_proposed",
                         deadline=certificate.remediation_deadline.isoformat())
            proposed.append(certificate)
    return proposed


def decide_lapsed_suspension(*, certificate: Certificate, by: User, approve: bool, note: str = "",
                             new_deadline: date | None = None) -> Certificate:
    """The signatory revokes a certificate whose suspension was not remedied in time, or gives the
    holder a new deadline."""
    _require(is_director(by), "Hanya Direktur/Ketua LSP yang dapat memutuskan usulan pencabutan.")
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        _require(locked.status == CS.DIBEKUKAN and locked.revocation_proposed_at is not None,
                 "Sertifikat ini tidak sedang diusulkan untuk dicabut.")
        if approve:
            reason = "Dicabut: pembekuan tidak diperbaiki sampai batas waktunya (9.5.2)."
            _move_certificate(locked, CS.DICABUT, by=by, action="decisions.certificate.revoked", reason=reason,
                              note=note, lapsed_suspension=True)
            _tell_holder(locked, _("Sertifikat Anda dicabut"), "decisions/email/certificate_revoked", reason=reason)
        else:
            refusal = remediation_refusal(new_deadline) if new_deadline else "Tentukan batas perbaikan yang baru."
            _require(refusal is None, refusal or "")
            locked.remediation_deadline, locked.revocation_proposed_at = new_deadline, None
            locked.save(update_fields=["remediation_deadline", "revocation_proposed_at"])
            audit.record(obj=locked, action="decisions.certificate.remediation_extended", by=by, note=note,
                         deadline=new_deadline.isoformat())
            _tell_holder(locked, _("Batas perbaikan pembekuan diperpanjang"), "decisions/email/remediation_extended",
                         deadline=new_deadline, note=note)
    certificate.status = locked.status
    return locked


def acknowledge_rules(*, certificate: Certificate, by: User) -> Certificate:
    """9.8.1–9.8.3: the holder acknowledges the rules on the use of the certificate (once, with time)."""
    _require(certificate.holder_id == by.pk, "Hanya pemegang sertifikat yang dapat menyetujui ketentuan ini.")
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        _require(locked.rules_acknowledged_at is None, "Ketentuan penggunaan sertifikat sudah Anda setujui.")
        locked.rules_acknowledged_at = timezone.now()
        locked.save(update_fields=["rules_acknowledged_at"])
        audit.record(obj=locked, action="decisions.certificate.rules_acknowledged", by=by)
    certificate.rules_acknowledged_at = locked.rules_acknowledged_at
    return locked


def _tell_holder(certificate: Certificate, subject, template: str, **context) -> None:
    """Tell the holder, in their language (the subject is lazy: notify renders it in it)."""
    notify(user=certificate.holder, subject=format_lazy("{}: {}", subject, certificate.number), template=template,
           url=certificate.get_absolute_url(), context={"certificate": certificate, **context})


def mark_certificate_returned(*, certificate: Certificate, by: User, note: str = "") -> Certificate:
    """Record that the holder handed the suspended or revoked certificate back (9.8.4)."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mencatat pengembalian sertifikat.")
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        _require(locked.return_requested_at is not None and locked.returned_at is None,
                 "Sertifikat ini tidak sedang wajib dikembalikan.")
        locked.returned_at, locked.return_note = timezone.now(), note[:300]
        locked.save(update_fields=["returned_at", "return_note"])
        audit.record(obj=locked, action="decisions.certificate.returned", by=by, note=note)
    return locked


def record_violation(*, certificate: Certificate, category: str, description: str, evidence, by: User) -> Violation:
    """Record a holder's violation under one of the grounds of 9.5.1 a–d, with its evidence."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mencatat pelanggaran.")
    _require(category in Violation.Category.values, "Pilih jenis pelanggaran menurut 9.5.1 a–d.")
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        _require(locked.status in {CS.BERLAKU, CS.DIBEKUKAN}, "Sertifikat ini tidak lagi aktif.")
        violation = Violation(certificate=locked, category=category, description=description, recorded_by=by)
        violation.evidence.save(evidence.name, evidence, save=False)
        violation.save()
        audit.record(obj=violation, action="decisions.violation.recorded", by=by, to_state=violation.status,
                     certificate=locked.number, category=category)
    return violation


def _lock_violation(violation: Violation, to: str) -> Violation:
    locked = Violation.objects.select_for_update().select_related("certificate__holder").get(pk=violation.pk)
    require_move(locked, to, error=DecisionError)
    return locked


def warn_holder(*, violation: Violation, text: str, deadline: date, by: User) -> Violation:
    _require(is_staff(by), "Hanya staf LSP yang dapat memberikan peringatan.")
    _require(deadline > timezone.localdate(), "Batas waktu peringatan harus setelah hari ini.")
    with transaction.atomic():
        locked = _lock_violation(violation, VS.DIPERINGATKAN)
        transition(locked, VS.DIPERINGATKAN, by=by, action="decisions.violation.warned", error=DecisionError,
                   changes={"warning_text": text, "warning_deadline": deadline, "warned_at": timezone.now()},
                   deadline=deadline.isoformat())
        _tell_holder(locked.certificate, _("Peringatan atas penggunaan sertifikat"), "decisions/email/warning",
                     violation=locked)
    return locked


def propose_revocation(*, violation: Violation, by: User, note: str = "") -> Violation:
    """9.5.2: revocation only after a warning the holder ignored (its deadline has passed)."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mengusulkan pencabutan.")
    with transaction.atomic():
        locked = _lock_violation(violation, VS.PENCABUTAN_DIUSULKAN)
        _require(locked.warning_ignored(), "Pencabutan hanya setelah batas waktu peringatan terlewati (9.5.2).")
        transition(locked, VS.PENCABUTAN_DIUSULKAN, by=by, action="decisions.violation.revocation_proposed",
                   error=DecisionError,
                   changes={"revocation_proposed_by": by, "revocation_proposed_at": timezone.now(),
                            "closing_note": note}, note=note)
    for director in User.objects.filter(groups__name=Role.DIREKTUR, is_active=True):
        notify(user=director, subject=f"Usulan pencabutan sertifikat {locked.certificate.number}",
               url=reverse("decisions:violation_detail", args=[locked.pk]),
               body="Usulan pencabutan sertifikat menunggu persetujuan Anda.")
    return locked


def decide_revocation(*, violation: Violation, by: User, approve: bool, note: str = "") -> Violation:
    """The signatory approves (certificate revoked) or sends the proposal back."""
    _require(is_director(by), "Pencabutan hanya dapat disetujui oleh Direktur/Ketua LSP.")
    to = VS.DICABUT if approve else VS.DIPERINGATKAN
    with transaction.atomic():
        locked = _lock_violation(violation, to)
        transition(locked, to, by=by, error=DecisionError, note=note,
                   action=("decisions.violation.revocation_approved" if approve
                           else "decisions.violation.revocation_rejected"),
                   changes={"revocation_decided_by": by, "revocation_decided_at": timezone.now(),
                            "closing_note": note or locked.closing_note})
        if approve:
            certificate = _lock_certificate(locked.certificate)
            reason = f"Dicabut karena pelanggaran {locked.get_category_display()}."
            _move_certificate(certificate, CS.DICABUT, by=by, action="decisions.certificate.revoked", reason=reason,
                              violation=locked.pk)
            _tell_holder(certificate, _("Sertifikat Anda dicabut"), "decisions/email/certificate_revoked",
                         reason=reason)
    return locked


def close_violation(*, violation: Violation, by: User, note: str) -> Violation:
    _require(is_staff(by), "Hanya staf LSP yang dapat menutup catatan pelanggaran.")
    with transaction.atomic():
        locked = _lock_violation(violation, VS.SELESAI)
        transition(locked, VS.SELESAI, by=by, action="decisions.violation.closed", error=DecisionError,
                   changes={"closing_note": note}, note=note)
    return locked


# --- competence of technical-team and appeal-panel members (9.4.3) ------------------------------


def competence_people():
    """Who keeps a competence record: active technical-team and appeal-panel members."""
    return members_of(Role.TIM_TEKNIS, Role.TIM_BANDING).order_by("full_name", "username")


def record_competence(*, person: User, kind: str, title: str, obtained_on: date, by: User, issuer: str = "",
                      upload=None) -> CompetenceRecord:
    """9.4.3: keep a member's qualification or training with its date and (checked) document."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mencatat kompetensi personel.")
    _require(competence_people().filter(pk=person.pk).exists(),
             "Rekaman kompetensi dicatat untuk anggota Tim Teknis atau Tim Banding.")
    _require(kind in CompetenceRecord.Kind.values, "Pilih jenis rekaman kompetensi.")
    _require(title.strip() != "", "Nama kualifikasi atau pelatihan wajib diisi.")
    _require(obtained_on <= timezone.localdate(), "Tanggal tidak boleh di masa depan.")
    with transaction.atomic():
        record = CompetenceRecord(person=person, kind=kind, title=title.strip(), issuer=issuer.strip(),
                                  obtained_on=obtained_on, recorded_by=by)
        if upload is not None:
            record.document.save(upload.storage_name, upload.as_file(), save=False)
            record.document_name, record.document_type = upload.original_name, upload.content_type
        record.save()
        audit.record(obj=record, action="decisions.competence_record.recorded", by=by, person=person.username,
                     kind=kind, title=record.title)
    return record
