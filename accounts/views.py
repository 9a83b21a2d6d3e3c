from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.consents import CONSENT_TEXTS
from accounts.forms import (
    AccountLanguagePasswordResetForm,
    BreachIncidentForm,
    CorrectionRequestForm,
    ProfileForm,
    ResendVerificationForm,
    ResolveCorrectionForm,
    SignupForm,
)
from accounts.models import BreachIncident, Consent, CorrectionRequest, DataExportRequest
from accounts.next_step import next_step
from skema_lsp import audit, throttle
from skema_lsp.actions import act, attempt, refused
from skema_lsp.templatetags.formatting import waktu

RESEND_DONE = (
    "Bila email tersebut terdaftar dan belum diverifikasi, tautan verifikasi baru telah dikirim. "
    "Periksa kotak masuk (dan folder spam) Anda."
)


def _base_url(request: HttpRequest) -> str:
    # Links in e-mails use the configured SITE_URL, never the request's Host header (which a
    # visitor chooses).
    return settings.SITE_URL


class PasswordResetView(auth_views.PasswordResetView):
    """The reset link is built from SITE_URL, not from the Host header a visitor sends; the email is in
    the account's language."""

    form_class = AccountLanguagePasswordResetForm

    @property
    def extra_email_context(self) -> dict:
        return {"site_url": settings.SITE_URL}


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and throttle.too_many(request, "daftar", limit=settings.SIGNUP_RATE_LIMIT,
                                                      window=settings.SIGNUP_RATE_WINDOW):
        # The bound form is shown again as entered (passwords excepted), with the reason on top.
        response = render(request, "accounts/signup.html", {"form": form, "throttled": True}, status=429)
        response["Retry-After"] = throttle.retry_after(settings.SIGNUP_RATE_WINDOW)
        return response
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.sign_up(username=data["username"], full_name=data["full_name"], email=data["email"],
                         password=data["password1"], base_url=_base_url(request))
        return redirect("signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_done.html")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, newly = services.verify_email(token=token)
    except services.VerificationError as exc:
        return render(request, "accounts/verify_failed.html", {"error": exc}, status=400)
    # The link proves the address, not who clicked it: logging the clicker in would let someone
    # send their own account's link to a victim, who would then fill in that account (login CSRF).
    if newly:
        messages.success(request, "Email Anda terverifikasi. Silakan masuk dengan nama pengguna dan kata sandi "
                                  "Anda, lalu lengkapi profil sebelum mengajukan permohonan sertifikasi.")
        return redirect("login")
    if request.user == user:
        return redirect("dashboard")
    messages.info(request, "Email ini sudah terverifikasi. Silakan masuk.")
    return redirect("login")


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_verification(email=form.cleaned_data["email"], base_url=_base_url(request))
        messages.info(request, RESEND_DONE)
        return redirect("login")
    return render(request, "accounts/resend_verification.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user, reveal_nik=request.user.is_staf)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profil tersimpan.")
        return redirect("profile")
    consents = request.user.consents.all()
    active = {c.purpose for c in consents if c.withdrawn_at is None}
    missing = [(purpose, label, CONSENT_TEXTS[purpose]) for purpose, label in Consent.Purpose.choices
               if purpose not in active]
    return render(request, "accounts/profile.html", {"form": form, "consents": consents, "missing": missing,
                                                     "next_step": next_step(request.user)})


# --- UU PDP: the data subject's rights, and the staff who answer them ---------------------------------


def _require_staff(user) -> None:
    if not user.is_staf:
        raise PermissionDenied


def _correction(request: HttpRequest, pk: int) -> CorrectionRequest:
    """The request, for its subject or staff; anyone else gets 404 (nobody learns that it exists)."""
    filed = get_object_or_404(CorrectionRequest.objects.select_related("user", "handled_by"), pk=pk)
    if not (request.user.is_staf or filed.user_id == request.user.pk):
        raise Http404
    return filed


def _incident(request: HttpRequest, pk: int) -> BreachIncident:
    """Incidents are the staff's register: 404 for everybody else."""
    if not request.user.is_staf:
        raise Http404
    return get_object_or_404(BreachIncident.objects.select_related("recorded_by"), pk=pk)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(Consent, pk=pk, user=request.user)
    return act(request, lambda: services.withdraw_consent(consent=consent, by=request.user),
               lambda withdrawn: f"Persetujuan «{withdrawn.get_purpose_display()}» ditarik dan berlaku sejak saat ini.",
               to="profile")


@login_required
@require_POST
def consent_give(request: HttpRequest) -> HttpResponse:
    return act(request, lambda: services.give_consent(user=request.user, purpose=request.POST.get("purpose", "")),
               lambda consent: f"Persetujuan «{consent.get_purpose_display()}» diberikan.", to="profile")


@login_required
@require_http_methods(["GET", "POST"])
def privacy_requests(request: HttpRequest) -> HttpResponse:
    """The subject's correction and restriction requests, and the form to file one."""
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filed = services.file_correction_request(user=request.user, kind=data["kind"], data_item=data["data_item"],
                                                 detail=data["detail"])
        messages.success(request, f"Permintaan {filed.reference} diterima; batas penyelesaian 3×24 jam.")
        return redirect("correction_detail", pk=filed.pk)
    requests = request.user.correction_requests.all()
    return render(request, "accounts/privacy_requests.html", {"form": form, "requests": requests})


@login_required
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filed = _correction(request, pk)
    form = ResolveCorrectionForm() if request.user.is_staf and filed.is_open else None
    return render(request, "accounts/correction_detail.html", {
        "filed": filed, "form": form, "timeline": audit.timeline(filed) if request.user.is_staf else None,
    })


@login_required
@require_POST
def correction_take(request: HttpRequest, pk: int) -> HttpResponse:
    filed = _correction(request, pk)
    _require_staff(request.user)
    return act(request, lambda: services.take_correction_request(request=filed, by=request.user),
               f"{filed.reference} sedang Anda proses.", to=reverse("correction_detail", args=[pk]))


@login_required
@require_POST
def correction_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    filed = _correction(request, pk)
    _require_staff(request.user)
    form = ResolveCorrectionForm(request.POST)
    if form.is_valid() and not refused(attempt(request, lambda: services.resolve_correction_request(
            request=filed, by=request.user, granted=form.cleaned_data["granted"], outcome=form.cleaned_data["outcome"]),
            f"Hasil {filed.reference} dicatat dan dikirim ke subjek data.")):
        return redirect("correction_detail", pk=pk)
    return render(request, "accounts/correction_detail.html",
                  {"filed": filed, "form": form, "timeline": audit.timeline(filed)}, status=400)


@login_required
def staff_corrections(request: HttpRequest) -> HttpResponse:
    _require_staff(request.user)
    requests = CorrectionRequest.objects.select_related("user", "handled_by").order_by("status", "due_at")[:200]
    return render(request, "accounts/staff_corrections.html", {"requests": requests, "now": timezone.now()})


@login_required
@require_POST
def data_export_request(request: HttpRequest) -> HttpResponse:
    services.request_data_export(user=request.user)
    messages.success(request, "Permintaan salinan data dicatat. Salinan disediakan paling lambat 3×24 jam; "
                              "Anda akan diberi tahu saat siap.")
    return redirect("my_data")


@login_required
def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(DataExportRequest, pk=pk, user=request.user, status=DataExportRequest.Status.SIAP)
    response = FileResponse(export.file.open("rb"), content_type="application/zip", as_attachment=True,
                            filename="data-pribadi-saya.zip")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def breaches(request: HttpRequest) -> HttpResponse:
    _require_staff(request.user)
    form = BreachIncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident = services.record_breach(
            by=request.user, title=data["title"], discovered_at=data["discovered_at"],
            occurred_at=data["occurred_at"], data_exposed=data["data_exposed"], cause=data["cause"],
            remediation=data["remediation"], affected=data["affected_usernames"],
        )
        messages.success(request, f"Insiden {incident.reference} dicatat. Kirim pemberitahuan paling lambat "
                                  f"{waktu(timezone.localtime(incident.notice_due_at))}.")
        return redirect("breach_detail", pk=incident.pk)
    incidents = BreachIncident.objects.select_related("recorded_by").order_by("-discovered_at")[:200]
    return render(request, "accounts/breaches.html", {"form": form, "incidents": incidents, "now": timezone.now()})


@login_required
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    return render(request, "accounts/breach_detail.html", {
        "incident": incident, "affected": incident.affected.order_by("username"), "now": timezone.now(),
        "timeline": audit.timeline(incident),
    })


@login_required
@require_POST
def breach_notify(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    return act(request, lambda: services.send_breach_notices(incident=incident, by=request.user),
               f"Pemberitahuan {incident.reference} dikirim ke subjek data; surat kepada lembaga siap diunduh.",
               to=reverse("breach_detail", args=[pk]))


@login_required
@require_POST
def breach_close(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    return act(request, lambda: services.close_breach(incident=incident, by=request.user),
               f"Insiden {incident.reference} ditutup.", to=reverse("breach_detail", args=[pk]))


@login_required
def breach_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as sent; before the notices go out, a draft rendered now for staff to check."""
    incident = _incident(request, pk)
    if incident.authority_notice:
        response = FileResponse(incident.authority_notice.open("rb"), content_type="application/pdf",
                                as_attachment=True, filename=f"pemberitahuan-{incident.reference}.pdf")
    else:
        from accounts.documents import authority_notice_pdf

        response = HttpResponse(authority_notice_pdf(incident, draft=True), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="draf-pemberitahuan-{incident.reference}.pdf"'

    response["X-Content-Type-Options"] = "nosniff"
    return response
