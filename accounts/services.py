"""Account verbs: applicant sign-up, email verification and its resend."""

import hashlib
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
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop

from accounts.models import Consent, User
from accounts.roles import Role
from skema_lsp import audit, throttle

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
            _mail(to=owner.email, subject=gettext("Pendaftaran dengan email Anda"),
                  template="accounts/email/signup_existing",
                  context={"user": owner, "login_url": base_url.rstrip("/") + reverse("login"),
                           "reset_url": base_url.rstrip("/") + reverse("password_reset")})
    elif throttle.first_in(f"signup-notice:{_email_digest(email)}", RESEND_INTERVAL_SECONDS):
        _mail(to=email, subject=gettext("Nama pengguna sudah dipakai"), template="accounts/email/signup_username_taken",
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
    _mail(to=user.email, subject=gettext("Verifikasi email akun Anda"), template="accounts/email/verify_email",
          context={"user": user, "url": url, "days": VERIFICATION_MAX_AGE.days})


def _mail(*, to: str, subject: str, template: str, context: dict) -> None:
    """`template`.txt (and .html when there is one), sent after the surrounding transaction commits."""
    context = {"lsp_name": settings.LSP_NAME, **context}
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
