"""Account verbs: applicant sign-up, email verification and its resend; the data subject's rights
(UU PDP 27/2022): consents, correction and restriction requests, data exports, breach notices."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import PDP_RESPONSE_TIME, BreachIncident, Consent, CorrectionRequest, DataExportRequest, User
from accounts.roles import Role
from skema_lsp import audit, throttle
from skema_lsp.errors import DomainError
from skema_lsp.notify import notify
from skema_lsp.storage import discard_files_on_error, store
from skema_lsp.templatetags.formatting import waktu
from skema_lsp.transitions import transition

logger = logging.getLogger(__name__)

VERIFICATION_SALT = "accounts.email-verification"
VERIFICATION_MAX_AGE = timedelta(days=3)
RESEND_INTERVAL_SECONDS = 60  # at most one resent link or sign-up notice per account per minute: no mail-bombing

# The consent text shown at sign-up. Bump the version whenever the wording changes: the
# Consent row keeps the exact text and version the person agreed to (UU PDP).
SIGNUP_CONSENT_VERSION = "2026-01"
SIGNUP_CONSENT_TEXT = gettext_noop(
    "Saya menyetujui LSP Perencanaan Pembangunan Indonesia memproses data pribadi saya (identitas, NIK, "
    "data pendidikan dan pekerjaan, serta dokumen yang saya unggah) untuk keperluan proses sertifikasi "
    "kompetensi: pendaftaran, asesmen, keputusan sertifikasi, penerbitan sertifikat, surveilan dan banding. "
    "Data disimpan selama diperlukan untuk proses tersebut dan ketentuan BNSP, dan saya dapat meminta "
    "salinan atau koreksi data saya."
)


class VerificationError(Exception):
    """A verification link that is expired, forged, or no longer matches the account."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def is_pending_verification(user: User) -> bool:
    """Signed up but never verified. An account staff deactivated later (it has logged in
    before or was verified) is not pending: a resent link must not reactivate it."""
    return not user.is_active and user.email_verified_at is None and user.last_login is None


def sign_up(*, username: str, full_name: str, email: str, password: str, base_url: str) -> None:
    """Register an applicant, or, when the email or username is taken, mail the person concerned
    instead: the visitor gets the same answer either way, so sign-up cannot tell who has an account.

    A taken email: its owner is told (or sent a fresh link while still unverified). A free email
    with a taken username: that address is told to pick another username."""
    owner = User.objects.filter(email__iexact=email).first()
    username_taken = owner is None and User.objects.filter(username__iexact=username).exists()
    if owner is None and not username_taken:
        try:
            register_applicant(username=username, full_name=full_name, email=email, password=password,
                               base_url=base_url)
        except IntegrityError:
            pass  # a concurrent sign-up took the email or username first; it got its own mail
        return
    make_password(password)  # hashing dominates the response time: spend it on this path too
    if owner is not None and is_pending_verification(owner):
        resend_verification(email=owner.email, base_url=base_url)
    elif owner is not None:
        if throttle.first_in(f"signup-notice:{owner.pk}", RESEND_INTERVAL_SECONDS):
            _mail(to=owner.email, subject=_("Pendaftaran dengan email Anda"), language=owner.language,
                  template="accounts/email/signup_existing",
                  context={"user": owner, "login_url": base_url.rstrip("/") + reverse("login"),
                           "reset_url": base_url.rstrip("/") + reverse("password_reset")})
    elif throttle.first_in(f"signup-notice:{_email_digest(email)}", RESEND_INTERVAL_SECONDS):
        # No account behind this address: the language of the page the visitor signed up on.
        _mail(to=email, subject=_("Nama pengguna sudah dipakai"), template="accounts/email/signup_username_taken",
              context={"username": username, "signup_url": base_url.rstrip("/") + reverse("signup")})


@transaction.atomic
def register_applicant(*, username: str, full_name: str, email: str, password: str, base_url: str) -> User:
    """Create an applicant account that cannot log in until its email is verified."""
    language = get_language() if get_language() in ("id", "en") else "id"
    user = User(username=username, full_name=full_name, email=email, is_active=False, language=language)
    user.set_password(password)
    user.save()
    Consent.objects.create(
        user=user,
        purpose=Consent.Purpose.SERTIFIKASI,
        text_version=SIGNUP_CONSENT_VERSION,
        text=SIGNUP_CONSENT_TEXT,
    )
    audit.record(obj=user, action="accounts.user.registered", by=None, to_state="belum_terverifikasi",
                 consent_version=SIGNUP_CONSENT_VERSION)
    send_verification_email(user=user, base_url=base_url)
    return user


def _email_digest(email: str) -> str:
    # A signed token is readable by anyone (only tamper-proof): carry a digest, never the address,
    # so no email ends up in a URL or an access log.
    return hashlib.sha256((email or "").lower().encode()).hexdigest()[:20]


def make_verification_token(user: User) -> str:
    # The email's digest is signed in so a link stops working if the address is changed afterwards.
    return signing.dumps({"u": user.pk, "e": _email_digest(user.email)}, salt=VERIFICATION_SALT)


def send_verification_email(*, user: User, base_url: str) -> None:
    """Email the verification link after the surrounding transaction commits."""
    url = base_url.rstrip("/") + reverse("verify_email", args=[make_verification_token(user)])
    _mail(to=user.email, subject=_("Verifikasi email akun Anda"), template="accounts/email/verify_email",
          context={"user": user, "url": url, "days": VERIFICATION_MAX_AGE.days}, language=user.language)


def _mail(*, to: str, subject, template: str, context: dict, language: str = "") -> None:
    """`template`.txt (and .html when there is one), sent after the surrounding transaction commits,
    in `language` (the account's own) or, without one, the language of the current page."""
    context = {"lsp_name": settings.LSP_NAME, **context}
    with translation.override(language or get_language() or settings.LANGUAGE_CODE):
        subject = str(subject)
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None

    def send() -> None:
        message = EmailMultiAlternatives(f"[{settings.LSP_NAME}] {subject}", text, to=[to])
        if html:
            message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)


def resend_verification(*, email: str, base_url: str) -> bool:
    """Send a fresh link when `email` belongs to an account pending verification.

    Returns whether a mail went out; the view must not tell the visitor (no account probing)."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None or not is_pending_verification(user):
        return False
    if not throttle.first_in(f"verification-resend:{user.pk}", RESEND_INTERVAL_SECONDS):
        return False
    send_verification_email(user=user, base_url=base_url)
    return True


def verify_email(*, token: str) -> tuple[User, bool]:
    """Activate the account the token was made for and give it the applicant role.

    Returns (user, newly_verified); a second click on a valid link changes nothing."""
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise VerificationError("Tautan verifikasi sudah kedaluwarsa (berlaku 3 hari).", expired=True) from None
    except signing.BadSignature:
        raise VerificationError("Tautan verifikasi tidak valid.") from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("u")).first()
        if user is None or _email_digest(user.email) != data.get("e"):
            raise VerificationError("Tautan verifikasi tidak valid untuk akun mana pun.")
        if user.email_verified_at is not None:
            return user, False
        if not is_pending_verification(user):
            raise VerificationError("Akun ini dinonaktifkan. Hubungi admin LSP.")
        user.email_verified_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_verified_at", "is_active"])
        user.groups.add(Group.objects.get(name=Role.PEMOHON))
        audit.record(obj=user, action="accounts.user.email_verified", by=user,
                     from_state="belum_terverifikasi", to_state="aktif")
    return user, True


# --- UU PDP: consents, correction and restriction requests, exports, breaches --------------------


class PrivacyError(DomainError):
    """A refused data-protection action (message in Indonesian)."""


def withdraw_consent(*, consent: Consent, by: User) -> Consent:
    """Withdraw a consent at any time (UU PDP 27/2022, Pasal 9): the row keeps the text and version
    that had been agreed to, stamped with the moment of withdrawal. It takes effect at once:
    verification stops showing the name, non-essential email stops (accounts/consents.py)."""
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.user_id != by.pk:
            raise PrivacyError("Persetujuan ini bukan milik Anda.")
        if locked.withdrawn_at is not None:
            raise PrivacyError(f"Persetujuan «{locked.get_purpose_display()}» sudah ditarik pada "
                               f"{waktu(timezone.localtime(locked.withdrawn_at))}.")
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit.record(obj=locked, action="accounts.consent.withdrawn", by=by, from_state="diberikan",
                     to_state="ditarik", purpose=locked.purpose, text_version=locked.text_version)
    return locked


def give_consent(*, user: User, purpose: str) -> Consent:
    """Give (again) the consent for `purpose` with the current text; a standing one is kept."""
    from accounts.consents import CONSENT_TEXT_VERSION, CONSENT_TEXTS

    if purpose not in Consent.Purpose.values:
        raise PrivacyError("Tujuan persetujuan tidak dikenal.")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # two clicks at once give one row
        current = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
        if current is not None:
            return current
        consent = Consent.objects.create(user=user, purpose=purpose, text_version=CONSENT_TEXT_VERSION,
                                         text=CONSENT_TEXTS[purpose])
        audit.record(obj=consent, action="accounts.consent.given", by=user, to_state="diberikan",
                     purpose=purpose, text_version=CONSENT_TEXT_VERSION)
    return consent


def file_correction_request(*, user: User, kind: str, data_item: str, detail: str) -> CorrectionRequest:
    """The subject asks for a correction or a restriction; staff are told at once, the answer is due
    3 × 24 hours later (UU PDP 27/2022, Pasal 6, 8 and 11) and the reminder sweep chases it."""
    with transaction.atomic():
        now = timezone.now()
        request = CorrectionRequest.objects.create(
            user=user, kind=kind, data_item=data_item, detail=detail, created_at=now, due_at=now + PDP_RESPONSE_TIME,
        )
        audit.record(obj=request, action="accounts.correctionrequest.filed", by=user,
                     to_state=request.status, kind=kind)
        url = reverse("correction_detail", args=[request.pk])
        notify(user=user, subject=format_lazy(_("Permintaan {ref} diterima"), ref=request.reference),
               template="accounts/email/correction_filed", context={"request": request}, url=url)
        from skema_lsp.reminders import staff_users

        for member in staff_users():
            notify(user=member, subject=f"Permintaan data pribadi {request.reference}: selesaikan dalam 3×24 jam",
                   template="accounts/email/correction_staff", context={"request": request}, url=url)
    return request


def take_correction_request(*, request: CorrectionRequest, by: User) -> CorrectionRequest:
    return transition(request, CorrectionRequest.Status.DIPROSES, by=by, action="accounts.correctionrequest.taken",
                      changes={"handled_by": by}, error=PrivacyError)


def resolve_correction_request(*, request: CorrectionRequest, by: User, granted: bool,
                               outcome: str) -> CorrectionRequest:
    """Record the outcome and email it to the subject. A refusal must say why."""
    outcome = outcome.strip()
    if not outcome:
        raise PrivacyError("Tuliskan hasil penanganan (apa yang dikoreksi/dibatasi, atau alasan penolakan).")
    to = CorrectionRequest.Status.DIKABULKAN if granted else CorrectionRequest.Status.DITOLAK
    with transaction.atomic():
        locked = transition(request, to, by=by, action="accounts.correctionrequest.resolved", error=PrivacyError,
                            changes={"handled_by": by, "outcome": outcome, "resolved_at": timezone.now()},
                            on_time=timezone.now() <= request.due_at)
        status = pgettext_lazy("permintaan data pribadi", locked.get_status_display())
        notify(user=locked.user, subject=format_lazy(_("Hasil permintaan {ref}: {status}"), ref=locked.reference,
                                                     status=status),
               template="accounts/email/correction_resolved", context={"request": locked},
               url=reverse("correction_detail", args=[locked.pk]))
    return locked


def request_data_export(*, user: User) -> DataExportRequest:
    """Start producing the subject's data export in the background. The 3 × 24-hour clock starts now
    and is shown until the ZIP is ready (at once when tasks run inline)."""
    with transaction.atomic():
        now = timezone.now()
        export = DataExportRequest.objects.create(user=user, requested_at=now, due_at=now + PDP_RESPONSE_TIME)
        audit.record(obj=export, action="accounts.dataexportrequest.requested", by=user, to_state=export.status)
        from accounts.tasks import produce_data_export

        transaction.on_commit(lambda: _enqueue(produce_data_export, export.pk), robust=True)
    return export


def _enqueue(task, *args) -> None:
    """A broker outage must not lose the request: the row stays 'diproses' and the next sweep retries."""
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - any broker error; the reminder sweep catches up
        logger.warning("could not enqueue %s%r; the sweep will retry", task.name, args, exc_info=True)


def produce_data_export(*, export: DataExportRequest) -> DataExportRequest:
    """Build the ZIP (skema_lsp.privacy.export_zip), store it encrypted, tell the subject."""
    from django.core.files.base import ContentFile

    from skema_lsp.privacy import export_zip

    export = DataExportRequest.objects.select_related("user").get(pk=export.pk)
    if export.status != DataExportRequest.Status.DIPROSES:
        return export
    content = export_zip(export.user)
    with transaction.atomic(), discard_files_on_error():
        store(export.file, "data-pribadi.zip", ContentFile(content))
        locked = transition(export, DataExportRequest.Status.SIAP, by=None, error=PrivacyError,
                            action="accounts.dataexportrequest.ready",
                            changes={"file": export.file.name, "ready_at": timezone.now()})
        notify(user=locked.user, subject=_("Salinan data pribadi Anda siap diunduh"),
               body=_("Salinan data pribadi yang Anda minta telah siap. Unduh melalui halaman Data pribadi saya."),
               url=reverse("my_data"))
    return locked


def record_breach(*, by: User, title: str, discovered_at, occurred_at, data_exposed: str, cause: str,
                  remediation: str, affected: list[User]) -> BreachIncident:
    """Register a breach; its notices are due 3 × 24 hours after it became known (UU PDP 27/2022,
    Pasal 46 ayat 1)."""
    with transaction.atomic():
        incident = BreachIncident.objects.create(
            title=title, discovered_at=discovered_at, occurred_at=occurred_at, data_exposed=data_exposed,
            cause=cause, remediation=remediation, recorded_by=by,
            notice_due_at=discovered_at + PDP_RESPONSE_TIME,
        )
        incident.affected.set(affected)
        audit.record(obj=incident, action="accounts.breachincident.recorded", by=by, to_state=incident.status,
                     affected=len(affected))
    return incident


def send_breach_notices(*, incident: BreachIncident, by: User) -> BreachIncident:
    """Email the notice to every affected subject and produce the letter to the authority (PDF),
    recording when (UU PDP 27/2022, Pasal 46: what was exposed, when and how, and the remediation)."""
    from django.core.files.base import ContentFile

    from accounts.documents import authority_notice_pdf

    with transaction.atomic(), discard_files_on_error():
        locked = BreachIncident.objects.select_for_update().get(pk=incident.pk)
        if locked.status != BreachIncident.Status.TERCATAT:
            raise PrivacyError(f"Pemberitahuan {locked.reference} sudah dikirim.")
        now = timezone.now()
        locked.notified_at = now
        store(locked.authority_notice, f"{locked.reference}.pdf", ContentFile(authority_notice_pdf(locked)))
        locked = transition(locked, BreachIncident.Status.DIBERITAHUKAN, by=by, error=PrivacyError,
                            action="accounts.breachincident.notified",
                            changes={"notified_at": now, "authority_notice": locked.authority_notice.name},
                            on_time=now <= locked.notice_due_at, subjects=locked.affected.count())
        for person in locked.affected.all():
            notify(user=person, subject=format_lazy(_("Pemberitahuan kegagalan pelindungan data pribadi ({ref})"),
                                                    ref=locked.reference),
                   template="accounts/email/breach_subject",
                   context={"incident": locked, "lsp_name": settings.LSP_NAME})
    incident.status, incident.notified_at = locked.status, locked.notified_at
    return locked


def close_breach(*, incident: BreachIncident, by: User) -> BreachIncident:
    return transition(incident, BreachIncident.Status.DITUTUP, by=by, action="accounts.breachincident.closed",
                      error=PrivacyError)


# --- assessors' MET registration -------------------------------------------------------------------


def update_met_registration(*, assessor: User, number: str, valid_until, by: User) -> User:
    """Record an assessor's MET registration number and its end date (staff only). Assignment reads
    them (assessment.services.assessor_refusal): a lapsed registration is refused there."""
    if not (by.is_authenticated and by.is_staf):
        raise DomainError("Hanya staf LSP yang dapat mengubah registrasi MET asesor.")
    if not assessor.has_role(Role.ASESOR):
        raise DomainError("Pengguna ini bukan asesor.")
    number = " ".join(number.split())
    if not number:
        raise DomainError("Nomor registrasi MET wajib diisi.")
    if not valid_until:
        raise DomainError("Tanggal berakhirnya registrasi MET wajib diisi.")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=assessor.pk)
        taken = User.objects.filter(met_number__iexact=number).exclude(pk=locked.pk).first()
        if taken is not None:
            raise DomainError(f"Nomor registrasi MET {number} sudah tercatat untuk {taken.display_name}.")
        before = (locked.met_number, locked.met_valid_until)
        if before == (number, valid_until):
            return locked
        locked.met_number, locked.met_valid_until = number, valid_until
        locked.save(update_fields=["met_number", "met_valid_until"])
        audit.record(obj=locked, action="accounts.user.met_updated", by=by,
                     from_state=f"{before[0]} s.d. {before[1]:%d-%m-%Y}" if before[1] else before[0],
                     to_state=f"{number} s.d. {valid_until:%d-%m-%Y}")
    assessor.met_number, assessor.met_valid_until = number, valid_until
    return locked
