"""Verbs of registration (9.1): start, fill, submit, verify (return / accept / reject), fee.

Every status change goes through skema_lsp.transitions.transition (via `_apply` / `_move_payment`),
which locks the row, checks Application.TRANSITIONS / Payment.TRANSITIONS, writes the audit row in
the same transaction; emails go through notify() (sent after commit)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.consents import CONSENT_TEXT_VERSION, CONSENT_TEXTS
from accounts.models import Consent
from accounts.validators import validate_nik  # the NIK rule (cross-check with birth date and sex)
from registration import queries
from registration.models import Application, DocumentVerdict, Evidence, Payment, SelfAssessment
from schemes.models import RequiredDocument, Scheme
from skema_lsp import audit
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.storage import discard_files_on_error, store
from skema_lsp.templatetags.formatting import waktu
from skema_lsp.transitions import require_move, transition
from skema_lsp.uploads import ValidatedUpload

S = Application.Status
P = Payment.Status
# Each verb is one move of Application.TRANSITIONS / Payment.TRANSITIONS; the verb names the refusal
# (MOVE_NAMES) and the audit action (ACTIONS).
MOVES: dict[str, str] = {
    "submit": S.SUBMITTED,
    "return_for_revision": S.RETURNED,
    "accept": S.ACCEPTED,
    "reject": S.REJECTED,
    "payment_proof": P.PROOF_UPLOADED,
    "payment_confirm": P.CONFIRMED,
    "payment_reject": P.REJECTED,
}
ACTIONS = {
    "submit": "registration.application.submitted",
    "return_for_revision": "registration.application.returned",
    "accept": "registration.application.accepted",
    "reject": "registration.application.rejected",
    "payment_proof": "registration.payment.proof_uploaded",
    "payment_confirm": "registration.payment.confirmed",
    "payment_reject": "registration.payment.proof_rejected",
}
MOVE_NAMES = {
    "submit": "mengajukan",
    "return_for_revision": "mengembalikan",
    "accept": "menerima",
    "reject": "menolak",
    "payment_confirm": "mengonfirmasi pembayaran",
    "payment_reject": "menolak bukti pembayaran",
    "payment_proof": "mengunggah bukti pembayaran",
}
REQUIRED_CONSENTS = {Consent.Purpose.SERTIFIKASI}
GUARDIAN_STATEMENT = (
    "Saya, wali/orang tua pemohon yang belum berusia 18 tahun, menyetujui pemrosesan data pribadi pemohon untuk "
    "proses sertifikasi kompetensi (UU No. 27 Tahun 2022, Pasal 25)."
)




def nik_error(nik: str, birth_date=None, sex=None) -> str | None:
    try:
        validate_nik(nik, birth_date, sex or None)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None



class RegistrationError(DomainError):
    """A refused action; the message is Indonesian and meant for the person who tried."""


class OpenApplicationExists(RegistrationError):
    def __init__(self, application: Application):
        self.application = application
        super().__init__(f"Anda sudah memiliki permohonan {application.reference} yang masih berjalan untuk skema ini.")


class TransitionRefused(RegistrationError):
    pass


class SubmissionIncomplete(RegistrationError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Permohonan belum dapat diajukan: " + "; ".join(problems))


@dataclass(frozen=True)
class VerdictInput:
    verdict: str
    note: str = ""


# --- drafting -----------------------------------------------------------------------------


PROFILE_FIELDS = [
    "full_name", "nik", "birth_place", "birth_date", "sex", "nationality", "address", "phone", "email",
    "last_education",
]
CARRIED_FIELDS = PROFILE_FIELDS + ["institution", "position", "job_address", "job_phone", "job_email"]


@transaction.atomic
def start_application(
    *, applicant, scheme: Scheme, purpose: str = Application.Purpose.SERTIFIKASI,
    prefill_from: Application | None = None,
) -> Application:
    """A new draft, personal data copied from the profile (or from an earlier application, for
    recertification: surveillance calls this with purpose "sertifikasi_ulang"). One application per
    scheme runs at a time; of two started at once the database keeps one draft and the other request
    is pointed at it."""
    open_one = _open_application(applicant, scheme)
    if open_one is not None:
        raise OpenApplicationExists(open_one)
    application = Application(applicant=applicant, scheme=scheme, purpose=purpose, prefilled_from=prefill_from)
    source = prefill_from if prefill_from is not None else applicant
    for field in CARRIED_FIELDS if prefill_from is not None else PROFILE_FIELDS:
        value = getattr(source, field, "")
        if value is not None:
            setattr(application, field, value)
    if prefill_from is not None and prefill_from.scheme_id == scheme.pk:
        application.basic_requirement_id = prefill_from.basic_requirement_id
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # one_draft_per_applicant_and_scheme: a concurrent request made the draft first.
        raise OpenApplicationExists(_open_application(applicant, scheme)) from None
    audit.record(obj=application, action="registration.application.created", by=applicant, to_state=application.status)
    return application


def _open_application(applicant, scheme: Scheme) -> Application | None:
    return Application.objects.filter(
        applicant=applicant, scheme=scheme, status__in=[S.DRAFT, S.SUBMITTED, S.RETURNED]
    ).order_by("pk").first()


def record_acknowledgements(*, application: Application, rights: bool, ethics: bool, fee: bool) -> None:
    """Stamp the time of each acknowledgement once; unticking clears it (draft only)."""
    now = timezone.now()
    for field, given in (("rights_acknowledged_at", rights), ("ethics_acknowledged_at", ethics),
                         ("fee_acknowledged_at", fee)):
        current = getattr(application, field)
        setattr(application, field, (current or now) if given else None)
    application.save(update_fields=["rights_acknowledged_at", "ethics_acknowledged_at", "fee_acknowledged_at",
                                    "updated_at"])


def record_guardian_consent(*, application: Application, by, name: str, relation: str, agreed: bool) -> None:
    """A minor's application carries their guardian's consent: who, their relation, the statement
    agreed to and when (UU PDP 27/2022, Pasal 25). Unticking clears it."""
    if not application.is_editable:
        raise RegistrationError(f"Permohonan berstatus «{application.get_status_display()}»: persetujuan wali "
                                "tidak dapat diubah.")
    given = agreed and name.strip() and relation.strip()
    was = application.guardian_consent_at
    application.guardian_name = name.strip() if given else ""
    application.guardian_relation = relation.strip() if given else ""
    application.guardian_statement = GUARDIAN_STATEMENT if given else ""
    application.guardian_consent_at = (was or timezone.now()) if given else None
    application.save(update_fields=["guardian_name", "guardian_relation", "guardian_statement",
                                    "guardian_consent_at", "updated_at"])
    if given and was is None:
        audit.record(obj=application, action="registration.application.guardian_consented", by=by,
                     relation=application.guardian_relation)


@transaction.atomic
def record_consents(*, user, purposes: set[str]) -> None:
    """One Consent row per purpose with the text version agreed to; unticking withdraws it."""
    active = {c.purpose: c for c in Consent.objects.filter(user=user, withdrawn_at__isnull=True)}
    for purpose in Consent.Purpose.values:
        row = active.get(purpose)
        if purpose in purposes and (row is None or row.text_version != CONSENT_TEXT_VERSION):
            if row is not None:
                row.withdrawn_at = timezone.now()
                row.save(update_fields=["withdrawn_at"])
            Consent.objects.create(user=user, purpose=purpose, text_version=CONSENT_TEXT_VERSION,
                                   text=CONSENT_TEXTS[purpose])
        elif purpose not in purposes and row is not None:
            row.withdrawn_at = timezone.now()
            row.save(update_fields=["withdrawn_at"])


def active_consent_purposes(user) -> set[str]:
    return set(Consent.objects.filter(user=user, withdrawn_at__isnull=True, text_version=CONSENT_TEXT_VERSION)
               .values_list("purpose", flat=True))


@transaction.atomic
def save_self_assessment(*, application: Application, answers: dict[int, tuple[str, list[Evidence]]]) -> None:
    """Store what was typed on APL-02, complete or not (a draft never loses an answer)."""
    _require_draft(application)
    existing = queries.self_assessment_map(application)
    for element_id, (answer, evidence) in answers.items():
        row = existing.get(element_id) or SelfAssessment(application=application, element_id=element_id)
        row.answer = answer or ""
        row.save()
        row.evidence.set(evidence)


# Every file an application keeps counts, replaced ones included (they stay in the history).
MAX_FILES_PER_APPLICATION = 60


@transaction.atomic
@discard_files_on_error()
def add_evidence(
    *, application: Application, upload: ValidatedUpload, by, required_document: RequiredDocument | None = None,
    kind: str = Evidence.Kind.DOCUMENT, description: str = "",
) -> Evidence:
    """Store a validated upload. For a one-file document the new file supersedes the old one
    (history kept); in a returned application only flagged documents take new files. Nothing is
    written to storage unless the row is recorded too."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_can_add(application, required_document, kind)
    _check_file_count(application)
    evidence = Evidence(
        application=application, kind=kind, required_document=required_document, description=description,
        original_name=upload.original_name, content_type=upload.content_type, size=upload.size,
        sha256=upload.sha256, uploaded_by=by,
    )
    store(evidence.file, upload.storage_name, upload.as_file())
    if upload.print_copy:
        store(evidence.print_copy, "salinan.jpg", upload.print_copy_file())
    evidence.save()
    if required_document is not None and required_document.min_files <= 1:
        _supersede(application.evidence.filter(required_document=required_document, superseded_at__isnull=True)
                   .exclude(pk=evidence.pk), by=evidence)
    return evidence


def _check_file_count(application: Application) -> None:
    if application.evidence.count() >= MAX_FILES_PER_APPLICATION:
        raise RegistrationError(
            f"Permohonan {application.reference} sudah menyimpan {MAX_FILES_PER_APPLICATION} berkas, batas per "
            "permohonan (berkas yang diganti atau dihapus tetap tersimpan sebagai riwayat). Hubungi admin LSP bila "
            "masih perlu menambah berkas."
        )


def _check_can_add(application: Application, document: RequiredDocument | None, kind: str) -> None:
    if kind == Evidence.Kind.PAYMENT:
        return
    if application.status == S.DRAFT:
        if document is not None and document.scheme_id != application.scheme_id:
            raise RegistrationError("Dokumen ini bukan bagian dari skema permohonan.")
        return
    if application.status == S.RETURNED and document is not None:
        if document.pk in queries.flagged_document_ids(application):
            return
        raise RegistrationError(
            f"Dokumen «{document.name}» tidak ditandai untuk diperbaiki; hanya dokumen yang ditandai dapat diganti."
        )
    raise RegistrationError(
        f"Permohonan berstatus «{application.get_status_display()}» sehingga berkas tidak dapat ditambahkan."
    )


@transaction.atomic
def remove_evidence(*, evidence: Evidence, by) -> None:
    """Take a file out of the current set (kept in history): drafts, or flagged documents when returned."""
    application = Application.objects.select_for_update().get(pk=evidence.application_id)
    _check_can_add(application, evidence.required_document, evidence.kind)
    evidence.superseded_at = timezone.now()
    evidence.save(update_fields=["superseded_at"])


def _supersede(queryset, *, by: Evidence) -> None:
    queryset.update(superseded_at=timezone.now(), replaced_by=by)


def _require_draft(application: Application) -> None:
    if application.status != S.DRAFT:
        raise RegistrationError(
            f"Permohonan berstatus «{application.get_status_display()}»: isian APL-01/APL-02 tidak dapat diubah."
        )


# --- submission -----------------------------------------------------------------------------


def submission_problems(application: Application) -> list[str]:
    """Everything that keeps this application from being submitted, in words for the applicant."""
    problems = _personal_data_problems(application)
    if not application.basic_requirement_id:
        problems.append("Pilih persyaratan dasar yang Anda penuhi (6.1–6.4).")
    if application.purpose == Application.Purpose.LAINNYA and not application.purpose_other.strip():
        problems.append("Jelaskan tujuan asesmen «lainnya».")
    problems += _document_problems(application)
    problems += _self_assessment_problems(application)
    if not (application.rights_acknowledged_at and application.ethics_acknowledged_at
            and application.fee_acknowledged_at):
        problems.append("Centang pernyataan memahami hak dan kewajiban, kode etik, dan biaya sertifikasi.")
    missing_consents = REQUIRED_CONSENTS - active_consent_purposes(application.applicant)
    if missing_consents:
        problems.append("Berikan persetujuan pemrosesan data pribadi untuk proses sertifikasi.")
    if application.is_minor and not application.guardian_consent_at:
        problems.append("Pemohon belum berusia 18 tahun (menurut NIK): lengkapi persetujuan wali/orang tua "
                        "(nama, hubungan, dan pernyataan) pada langkah Pernyataan.")
    return problems


def _personal_data_problems(application: Application) -> list[str]:
    labels = {f: Application._meta.get_field(f).verbose_name for f in PROFILE_FIELDS}
    missing = [labels[f] for f in PROFILE_FIELDS if f != "nationality" and not getattr(application, f)]
    problems = [f"Lengkapi data pribadi: {', '.join(missing)}."] if missing else []
    if application.nik and application.birth_date and application.sex:
        error = nik_error(application.nik, application.birth_date, application.sex)
        if error:
            problems.append(error)
    if not (application.institution and application.position):
        problems.append("Lengkapi data pekerjaan sekarang (nama institusi dan jabatan).")
    return problems


def _document_problems(application: Application) -> list[str]:
    counts: dict[int, int] = {}
    fresh: dict[int, int] = {}
    for ev in queries.current_evidence(application).filter(kind=Evidence.Kind.DOCUMENT):
        counts[ev.required_document_id] = counts.get(ev.required_document_id, 0) + 1
        if application.returned_at and ev.uploaded_at > application.returned_at:
            fresh[ev.required_document_id] = fresh.get(ev.required_document_id, 0) + 1
    flagged = queries.flagged_document_ids(application)
    problems = []
    for doc in queries.required_documents(application):
        if counts.get(doc.pk, 0) < doc.min_files:
            problems.append(f"Unggah {doc.name} (minimal {doc.min_files} berkas).")
        elif doc.pk in flagged and not fresh.get(doc.pk):
            problems.append(f"Ganti dokumen yang ditandai: {doc.name}.")
    return problems


def _self_assessment_problems(application: Application) -> list[str]:
    units = list(queries.units_with_elements(application.scheme_id))
    elements = [el for unit in units for el in unit.elements.all()]
    if not elements:
        return ["Skema ini belum memiliki elemen kompetensi sehingga APL-02 belum dapat diisi. Hubungi admin LSP."]
    answered = set(application.self_assessments.exclude(answer="").values_list("element_id", flat=True))
    missing = [el for el in elements if el.pk not in answered]
    if missing:
        names = "; ".join(f"{el.unit.code} elemen {el.order}" for el in missing[:5])
        more = f" dan {len(missing) - 5} lainnya" if len(missing) > 5 else ""
        return [f"Jawab K/BK untuk setiap elemen APL-02 ({len(missing)} belum dijawab: {names}{more})."]
    return []


@transaction.atomic
def submit_application(*, application: Application, by) -> Application:
    """Submit APL-01 with its documents (9.1.2) and APL-02 with its evidence (9.1.3), refused while
    anything is missing: the basic requirement claimed (6.1–6.4), the acknowledgement of process,
    rights, fee and holder obligations (9.1.1), of the code of ethics (9.10), and the applicant's
    agreement to the requirements and consent to processing (9.1.4). Issues the fee invoice."""
    locked = _lock(application, "submit", by)
    problems = submission_problems(locked)
    if problems:
        raise SubmissionIncomplete(problems)
    resubmission = locked.status == S.RETURNED
    locked = _apply(locked, "submit", by, submitted_at=timezone.now(), review_round=locked.review_round + 1,
                    resubmission=resubmission)
    payment = issue_invoice(application=locked, by=by)
    _tell(locked, _("Permohonan sertifikasi diajukan"), "submitted", payment=payment,
          pay=payment_instructions(payment) if not payment.is_settled else None)
    return locked


# --- verification (9.1.5–9.1.6) -------------------------------------------------------------


@transaction.atomic
def return_for_revision(
    *, application: Application, by, verdicts: dict[int, VerdictInput], requirement_met: bool | None = None,
    requirement_note: str = "", note: str = "",
) -> Application:
    """Staff send the application back with the documents flagged that must be replaced."""
    locked = _lock(application, "return_for_revision", by)
    flagged = _store_verdicts(locked, verdicts, by)
    if not flagged and requirement_met is not False:
        raise RegistrationError("Tandai minimal satu dokumen «tidak memenuhi»/«tidak ada» sebelum mengembalikan.")
    locked = _apply(locked, "return_for_revision", by, returned_at=timezone.now(), decision_note=note,
                    requirement_met=requirement_met, requirement_note=requirement_note,
                    flagged=sorted(flagged))
    _tell(locked, _("Permohonan dikembalikan untuk perbaikan"), "returned",
          flagged=[v for v in queries.verdicts_of_round(locked).values() if v.is_flagged])
    return locked


@transaction.atomic
def accept_application(
    *, application: Application, by, verdicts: dict[int, VerdictInput], requirement_met: bool = True,
    requirement_note: str = "", note: str = "",
) -> Application:
    """Staff check the files against the basic requirements (9.1.5): only when every document is
    judged «memenuhi» and the requirement is met does the applicant become a participant (9.1.6)."""
    locked = _lock(application, "accept", by)
    flagged = _store_verdicts(locked, verdicts, by)
    missing = {d.pk for d in queries.required_documents(locked)} - set(queries.verdicts_of_round(locked))
    if flagged or missing:
        raise RegistrationError("Permohonan hanya dapat diterima bila setiap dokumen dinilai «memenuhi».")
    if requirement_met is not True:
        raise RegistrationError("Permohonan hanya dapat diterima bila persyaratan dasar dinyatakan terpenuhi.")
    locked = _apply(locked, "accept", by, decided_at=timezone.now(), decision_note=note, requirement_met=True,
                    requirement_note=requirement_note)
    payment = Payment.objects.filter(application=locked).first()
    _tell(locked, _("Anda diterima sebagai peserta sertifikasi"), "accepted",
          pay=payment_instructions(payment) if payment and not payment.is_settled else None)
    return locked


@transaction.atomic
def reject_application(
    *, application: Application, by, reason: str, verdicts: dict[int, VerdictInput] | None = None,
    requirement_met: bool | None = None, requirement_note: str = "",
) -> Application:
    """Staff refuse the application, with the reason the applicant is told."""
    locked = _lock(application, "reject", by)
    if not reason.strip():
        raise RegistrationError("Tuliskan alasan penolakan.")
    _store_verdicts(locked, verdicts or {}, by)
    locked = _apply(locked, "reject", by, decided_at=timezone.now(), decision_note=reason.strip(),
                    requirement_met=requirement_met, requirement_note=requirement_note, reason=reason.strip())
    _tell(locked, _("Permohonan sertifikasi ditolak"), "rejected")
    return locked


def _store_verdicts(application: Application, verdicts: dict[int, VerdictInput], by) -> set[int]:
    """Write this round's verdicts (re-deciding in the same round overwrites); return flagged ids."""
    allowed = {d.pk for d in queries.required_documents(application)}
    flagged = set()
    for doc_id, item in verdicts.items():
        if doc_id not in allowed or item.verdict not in DocumentVerdict.Verdict.values:
            raise RegistrationError("Penilaian dokumen tidak valid.")
        DocumentVerdict.objects.update_or_create(
            application=application, required_document_id=doc_id, review_round=application.review_round,
            defaults={"verdict": item.verdict, "note": item.note.strip(), "reviewed_by": by},
        )
        if item.verdict != DocumentVerdict.Verdict.MEMENUHI:
            flagged.add(doc_id)
    return flagged


# --- fee (clause 8) -----------------------------------------------------------------------------


def payment_due_on(issued_on: date) -> date:
    """Clause 8 (fee): the invoice is issued when the application is submitted and is due
    `PAYMENT_DUE_DAYS` calendar days later (14 by default); the certificate waits for payment
    (decisions.issue_certificate). The home page, the invoice e-mail and the status page all state this one rule."""
    return issued_on + timedelta(days=settings.PAYMENT_DUE_DAYS)


def payment_instructions(payment: Payment) -> dict:
    """How to pay this invoice: the account from settings, the amount, the reference to write on
    the transfer (the invoice number, so staff can match it) and the due date."""
    return {
        "bank": settings.PAYMENT_BANK, "account_number": settings.PAYMENT_ACCOUNT_NUMBER,
        "account_name": settings.PAYMENT_ACCOUNT_NAME, "amount": payment.amount,
        "reference": payment.invoice_number, "due_on": payment.due_on, "days": settings.PAYMENT_DUE_DAYS,
    }


def issue_invoice(*, application: Application, by) -> Payment:
    """One invoice per application for the scheme fee; re-submitting keeps the same one."""
    today = timezone.localdate()
    payment, created = Payment.objects.get_or_create(
        application=application,
        defaults={"invoice_number": f"INV/{today:%Y}/{application.pk:06d}",
                  "amount": application.scheme.fee, "due_on": payment_due_on(today)},
    )
    if created:
        audit.record(obj=application, action="registration.payment.invoiced", by=by, invoice=payment.invoice_number,
                     amount=str(payment.amount))
    return payment


@transaction.atomic
@discard_files_on_error()
def upload_payment_proof(*, payment: Payment, upload: ValidatedUpload, by) -> Payment:
    proof = add_evidence(application=payment.application, upload=upload, by=by, kind=Evidence.Kind.PAYMENT,
                         description=f"Bukti bayar {payment.invoice_number}")
    return _move_payment(payment, "payment_proof", by, proof=proof)


@transaction.atomic
def confirm_payment(*, payment: Payment, by) -> Payment:
    return _move_payment(payment, "payment_confirm", by, confirmed_at=timezone.now(), confirmed_by=by)


@transaction.atomic
def reject_payment(*, payment: Payment, by, reason: str) -> Payment:
    if not reason.strip():
        raise RegistrationError("Tuliskan alasan bukti pembayaran ditolak.")
    payment = _move_payment(payment, "payment_reject", by, note=reason.strip())
    notify(user=payment.application.applicant, subject=_("Bukti pembayaran ditolak"),
           template="registration/email/payment_rejected", context={"payment": payment, "reason": reason},
           url=reverse("registration:detail", args=[payment.application_id]))
    return payment


def _move_payment(payment: Payment, move: str, by, **changes) -> Payment:
    locked = Payment.objects.select_for_update().select_related("application").get(pk=payment.pk)
    transition(
        locked, MOVES[move], by=by, action=ACTIONS[move], changes=changes, error=TransitionRefused,
        refused=lambda row, to: (f"Tagihan {row.invoice_number} sudah berstatus «{row.get_status_display()}»; "
                                 f"tidak dapat {MOVE_NAMES[move]}."),
        record_on=locked.application, invoice=locked.invoice_number,
    )
    return locked


# --- the one place an application's status changes ----------------------------------------


def _lock(application: Application, move: str, by) -> Application:
    """Lock the row and check the move is allowed from its *current* status: of two staff acting at
    once, the second waits for the first, then is told what happened."""
    locked = Application.objects.select_for_update().select_related("scheme", "applicant").get(pk=application.pk)
    require_move(locked, MOVES[move], error=TransitionRefused,
                 refused=lambda row, to: _refusal_message(row, move))
    return locked


def _apply(locked: Application, move: str, by, **changes) -> Application:
    details = {k: changes.pop(k) for k in ("flagged", "reason", "resubmission") if k in changes}
    transition(locked, MOVES[move], by=by, action=ACTIONS[move], changes=changes, error=TransitionRefused,
               refused=lambda row, to: _refusal_message(row, move), **details)
    return locked


def _refusal_message(application: Application, move: str) -> str:
    last = audit.timeline(application).exclude(action__startswith="registration.payment.").last()
    who = ""
    if last is not None and last.actor is not None:
        who = f" oleh {last.actor.display_name} pada {waktu(timezone.localtime(last.created_at))}"
    return (
        f"Tidak dapat {MOVE_NAMES[move]} permohonan {application.reference}: permohonan sudah berstatus "
        f"«{application.get_status_display()}»{who}. Muat ulang halaman untuk melihat keadaan terbaru."
    )


def _tell(application: Application, subject, template: str, **context) -> None:
    """Tell the applicant, in their language (subjects are lazy: notify renders them in it)."""
    notify(
        user=application.applicant, subject=format_lazy("{} ({})", subject, application.reference),
        template=f"registration/email/{template}", context={"application": application, **context},
        url=reverse("registration:detail", args=[application.pk]),
    )
