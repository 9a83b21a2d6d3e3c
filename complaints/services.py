"""Verbs of the complaints stage (ISO/IEC 17024 9.9). Status moves go through
skema_lsp.transitions.transition on Complaint.TRANSITIONS; emails leave after commit."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import ConflictOfInterest, User
from accounts.roles import Role
from complaints.models import Complaint
from decisions.models import Certificate, Violation
from decisions.services import next_number
from skema_lsp import audit
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.transitions import transition
from skema_lsp.uploads import ValidatedUpload
from skema_lsp.workdays import add_working_days

logger = logging.getLogger(__name__)

S = Complaint.Status
REFERENCE_SERIES = "pengaduan"
HANDLER_ROLES = (Role.STAF, Role.DIREKTUR, Role.TIM_BANDING, Role.TIM_TEKNIS)


class ComplaintError(DomainError):
    """A refused action on a complaint."""


# --- the rules --------------------------------------------------------------------------------


def resolution_due_on(received_on: date) -> date:
    """A complaint is closed within COMPLAINT_WORKING_DAYS working days of receipt (the receipt day
    not counted), on the project's working-day calendar."""
    return add_working_days(received_on, settings.COMPLAINT_WORKING_DAYS)


def handler_refusal(handler: User, complaint: Complaint) -> str | None:
    """ISO/IEC 17024 9.9: a complaint is investigated by persons not involved in its subject. Why
    `handler` may not handle `complaint`, or None when they may: not the complainant; for a complaint
    about a holder, not the holder, not anyone who assessed the holder, sat on a technical team that
    decided on them, or declared a conflict of interest with them."""
    if not handler.is_active or not any(handler.has_role(role) for role in HANDLER_ROLES):
        return "Penangan pengaduan harus personel LSP yang aktif (staf, direktur, tim teknis atau tim banding)."
    if handler.pk == complaint.complainant_id or (
        handler.email and handler.email.lower() == complaint.complainant_email.lower()
    ):
        return "Penangan tidak boleh pengadu itu sendiri."
    certificate = complaint.certificate
    if complaint.subject != Complaint.Subject.HOLDER or certificate is None:
        return None
    holder_id = certificate.holder_id
    if handler.pk == holder_id:
        return "Penangan tidak boleh pemegang sertifikat yang diadukan."
    from assessment.models import Assessment
    from decisions.models import Decision, Vote

    if Assessment.objects.filter(application__applicant_id=holder_id, assessor=handler).exists():
        return "Penangan pernah menjadi asesor pemegang sertifikat ini."
    if (Vote.objects.filter(member=handler, candidate__assessment__application__applicant_id=holder_id).exists()
            or Decision.objects.filter(recorded_by=handler, assessment__application__applicant_id=holder_id).exists()):
        return "Penangan pernah menjadi anggota tim teknis yang memutuskan pemegang sertifikat ini."
    if ConflictOfInterest.objects.filter(person=handler, candidate_id=holder_id).exists():
        return "Penangan menyatakan konflik kepentingan dengan pemegang sertifikat ini."
    return None


def handler_candidates() -> QuerySet[User]:
    return (User.objects.filter(groups__name__in=[str(r) for r in HANDLER_ROLES], is_active=True)
            .distinct().order_by("full_name", "username"))


def find_certificate(number: str) -> Certificate | None:
    number = " ".join(number.split())
    if not number:
        return None
    return Certificate.objects.filter(number__iexact=number).select_related("holder").first()


def track(reference: str, email: str) -> Complaint | None:
    """The complainant's own lookup: both the reference and the email given at filing must match."""
    reference, email = reference.strip(), email.strip()
    if not reference or not email:
        return None
    return (Complaint.objects.filter(reference__iexact=reference, complainant_email__iexact=email)
            .select_related("certificate").first())


# --- filing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filing:
    subject: str
    description: str
    complainant_name: str
    complainant_email: str
    complainant_kind: str
    complainant_phone: str = ""
    certificate: Certificate | None = None


@transaction.atomic
def file_complaint(*, filing: Filing, by: User | None = None, upload: ValidatedUpload | None = None,
                   now: datetime | None = None) -> Complaint:
    """Record the complaint with its reference number and deadline, and acknowledge it at once."""
    if filing.subject not in Complaint.Subject.values:
        raise ComplaintError("Pilih apa yang diadukan.")
    if filing.subject == Complaint.Subject.HOLDER and filing.certificate is None:
        raise ComplaintError("Pengaduan tentang pemegang sertifikat memerlukan nomor sertifikat yang terdaftar.")
    if not filing.description.strip():
        raise ComplaintError("Uraian pengaduan wajib diisi.")
    now = now or timezone.now()
    received_on = timezone.localtime(now).date()
    account = by if getattr(by, "is_authenticated", False) else None
    complaint = Complaint(
        **Complaint.numbering(received_on.year, next_number(series=REFERENCE_SERIES, year=received_on.year)),
        subject=filing.subject,
        certificate=filing.certificate if filing.subject == Complaint.Subject.HOLDER else None,
        description=filing.description.strip(), complainant_name=" ".join(filing.complainant_name.split()),
        complainant_email=filing.complainant_email.strip(), complainant_phone=filing.complainant_phone.strip(),
        complainant_kind=filing.complainant_kind, complainant=account, filed_at=now, received_on=received_on,
        due_on=resolution_due_on(received_on),
    )
    if upload is not None:
        complaint.attachment.save(upload.storage_name, upload.as_file(), save=False)
        complaint.attachment_name, complaint.attachment_type = upload.original_name, upload.content_type
        complaint.attachment_size, complaint.attachment_sha256 = upload.size, upload.sha256
    complaint.save()
    audit.record(obj=complaint, action="complaints.complaint.filed", by=account, to_state=complaint.status,
                 reference=complaint.reference, subject=complaint.subject, due_on=complaint.due_on.isoformat(),
                 certificate=complaint.certificate.number if complaint.certificate else "")
    _tell_complainant(complaint, format_lazy(_("Tanda terima pengaduan {ref}"), ref=complaint.reference),
                      "complaints/email/received")
    for staff in User.objects.filter(groups__name=Role.STAF, is_active=True).distinct():
        notify(user=staff, subject=f"Pengaduan baru {complaint.reference}: tetapkan penangan",
               template="complaints/email/new_for_staff", context={"complaint": complaint},
               url=complaint.get_absolute_url())
    return complaint


# --- handling ---------------------------------------------------------------------------------


@transaction.atomic
def assign_handler(*, complaint: Complaint, handler: User, by: User) -> Complaint:
    """Staff name the person who investigates; a new handler replaces one already named."""
    if not by.is_staf:
        raise ComplaintError("Hanya staf LSP yang dapat menetapkan penangan pengaduan.")
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("certificate").get(pk=complaint.pk)
    reason = handler_refusal(handler, locked)
    if reason:
        raise ComplaintError(f"{handler.display_name} tidak dapat menangani pengaduan ini: {reason}")
    changes = {"handler": handler, "assigned_at": timezone.now(), "assigned_by": by}
    if locked.status == S.RECEIVED:
        locked = transition(locked, S.IN_PROGRESS, by=by, action="complaints.complaint.assigned", changes=changes,
                            error=ComplaintError, handler=handler.username)
    elif locked.status == S.IN_PROGRESS:
        previous = locked.handler.username if locked.handler else ""
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changes))
        audit.record(obj=locked, action="complaints.complaint.reassigned", by=by, handler=handler.username,
                     previous=previous)
    else:
        raise ComplaintError("Pengaduan yang sudah selesai tidak dapat dialihkan.")
    notify(user=handler, subject=f"Anda ditetapkan menangani pengaduan {locked.reference}",
           template="complaints/email/assigned", context={"complaint": locked}, url=locked.get_absolute_url())
    complaint.__dict__.update({k: getattr(locked, k) for k in ("status", "handler_id", "assigned_at")})
    return locked


@transaction.atomic
def close_complaint(*, complaint: Complaint, by: User, outcome: str, text: str) -> Complaint:
    """The handler records the outcome; the complainant is told it by email."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.handler_id != by.pk:
        raise ComplaintError("Hanya penangan yang ditetapkan yang dapat menyelesaikan pengaduan ini.")
    if outcome not in Complaint.Outcome.values:
        raise ComplaintError("Pilih hasil penanganan.")
    if not text.strip():
        raise ComplaintError("Uraikan hasil penanganan dan tindak lanjutnya.")
    locked = transition(locked, S.CLOSED, by=by, action="complaints.complaint.closed", error=ComplaintError,
                        changes={"outcome": outcome, "outcome_text": text.strip(), "closed_at": timezone.now(),
                                 "closed_by": by}, outcome=outcome)
    _tell_complainant(locked, format_lazy(_("Hasil penanganan pengaduan {ref}"), ref=locked.reference),
                      "complaints/email/closed")
    complaint.__dict__.update({k: getattr(locked, k) for k in ("status", "outcome", "outcome_text", "closed_at")})
    return locked


def violation_refusal(complaint: Complaint) -> str | None:
    """When a closed complaint may lead to a violation record (9.5) through decisions."""
    if complaint.violation_id:
        return "Pengaduan ini sudah dicatat sebagai pelanggaran."
    if complaint.subject != Complaint.Subject.HOLDER or complaint.certificate is None:
        return "Hanya pengaduan tentang pemegang sertifikat yang dapat menjadi catatan pelanggaran."
    if complaint.status != S.CLOSED or complaint.outcome != Complaint.Outcome.UPHELD:
        return "Catatan pelanggaran dibuat setelah pengaduan selesai dengan hasil terbukti."
    return None


@transaction.atomic
def record_violation(*, complaint: Complaint, category: str, by: User) -> Violation:
    """An upheld complaint about a holder becomes a violation record through decisions'
    record_violation; the complaint summary (PDF) is its evidence."""
    from decisions.services import DecisionError
    from decisions.services import record_violation as record
    from skema_lsp.pdf import render_pdf

    locked = Complaint.objects.select_for_update(of=("self",)).select_related("certificate").get(pk=complaint.pk)
    reason = violation_refusal(locked)
    if reason:
        raise ComplaintError(reason)
    pdf = render_pdf("complaints/pdf/summary.html", {"complaint": locked, "lsp_name": settings.LSP_NAME,
                                                     "today": timezone.localdate()})
    evidence = ContentFile(pdf, name=f"pengaduan-{locked.file_stem}.pdf")
    description = (f"Berdasarkan pengaduan {locked.reference} yang terbukti.\n\n{locked.description}\n\n"
                   f"Hasil penanganan: {locked.outcome_text}")
    try:
        violation = record(certificate=locked.certificate, category=category, description=description,
                           evidence=evidence, by=by)
    except DecisionError as exc:
        raise ComplaintError(str(exc)) from exc
    locked.violation = violation
    locked.save(update_fields=["violation"])
    audit.record(obj=locked, action="complaints.complaint.violation_recorded", by=by, violation=violation.pk,
                 category=category)
    complaint.violation = violation
    return violation


# --- telling the complainant ------------------------------------------------------------------


def track_url(complaint: Complaint) -> str:
    return reverse("complaints:track")


def _tell_complainant(complaint: Complaint, subject, template: str) -> None:
    """Email the address given at filing (an account is not needed); an account holder also finds the
    message in their notifications."""
    url = complaint.get_absolute_url() if complaint.complainant_id else track_url(complaint)
    context = {"complaint": complaint, "site_url": settings.SITE_URL, "url": url}
    # An account holder reads it in their language; a complaint filed without an account in the LSP's.
    language = getattr(complaint.complainant, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = str(subject)
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    if complaint.complainant_id:
        notify(user=complaint.complainant, subject=subject, body=text, url=url, email=False)
    to = complaint.complainant_email
    transaction.on_commit(lambda: _send(to, subject, text, html), robust=True)


def _send(to: str, subject: str, text: str, html: str | None) -> None:
    message = EmailMultiAlternatives(f"[{settings.LSP_NAME}] {subject}", text, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
