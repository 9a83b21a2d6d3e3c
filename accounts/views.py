from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import ProfileForm, ResendVerificationForm, SignupForm
from skema_lsp import throttle

RESEND_DONE = (
    "Bila email tersebut terdaftar dan belum diverifikasi, tautan verifikasi baru telah dikirim. "
    "Periksa kotak masuk (dan folder spam) Anda."
)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


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
    return render(request, "accounts/profile.html", {"form": form, "consents": consents})
