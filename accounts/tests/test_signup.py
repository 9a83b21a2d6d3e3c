import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Consent, User
from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from accounts.tests.helpers import verification_path
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Rencana-Pembangunan-77"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the resend throttle lives in the cache
    yield
    cache.clear()


def signup_data(**overrides) -> dict:
    data = {
        "username": "sari", "full_name": "Sari Wulandari", "email": "sari@contoh.id",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "consent": "on",
    }
    return {**data, **overrides}


@pytest.fixture
def signed_up(client, django_capture_on_commit_callbacks, mailoutbox) -> User:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302, response.content.decode()
    return User.objects.get(username="sari")


def test_signup_creates_inactive_user_with_consent_and_mails_link(signed_up, mailoutbox):
    user = signed_up
    assert not user.is_active and user.email_verified_at is None
    assert user.full_name == "Sari Wulandari" and user.check_password(NEW_PASSWORD)
    assert not user.has_role(Role.PEMOHON)
    consent = Consent.objects.get(user=user)
    assert consent.purpose == Consent.Purpose.SERTIFIKASI
    assert consent.text_version == services.SIGNUP_CONSENT_VERSION and consent.text == services.SIGNUP_CONSENT_TEXT
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["sari@contoh.id"]
    assert f"{settings.SITE_URL}/accounts/verifikasi/" in mailoutbox[0].body
    assert verification_path(mailoutbox).startswith("/accounts/verifikasi/")
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="accounts.user.registered").exists()


def test_signup_redirects_to_check_email_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), signup_data(), follow=True)
    assert "Periksa email Anda" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_signup_without_consent_is_refused(client, mailoutbox):
    response = client.post(reverse("signup"), signup_data(consent=""))
    assert "Persetujuan pemrosesan data pribadi wajib" in response.content.decode()
    assert not User.objects.filter(username="sari").exists() and mailoutbox == []


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def sign_up(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("signup"), signup_data(**overrides), follow=True)


def test_signup_with_taken_email_answers_as_for_a_new_one_and_mails_the_owner(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    owner = make_user(username="sari_lama", email="sari@contoh.id", email_verified_at=timezone.now())
    fresh = sign_up(client, django_capture_on_commit_callbacks, username="baru", email="baru@contoh.id")
    taken = sign_up(client, django_capture_on_commit_callbacks, email="Sari@Contoh.ID")
    assert taken.redirect_chain == fresh.redirect_chain == [(reverse("signup_done"), 302)]
    assert without_csrf_token(taken) == without_csrf_token(fresh)
    assert not User.objects.filter(username="sari").exists()
    assert User.objects.filter(email__iexact="sari@contoh.id").get() == owner
    notice = mailoutbox[-1]
    assert notice.to == ["sari@contoh.id"] and "sari_lama" in notice.body and "/accounts/login/" in notice.body
    assert "/accounts/verifikasi/" not in notice.body


def test_signup_with_taken_username_answers_the_same_and_tells_the_new_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(username="sari", email="lain@contoh.id")
    response = sign_up(client, django_capture_on_commit_callbacks, username="Sari")
    assert response.redirect_chain == [(reverse("signup_done"), 302)]
    assert not User.objects.filter(email="sari@contoh.id").exists()
    [notice] = mailoutbox
    assert notice.to == ["sari@contoh.id"] and '"Sari" sudah dipakai' in notice.body
    assert "/accounts/daftar/" in notice.body


def test_signup_again_while_unverified_sends_a_fresh_link(client, signed_up, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    cache.clear()  # past the resend interval
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["sari@contoh.id"]
    client.get(verification_path(mailoutbox))
    assert User.objects.get(pk=signed_up.pk).is_active and User.objects.count() == 1


def test_signup_notices_to_an_owner_are_throttled(client, mailoutbox, django_capture_on_commit_callbacks):
    make_user(username="sari_lama", email="sari@contoh.id", email_verified_at=timezone.now())
    for _ in range(3):
        sign_up(client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_signup_is_rate_limited_per_client_address(client, settings, mailoutbox):
    settings.SIGNUP_RATE_LIMIT, settings.TRUSTED_PROXIES = 2, ["10.0.0.2"]
    via_proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for n in range(2):
        client.post(reverse("signup"), signup_data(username=f"akun{n}", email=f"akun{n}@contoh.id"), **via_proxy)
    refused = client.post(reverse("signup"), signup_data(), **via_proxy)
    assert refused.status_code == 429 and refused["Retry-After"]
    html = refused.content.decode()
    assert "Terlalu banyak pendaftaran" in html and 'value="sari@contoh.id"' in html
    assert not User.objects.filter(username="sari").exists()
    other = client.post(reverse("signup"), signup_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302 and User.objects.filter(username="sari").exists()


def test_signup_error_keeps_entered_values_but_not_passwords(client):
    response = client.post(reverse("signup"), signup_data(password2="Lain-sekali-99"))
    html = response.content.decode()
    assert 'value="Sari Wulandari"' in html and 'value="sari@contoh.id"' in html and 'value="sari"' in html
    assert NEW_PASSWORD not in html and "Lain-sekali-99" not in html
    assert not User.objects.filter(username="sari").exists()


def test_signup_applies_django_password_validators(client):
    response = client.post(reverse("signup"), signup_data(password1="12345678", password2="12345678"))
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(username="sari").exists()


def test_verification_link_activates_and_assigns_role_but_does_not_log_the_clicker_in(client, signed_up, mailoutbox):
    response = client.get(verification_path(mailoutbox), follow=True)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "Email Anda terverifikasi" in response.content.decode()
    assert "_auth_user_id" not in client.session  # whoever clicked still has to prove the password
    user = User.objects.get(pk=signed_up.pk)
    assert user.is_active and user.email_verified_at is not None
    assert user.has_role(Role.PEMOHON)
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="accounts.user.email_verified",
                                     to_state="aktif").exists()


def test_second_click_on_link_changes_nothing_and_does_not_log_in(client, signed_up, mailoutbox):
    path = verification_path(mailoutbox)
    client.get(path)
    verified_at = User.objects.get(pk=signed_up.pk).email_verified_at
    client.logout()
    response = client.get(path)
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert User.objects.get(pk=signed_up.pk).email_verified_at == verified_at


def test_expired_link_is_refused(client, signed_up):
    with time_machine.travel(timezone.now() - timedelta(days=3, minutes=1)):
        token = services.make_verification_token(signed_up)
    response = client.get(reverse("verify_email", args=[token]))
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    assert not User.objects.get(pk=signed_up.pk).is_active


def test_link_just_inside_three_days_still_works(client, signed_up):
    with time_machine.travel(timezone.now() - timedelta(days=2, hours=23)):
        token = services.make_verification_token(signed_up)
    client.get(reverse("verify_email", args=[token]))
    assert User.objects.get(pk=signed_up.pk).is_active


def test_forged_link_is_refused(client, signed_up, mailoutbox):
    path = verification_path(mailoutbox)
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(forged)
    assert response.status_code == 400
    assert "tidak valid" in response.content.decode()
    assert not User.objects.get(pk=signed_up.pk).is_active


def test_link_for_another_address_is_refused(client, signed_up, mailoutbox):
    path = verification_path(mailoutbox)
    User.objects.filter(pk=signed_up.pk).update(email="lain@contoh.id")
    response = client.get(path)
    assert response.status_code == 400
    assert not User.objects.get(pk=signed_up.pk).is_active


def test_unverified_login_is_refused_with_resend_offer(client, signed_up):
    response = client.post(reverse("login"), {"username": "sari", "password": NEW_PASSWORD})
    html = response.content.decode()
    assert "belum diverifikasi" in html
    assert reverse("resend_verification") in html
    assert "_auth_user_id" not in client.session


def test_unverified_login_with_wrong_password_reveals_nothing(client, signed_up):
    response = client.post(reverse("login"), {"username": "sari", "password": "salah-sekali-123"})
    html = response.content.decode()
    assert "belum diverifikasi" not in html
    assert reverse("resend_verification") not in html


def test_staff_deactivated_account_gets_no_verification_offer(client):
    make_user(username="lama", is_active=False, last_login=timezone.now())
    response = client.post(reverse("login"), {"username": "lama", "password": PASSWORD})
    assert "belum diverifikasi" not in response.content.decode()


def test_resend_sends_a_fresh_link_that_works(client, signed_up, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("resend_verification"), {"email": "SARI@contoh.id"}, follow=True)
    assert "tautan verifikasi baru telah dikirim" in response.content.decode()
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["sari@contoh.id"]
    client.get(verification_path(mailoutbox))
    assert User.objects.get(pk=signed_up.pk).is_active


def test_resend_is_throttled_per_account(client, signed_up, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("resend_verification"), {"email": "sari@contoh.id"})
        client.post(reverse("resend_verification"), {"email": "sari@contoh.id"})
    assert len(mailoutbox) == 2  # the sign-up mail and one resend


def test_resend_for_unknown_or_verified_address_sends_nothing_and_says_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_user(email="aktif@contoh.id", email_verified_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("resend_verification"), {"email": "aktif@contoh.id"}, follow=True)
        unknown = client.post(reverse("resend_verification"), {"email": "siapa@contoh.id"}, follow=True)
    assert mailoutbox == []
    assert "tautan verifikasi baru telah dikirim" in known.content.decode()
    assert "tautan verifikasi baru telah dikirim" in unknown.content.decode()


def test_verified_applicant_can_log_in(client, signed_up, mailoutbox):
    client.get(verification_path(mailoutbox))
    client.logout()
    response = client.post(reverse("login"), {"username": "sari", "password": NEW_PASSWORD})
    assert response.url == reverse("dashboard")
    assert int(client.session["_auth_user_id"]) == signed_up.pk


def test_logged_in_user_visiting_signup_goes_to_dashboard(client):
    client.force_login(make_user(Role.PEMOHON))
    response = client.get(reverse("signup"))
    assert response.url == reverse("dashboard")


def test_verification_link_does_not_reveal_the_email(signed_up, mailoutbox):
    import base64
    import zlib

    path = verification_path(mailoutbox)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    payload = token.split(":")[0].lstrip(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if token.startswith("."):
        raw = zlib.decompress(raw)
    assert signed_up.email.encode() not in raw
    assert signed_up.email not in path
