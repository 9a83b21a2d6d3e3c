"""Verbs of surveillance (9.6) and recertification (9.7).

Every status change goes through skema_lsp.transitions.transition (via `_apply` / `_move_request`),
which locks the row, checks the model's TRANSITIONS and writes the audit row in the same
transaction; emails go through notify() (sent after commit)."""

from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from decisions.models import Certificate, SuspensionCategory
from decisions.services import DecisionError, suspend_certificate
from registration.models import Application
from registration.prefill import create_prefilled_application
from registration.services import start_application
from skema_lsp import audit
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.pdf import render_pdf
from skema_lsp.queue import enqueue
from skema_lsp.templatetags.formatting import tanggal
from skema_lsp.transitions import require_move, transition
from skema_lsp.uploads import ValidatedUpload
from surveillance import schedule
from surveillance.models import Confirmation, LogbookEntry, RecertificationRequest, Surveillance
from surveillance.queries import SUBMITTED as SUBMITTED_STATUSES

S = Surveillance.Status
R = RecertificationRequest.Status
# Each verb is one move of Surveillance.TRANSITIONS / RecertificationRequest.TRANSITIONS; the verb
# names the refusal (MOVE_NAMES) and the audit action (ACTIONS).
MOVES: dict[str, str] = {
    "submit": S.DIAJUKAN,
    "return_to_holder": S.BELUM_DIAJUKAN,
    "review": S.DITINJAU,
    "override": R.BERJALAN,
    "refuse": R.DITOLAK,
}
ACTIONS = {
    "submit": "surveillance.surveillance.submitted",
    "return_to_holder": "surveillance.surveillance.returned",
    "review": "surveillance.surveillance.reviewed",
    "override": "surveillance.recertification.overridden",
    "refuse": "surveillance.recertification.refused",
}
MOVE_NAMES = {
    "submit": "mengajukan",
    "return_to_holder": "mengembalikan",
    "review": "meninjau",
    "override": "mengizinkan",
    "refuse": "menolak",
}


class SurveillanceError(DomainError):
    """A refused action; the message is Indonesian and meant for the person who tried."""


@dataclass(frozen=True)
class ReviewInput:
    result: str
    follow_up: str
    findings: str = ""
    follow_up_note: str = ""
    method_logbook: bool = False
    method_supervisor: bool = False
    method_third_party: bool = False
    method_visit: bool = False
    visit_date: date | None = None
    visit_notes: str = ""


# --- the holder's submission ---------------------------------------------------------------------


def refresh_next_due(certificate_id: int) -> date | None:
    """Store on the certificate the due date of its first period not yet submitted (None when none
    is left): run in the transaction of every change to its surveillance rows and of its issue, so
    the holders register's overdue filter and the dashboard read it from an index."""
    submitted = (
        Surveillance.objects.filter(certificate=OuterRef("pk"), status__in=SUBMITTED_STATUSES)
        .order_by().values("certificate").annotate(n=Count("pk")).values("n")
    )
    certificate = (
        Certificate.objects.select_related("scheme")
        .only("issued_on", "valid_until", "next_surveillance_due", "scheme__surveillance_interval_months")
        .annotate(done=Coalesce(Subquery(submitted[:1]), 0))
        .filter(pk=certificate_id).first()
    )
    if certificate is None:
        return None
    due = schedule.next_due(certificate, certificate.done)
    if due != certificate.next_surveillance_due:
        Certificate.objects.filter(pk=certificate_id).update(next_surveillance_due=due)
    return due


def surveillance_changed(sender, instance: Surveillance, **kwargs) -> None:
    refresh_next_due(instance.certificate_id)


DUE_INPUTS = {"issued_on", "valid_until", "scheme", "scheme_id", "next_surveillance_due"}


def certificate_saved(sender, instance: Certificate, created: bool, update_fields=None, **kwargs) -> None:
    """On issue, and on any save that wrote the dates the schedule follows from (a full save also
    writes the stored due date, perhaps from a stale copy)."""
    if created or update_fields is None or DUE_INPUTS & set(update_fields):
        due = refresh_next_due(instance.pk)
        instance.next_surveillance_due = due


def is_in_force(certificate: Certificate, today: date | None = None) -> bool:
    return certificate.effective_status(today) == Certificate.Status.BERLAKU


@transaction.atomic
def start_surveillance(*, certificate: Certificate, by, today: date | None = None) -> Surveillance:
    """Open (or resume) the holder's submission for the first period that is due and not yet
    submitted: surveillance comes once a year after issue (9.6.2)."""
    today = today or timezone.localdate()
    certificate = Certificate.objects.select_for_update().select_related("scheme").get(pk=certificate.pk)
    if certificate.holder_id != by.pk:
        raise SurveillanceError("Hanya pemegang sertifikat yang dapat mengajukan surveilan.")
    if not is_in_force(certificate, today):
        raise SurveillanceError(
            f"Sertifikat {certificate.number} berstatus «{certificate.effective_status_label(today)}»; "
            "surveilan hanya untuk sertifikat yang berlaku."
        )
    rows = {row.period: row for row in certificate.surveillances.all()}
    states = schedule.period_states(certificate, rows, today, active=True)
    current = next((p for p in states if p.state not in {"selesai", "diajukan"}), None)
    if current is None or not current.can_start:
        opens = f" Pengajuan dibuka mulai {tanggal(current.opens_on)}." if current else ""
        raise SurveillanceError("Belum ada periode surveilan yang dapat diajukan." + opens)
    if current.surveillance is not None:
        return current.surveillance
    surveillance = Surveillance.objects.create(
        certificate=certificate, period=current.period, due_date=current.due_date
    )
    audit.record(obj=surveillance, action="surveillance.surveillance.started", by=by, to_state=surveillance.status,
                 period=current.period)
    return surveillance


@transaction.atomic
def open_for_holder(*, certificate: Certificate, by, reason: str, today: date | None = None) -> Surveillance:
    """Staff open a surveillance for a holder (9.6), e.g. after a complaint: the first period not yet
    submitted, even before its submission window opens. The holder is told to submit it."""
    today = today or timezone.localdate()
    if not by.is_staf:
        raise SurveillanceError("Hanya staf LSP yang dapat membuka surveilan untuk pemegang sertifikat.")
    if not reason.strip():
        raise SurveillanceError("Tuliskan alasan surveilan dibuka.")
    certificate = Certificate.objects.select_for_update().select_related("scheme", "holder").get(pk=certificate.pk)
    if not is_in_force(certificate, today):
        raise SurveillanceError(
            f"Sertifikat {certificate.number} berstatus «{certificate.effective_status_label(today)}»; "
            "surveilan hanya untuk sertifikat yang berlaku."
        )
    rows = {row.period: row for row in certificate.surveillances.all()}
    states = schedule.period_states(certificate, rows, today, active=True)
    current = next((p for p in states if p.state not in {"selesai", "diajukan"}), None)
    if current is None:
        raise SurveillanceError("Semua periode surveilan sertifikat ini sudah diajukan atau selesai.")
    if current.surveillance is not None:
        raise SurveillanceError(f"Surveilan periode ke-{current.period} sudah dibuka dan menunggu pemegang.")
    surveillance = Surveillance.objects.create(certificate=certificate, period=current.period,
                                               due_date=current.due_date)
    audit.record(obj=surveillance, action="surveillance.surveillance.opened_by_staff", by=by,
                 to_state=surveillance.status, period=current.period, reason=reason.strip())
    notify(user=certificate.holder,
           subject=format_lazy(_("Surveilan sertifikat {number} dibuka LSP"), number=certificate.number),
           template="surveillance/email/opened_by_staff", context={"surveillance": surveillance,
                                                                    "reason": reason.strip()},
           url=reverse("surveillance:detail", args=[surveillance.pk]))
    return surveillance


def _require_editable(surveillance: Surveillance) -> Surveillance:
    locked = Surveillance.objects.select_for_update().get(pk=surveillance.pk)
    if not locked.is_editable:
        raise SurveillanceError(
            f"Surveilan {locked.reference} berstatus «{locked.get_status_display()}» sehingga tidak dapat diubah."
        )
    return locked


MAX_LOGBOOK_ENTRIES = 100  # per surveillance period; each may carry a file, so storage stays bounded


@transaction.atomic
def add_logbook_entry(
    *, surveillance: Surveillance, by, date: date, activity: str, role: str, output: str,
    upload: ValidatedUpload | None = None,
) -> LogbookEntry:
    surveillance = _require_editable(surveillance)
    if surveillance.logbook.count() >= MAX_LOGBOOK_ENTRIES:
        raise SurveillanceError(
            f"Logbook surveilan {surveillance.reference} sudah berisi {MAX_LOGBOOK_ENTRIES} kegiatan, batas per "
            "periode. Gabungkan kegiatan yang serupa atau hapus yang tidak diperlukan."
        )
    entry = LogbookEntry(surveillance=surveillance, date=date, activity=activity, role=role, output=output)
    if upload is not None:
        _attach(entry, "attachment", upload)
    entry.save()
    return entry


@transaction.atomic
def remove_logbook_entry(*, entry: LogbookEntry, by) -> None:
    _require_editable(entry.surveillance)
    stored = entry.attachment
    entry.delete()
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def save_confirmation(
    *, surveillance: Surveillance, kind: str, by, name: str, position: str, contact: str, upload: ValidatedUpload,
) -> Confirmation:
    """Store a signed confirmation letter; a new letter of the same kind replaces the earlier one."""
    surveillance = _require_editable(surveillance)
    confirmation = Confirmation.objects.filter(surveillance=surveillance, kind=kind).first()
    old_name = confirmation.letter.name if confirmation else ""
    confirmation = confirmation or Confirmation(surveillance=surveillance, kind=kind)
    confirmation.name, confirmation.position, confirmation.contact = name, position, contact
    _attach(confirmation, "letter", upload)
    confirmation.save()
    if old_name:
        storage = confirmation.letter.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return confirmation


def _attach(obj, field: str, upload: ValidatedUpload) -> None:
    getattr(obj, field).save(upload.storage_name, upload.as_file(), save=False)
    obj.original_name, obj.content_type = upload.original_name, upload.content_type
    obj.size, obj.sha256 = upload.size, upload.sha256


def submission_problems(surveillance: Surveillance) -> list[str]:
    problems = []
    if not surveillance.logbook.exists():
        problems.append("Isi minimal satu entri logbook.")
    if not surveillance.confirmations.filter(kind=Confirmation.Kind.ATASAN).exists():
        problems.append("Unggah konfirmasi atasan langsung (surat bertanda tangan).")
    return problems


@transaction.atomic
def submit_surveillance(*, surveillance: Surveillance, by, note: str = "") -> Surveillance:
    locked = _lock(surveillance, "submit")
    if locked.certificate.holder_id != by.pk:
        raise SurveillanceError("Hanya pemegang sertifikat yang dapat mengajukan surveilan.")
    problems = submission_problems(locked)
    if problems:
        raise SurveillanceError("Surveilan belum dapat diajukan: " + " ".join(problems))
    return _apply(locked, "submit", by, submitted_at=timezone.now(), holder_note=note.strip())


# --- staff review --------------------------------------------------------------------------------


def review_problems(data: ReviewInput) -> list[str]:
    problems = []
    if not (data.method_logbook or data.method_supervisor or data.method_third_party or data.method_visit):
        problems.append("Pilih minimal satu metode surveilan.")
    if data.method_visit and not data.visit_date:
        problems.append("Isi tanggal kunjungan tempat kerja.")
    if data.result not in Surveillance.Result.values:
        problems.append("Pilih hasil surveilan.")
    if data.follow_up not in Surveillance.FollowUp.values:
        problems.append("Pilih tindak lanjut.")
    if data.result == Surveillance.Result.TIDAK_TERPELIHARA and data.follow_up == Surveillance.FollowUp.TIDAK_ADA:
        problems.append("Kompetensi tidak terpelihara memerlukan tindak lanjut.")
    if data.follow_up == Surveillance.FollowUp.PEMBEKUAN and not data.follow_up_note.strip():
        problems.append("Tuliskan alasan pembekuan pada catatan tindak lanjut.")
    return problems


@transaction.atomic
def review_surveillance(*, surveillance: Surveillance, by, data: ReviewInput) -> Surveillance:
    """Record the methods, result and follow-up (9.6.3–9.6.4). A suspension follow-up opens it through
    the decisions service in the same transaction; the report PDF is rendered after commit."""
    locked = _lock(surveillance, "review")
    problems = review_problems(data)
    if problems:
        raise SurveillanceError(" ".join(problems))
    fields = {k: v for k, v in data.__dict__.items()}
    fields["visit_date"] = data.visit_date if data.method_visit else None
    fields["visit_notes"] = data.visit_notes.strip() if data.method_visit else ""
    locked = _apply(locked, "review", by, reviewed_at=timezone.now(), reviewed_by=by, **fields)
    if data.follow_up == Surveillance.FollowUp.PEMBEKUAN:
        _suspend(locked, by, data.follow_up_note.strip())
    holder = locked.certificate.holder
    notify(
        user=holder,
        subject=format_lazy(_("Hasil surveilan {ref}"), ref=locked.reference), template="surveillance/email/reviewed",
        context={"surveillance": locked}, url=reverse("surveillance:detail", args=[locked.pk]),
    )
    from surveillance.tasks import render_report_task

    enqueue(render_report_task, locked.pk)
    return locked


def _suspend(surveillance: Surveillance, by, reason: str) -> None:
    # decisions owns certificate status; it notifies the holder and updates public verification.
    try:
        suspend_certificate(
            certificate=surveillance.certificate, by=by, category=SuspensionCategory.SURVEILLANCE,
            note=f"Hasil surveilan {surveillance.reference}: {reason}",
        )
    except DecisionError as exc:  # the whole review rolls back with it
        raise SurveillanceError(f"Pembekuan tidak dapat dibuka: {exc}") from exc
    audit.record(obj=surveillance, action="surveillance.surveillance.suspension_opened", by=by,
                 certificate=surveillance.certificate.number)


@transaction.atomic
def return_surveillance(*, surveillance: Surveillance, by, note: str) -> Surveillance:
    """Send a submission back to the holder to complete (e.g. an unreadable letter)."""
    if not note.strip():
        raise SurveillanceError("Tuliskan apa yang perlu dilengkapi.")
    locked = _lock(surveillance, "return_to_holder")
    locked = _apply(locked, "return_to_holder", by, submitted_at=None, note=note.strip())
    notify(
        user=locked.certificate.holder,
        subject=format_lazy(_("Surveilan {ref} perlu dilengkapi"), ref=locked.reference),
        template="surveillance/email/returned", context={"surveillance": locked, "note": note.strip()},
        url=reverse("surveillance:detail", args=[locked.pk]),
    )
    return locked


def render_report(surveillance: Surveillance) -> bytes:
    """The surveillance report (a snapshot once stored; never re-rendered after that)."""
    surveillance = (
        Surveillance.objects.select_related("certificate", "certificate__scheme", "reviewed_by")
        .prefetch_related("logbook", "confirmations").get(pk=surveillance.pk)
    )
    if surveillance.report_pdf:
        with surveillance.report_pdf.open("rb") as handle:
            return handle.read()
    if surveillance.status != S.DITINJAU:
        raise SurveillanceError("Laporan tersedia setelah surveilan ditinjau.")
    pdf = render_pdf("surveillance/pdf/report.html", {"s": surveillance, "certificate": surveillance.certificate})
    with transaction.atomic():
        locked = Surveillance.objects.select_for_update().get(pk=surveillance.pk)
        if not locked.report_pdf:  # a concurrent render may have stored it first
            locked.report_pdf.save("laporan.pdf", ContentFile(pdf), save=True)
            audit.record(obj=locked, action="surveillance.surveillance.report_issued", by=None)
    return pdf


# --- recertification (9.7) -----------------------------------------------------------------------


def last_application(certificate: Certificate) -> Application | None:
    """The APL-01 behind this certificate, else the holder's latest accepted one for the scheme."""
    if certificate.application_id:
        return certificate.application
    return (
        Application.objects.filter(
            applicant_id=certificate.holder_id, scheme_id=certificate.scheme_id, status=Application.Status.ACCEPTED
        ).order_by("-decided_at", "-pk").first()
    )


def recertification_refusal(certificate: Certificate, today: date) -> str:
    """Why this certificate cannot be renewed today ("" when it can)."""
    if certificate.effective_status(today) != Certificate.Status.BERLAKU:
        label = certificate.effective_status_label(today)
        return f"Sertifikat berstatus «{label}»; sertifikasi ulang tidak dapat diajukan."
    window = schedule.recertification_window(certificate)
    if today < window.opens:
        return (
            f"Sertifikasi ulang dapat diajukan mulai {tanggal(window.opens)} "
            f"({schedule.RECERTIFICATION_OPENS_MONTHS} bulan sebelum masa berlaku berakhir)."
        )
    if RecertificationRequest.objects.filter(certificate=certificate).exclude(status=R.DITOLAK).exists():
        return "Permohonan sertifikasi ulang untuk sertifikat ini sudah ada."
    return ""


@transaction.atomic
def request_recertification(*, certificate: Certificate, by, today: date | None = None) -> RecertificationRequest:
    """The holder asks to renew. On time, at least two months before the certificate ends (9.7.1) →
    a prefilled application (purpose Sertifikasi Ulang) at once, registered as in 9.1 (9.7.2);
    late → flagged, waiting for a staff override before any application exists."""
    today = today or timezone.localdate()
    certificate = Certificate.objects.select_for_update().select_related("scheme").get(pk=certificate.pk)
    if certificate.holder_id != by.pk:
        raise SurveillanceError("Hanya pemegang sertifikat yang dapat mengajukan sertifikasi ulang.")
    refusal = recertification_refusal(certificate, today)
    if refusal:
        raise SurveillanceError(refusal)
    window = schedule.recertification_window(certificate)
    late = window.is_late(today)
    request = RecertificationRequest.objects.create(
        certificate=certificate, requested_by=by, requested_on=today, deadline=window.deadline, is_late=late,
        status=R.MENUNGGU_IZIN if late else R.BERJALAN,
    )
    audit.record(obj=request, action="surveillance.recertification.requested", by=by, to_state=request.status,
                 late=late,
                 deadline=window.deadline.isoformat())
    if not late:
        _open_application(request, by)
    return request


def _open_application(request: RecertificationRequest, by) -> Application:
    certificate = request.certificate
    source = last_application(certificate)
    purpose = Application.Purpose.SERTIFIKASI_ULANG
    if source is not None:
        application = create_prefilled_application(source=source, by=by, purpose=purpose)
    else:  # a certificate without an APL-01 on file (imported data): start from the profile
        application = start_application(applicant=certificate.holder, scheme=certificate.scheme, purpose=purpose)
    request.application = application
    request.save(update_fields=["application"])
    audit.record(obj=request, action="surveillance.recertification.application_created", by=by,
                 application=application.reference)
    notify(
        user=certificate.holder, subject=format_lazy(_("Permohonan sertifikasi ulang {ref} siap dilengkapi"),
                                                   ref=application.reference),
        template="surveillance/email/recertification_opened", context={"request": request, "application": application},
        url=application_url(application),
    )
    return application


def application_url(application: Application) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("registration:detail", args=[application.pk])
    except NoReverseMatch:
        return reverse("surveillance:my_surveillance")


@transaction.atomic
def override_late_request(*, request: RecertificationRequest, by, reason: str) -> RecertificationRequest:
    if not reason.strip():
        raise SurveillanceError("Tuliskan alasan izin pengajuan yang terlambat.")
    locked = _move_request(request, "override", by, reason.strip())
    _open_application(locked, by)
    return locked


@transaction.atomic
def refuse_late_request(*, request: RecertificationRequest, by, reason: str) -> RecertificationRequest:
    if not reason.strip():
        raise SurveillanceError("Tuliskan alasan penolakan.")
    locked = _move_request(request, "refuse", by, reason.strip())
    notify(
        user=locked.certificate.holder, subject=_("Permohonan sertifikasi ulang ditolak"),
        template="surveillance/email/recertification_refused", context={"request": locked},
        url=reverse("surveillance:my_surveillance"),
    )
    return locked


def _move_request(request: RecertificationRequest, move: str, by, reason: str) -> RecertificationRequest:
    locked = RecertificationRequest.objects.select_for_update().select_related("certificate").get(pk=request.pk)
    transition(
        locked, MOVES[move], by=by, action=ACTIONS[move], error=SurveillanceError,
        changes={"override_reason": reason, "override_by": by, "override_at": timezone.now()},
        refused=lambda row, to: (f"Permohonan sudah berstatus «{row.get_status_display()}»; "
                                 f"tidak dapat {MOVE_NAMES[move]}."),
        reason=reason,
    )
    return locked


# --- the one place a surveillance's status changes ------------------------------------------------


def _lock(surveillance: Surveillance, move: str) -> Surveillance:
    locked = (
        Surveillance.objects.select_for_update(of=("self",))
        .select_related("certificate", "certificate__holder", "certificate__scheme")
        .get(pk=surveillance.pk)
    )
    require_move(locked, MOVES[move], error=SurveillanceError, refused=lambda row, to: _refusal(row, move))
    return locked


def _refusal(surveillance: Surveillance, move: str) -> str:
    return (
        f"Tidak dapat {MOVE_NAMES[move]} surveilan {surveillance.reference}: statusnya sudah "
        f"«{surveillance.get_status_display()}». Muat ulang halaman untuk melihat keadaan terbaru."
    )


def _apply(locked: Surveillance, move: str, by, **changes) -> Surveillance:
    details = {k: changes.pop(k) for k in ("note",) if k in changes}
    details.update({k: str(v) for k, v in changes.items() if k in {"result", "follow_up"}})
    transition(locked, MOVES[move], by=by, action=ACTIONS[move], changes=changes, error=SurveillanceError,
               refused=lambda row, to: _refusal(row, move), **details)
    return locked
