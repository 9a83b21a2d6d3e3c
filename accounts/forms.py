from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import BreachIncident, CorrectionRequest, User
from accounts.services import SIGNUP_CONSENT_TEXT, is_pending_verification
from accounts.validators import validate_nik

UNVERIFIED = _(
    "Email akun ini belum diverifikasi. Buka tautan verifikasi yang kami kirim ke email Anda, "
    "atau minta tautan baru di bawah."
)


class SignupForm(BaseUserCreationForm):
    """Sign-up fields, checked for everything except whether the username or email is taken: the
    form must answer the same either way (accounts.services.sign_up decides, by email)."""

    consent = forms.BooleanField(
        label=_("Saya menyetujui pemrosesan data pribadi saya untuk proses sertifikasi."),
        help_text=_(SIGNUP_CONSENT_TEXT),
        error_messages={"required": _("Persetujuan pemrosesan data pribadi wajib diberikan untuk mendaftar.")},
    )

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].required = True
        # Labels spelled out (Indonesian by default; English only on this translated page).
        self.fields["username"].label = _("Nama pengguna")
        self.fields["username"].help_text = _("Huruf, angka dan @ . + - _ saja; dipakai untuk masuk.")
        self.fields["full_name"].label = _("Nama lengkap")
        self.fields["full_name"].help_text = _("Sesuai KTP; nama ini dicetak pada sertifikat.")
        self.fields["email"].label = _("Email")
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password2"].label = _("Ulangi kata sandi")

    def clean_email(self) -> str:
        # Lower-cased whole so the database's unique constraint also catches case variants.
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self) -> None:
        """Taken usernames and emails are not form errors (see the class docstring)."""


class LoginForm(AuthenticationForm):
    """Django's login form, telling an applicant who has not verified the email yet why they
    cannot log in — but only after the password proved they own the account."""

    unverified = False

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")

    def clean(self):
        try:
            return super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login" and self._is_unverified_owner():
                self.unverified = True
                raise ValidationError(UNVERIFIED, code="unverified") from None
            raise

    def _is_unverified_owner(self) -> bool:
        if getattr(self.request, "axes_locked_out", False):
            return False  # a locked-out client learns nothing about the password
        user = User.objects.filter(username=self.cleaned_data.get("username")).first()
        password = self.cleaned_data.get("password")
        return bool(user and password and is_pending_verification(user) and user.check_password(password))


class AccountLanguagePasswordResetForm(PasswordResetForm):
    """The reset email is written in the account's own language (User.language), like every other
    email to that person, whatever the language of the page it was asked from."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        with translation.override(getattr(context.get("user"), "language", "") or settings.LANGUAGE_CODE):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label="Email yang Anda daftarkan")


class ProfileForm(forms.ModelForm):
    """The person's own data. Non-staff never see their stored NIK in full: the field starts
    empty, and leaving it empty keeps the stored NIK (still checked against the birth date and sex)."""

    # Declared here (not from the model) so separators typed with the NIK fit before they are stripped.
    nik = forms.CharField(label="NIK", required=False, max_length=24,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    class Meta:
        model = User
        fields = ["full_name", "nik", "birth_place", "birth_date", "sex", "nationality", "address", "phone",
                  "last_education"]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, reveal_nik: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_nik = self.instance.nik
        self.fields["full_name"].required = True
        if self.stored_nik and not reveal_nik:
            self.initial["nik"] = ""
            self.fields["nik"].help_text = (
                f"NIK tersimpan: {self.instance.masked_nik}. Kosongkan bila tidak berubah."
            )
        else:
            self.fields["nik"].help_text = "16 digit sesuai KTP."

    def clean(self):
        cleaned = super().clean()
        nik = cleaned.get("nik") or self.stored_nik
        if nik:
            try:
                cleaned["nik"] = validate_nik(nik, cleaned.get("birth_date"), cleaned.get("sex"))
            except ValidationError as exc:
                self.add_error("nik", exc)
        return cleaned


# --- UU PDP ---------------------------------------------------------------------------------------


class CorrectionRequestForm(forms.ModelForm):
    class Meta:
        model = CorrectionRequest
        fields = ["kind", "data_item", "detail"]
        widgets = {"kind": forms.RadioSelect, "detail": forms.Textarea(attrs={"rows": 4})}

    def clean_detail(self) -> str:
        detail = self.cleaned_data["detail"].strip()
        if len(detail) < 10:
            raise ValidationError("Uraikan permintaan Anda (minimal 10 karakter).")
        return detail


class ResolveCorrectionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label="Hasil", choices=[("1", "Dikabulkan"), ("0", "Ditolak")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(label="Uraian hasil", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Apa yang dikoreksi/dibatasi, atau alasan penolakan. Dikirim ke subjek data.")


class BreachIncidentForm(forms.ModelForm):
    affected_usernames = forms.CharField(
        label="Subjek data terdampak", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Nama pengguna, dipisah koma atau baris baru.",
    )

    class Meta:
        model = BreachIncident
        fields = ["title", "occurred_at", "discovered_at", "data_exposed", "cause", "remediation"]
        widgets = {
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "discovered_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "data_exposed": forms.Textarea(attrs={"rows": 2}), "cause": forms.Textarea(attrs={"rows": 2}),
            "remediation": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_affected_usernames(self) -> list[User]:
        names = {n.strip() for n in self.cleaned_data["affected_usernames"].replace(",", "\n").splitlines()
                 if n.strip()}
        users = list(User.objects.filter(username__in=names))
        unknown = names - {u.username for u in users}
        if unknown:
            raise ValidationError("Nama pengguna tidak dikenal: %(names)s.",
                                  params={"names": ", ".join(sorted(unknown))[:500]})
        return users

    def clean(self):
        data = super().clean()
        occurred, discovered = data.get("occurred_at"), data.get("discovered_at")
        if occurred and discovered and occurred > discovered:
            self.add_error("occurred_at", "Waktu kejadian tidak boleh sesudah waktu diketahui.")
        if discovered and discovered > timezone.now():
            self.add_error("discovered_at", "Waktu diketahui tidak boleh di masa depan.")
        return data
