"""Security baseline across the product (issue 9). Per-response checks (CSP on every HTML page, NIK
never in full for non-staff, downloads with Content-Disposition and nosniff) run inside the
permission matrix over every page and persona: tests/test_permission_matrix.py. `check --deploy`
and secure cookies: skema_lsp/tests/test_deploy.py."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from skema_lsp import audit
from skema_lsp.models import AuditEntry
from tests.urlwalk import all_routes

ROOT = Path(settings.BASE_DIR)


# --- login throttling ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_locks_after_five_failures_with_indonesian_page(client, settings):
    settings.AXES_ENABLED = True
    user = make_user(Role.PEMOHON)
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": user.username, "password": "salah-sandi"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(url, {"username": user.username, "password": "salah-sandi"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    # Locked: even the right password is refused now, and no session is opened.
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert response["Content-Security-Policy"]


@pytest.mark.django_db
def test_lockout_is_per_user_another_account_still_logs_in(client, settings):
    settings.AXES_ENABLED = True
    locked, other = make_user(Role.PEMOHON), make_user(Role.PEMOHON)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": locked.username, "password": "salah"})
    response = client.post(reverse("login"), {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_failures_lock_the_username_only_at_that_address(client, settings):
    settings.AXES_ENABLED = True
    user = make_user(Role.DIREKTUR)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "salah"}, REMOTE_ADDR="203.0.113.5")
    locked = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                         REMOTE_ADDR="203.0.113.5")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                           REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_password_spraying_from_one_address_locks_that_address_for_every_username(client, settings):
    settings.AXES_ENABLED = True
    users = [make_user(Role.PEMOHON) for _ in range(12)]
    codes = [client.post(reverse("login"), {"username": user.username, "password": "Rahasia-2026"},
                         REMOTE_ADDR="203.0.113.5").status_code for user in users]
    limit = settings.AXES_IP_FAILURE_LIMIT
    assert codes[:limit - 1] == [200] * (limit - 1) and set(codes[limit - 1:]) == {429}
    # Even a right password is refused from that address; the same account elsewhere is not.
    spared = users[-1]
    refused = client.post(reverse("login"), {"username": spared.username, "password": PASSWORD},
                          REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    response = client.post(reverse("login"), {"username": spared.username, "password": PASSWORD},
                           REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(spared.pk)


@pytest.mark.django_db
def test_a_few_failures_across_usernames_do_not_lock_the_address(client, settings):
    settings.AXES_ENABLED = True
    users = [make_user(Role.PEMOHON) for _ in range(settings.AXES_IP_FAILURE_LIMIT)]
    for user in users[:-1]:
        client.post(reverse("login"), {"username": user.username, "password": "salah"}, REMOTE_ADDR="203.0.113.5")
    response = client.post(reverse("login"), {"username": users[-1].username, "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(users[-1].pk)


PROXY = "10.0.0.2"


def login_via_proxy(client, username: str, password: str, client_address: str):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_failures_from_one_client_do_not_lock_the_director_out_elsewhere(client, settings):
    settings.AXES_ENABLED, settings.TRUSTED_PROXIES = True, [PROXY]
    director = make_user(Role.DIREKTUR)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_via_proxy(client, director.username, "salah-sandi", "203.0.113.5")
    assert login_via_proxy(client, director.username, PASSWORD, "203.0.113.5").status_code == 429
    response = login_via_proxy(client, director.username, PASSWORD, "198.51.100.7")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(director.pk)


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_forwarded_header_does_not_escape_the_lockout(client, settings):
    settings.AXES_ENABLED, settings.TRUSTED_PROXIES = True, []
    user = make_user(Role.PEMOHON)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "salah"},
                    REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429 and "_auth_user_id" not in client.session


# --- templates: nothing the CSP would block ---------------------------------------------------------

SCRIPT_WITH_BODY = re.compile(r"<script\b[^>]*>\s*(?!</script)\S", re.IGNORECASE)
SCRIPT_WITHOUT_SRC = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def _templates() -> list[Path]:
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(p for d in dirs for p in d.rglob("*.html") if ".venv" not in p.parts)


def test_templates_are_found():
    names = {p.name for p in _templates()}
    assert {"base.html", "detail.html", "my_data.html"} <= names


@pytest.mark.parametrize("pattern", [SCRIPT_WITH_BODY, SCRIPT_WITHOUT_SRC, STYLE_ELEMENT, STYLE_ATTRIBUTE,
                                     EVENT_HANDLER], ids=["script-body", "script-no-src", "style", "style-attr",
                                                          "on-handler"])
def test_no_template_has_inline_script_or_style(pattern):
    offenders = [f"{p.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 1}"
                 for p in _templates() for text in [p.read_text()] for m in pattern.finditer(text)]
    assert offenders == []


def test_csp_setting_allows_no_inline_code():
    policy = str(settings.SECURE_CSP)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert settings.SECURE_CSP["script-src"] and settings.SECURE_CSP["style-src"]


# --- personal data never in URLs ---------------------------------------------------------------------


def test_no_url_carries_nik_or_email():
    suspicious = re.compile(r"nik|email|mail|ktp|phone|telepon|hp", re.IGNORECASE)
    named = [(r.name, k) for r in all_routes() for k, _ in r.converters if suspicious.search(k)]
    assert named == []


# --- session and passwords ------------------------------------------------------------------------------


def test_session_expires_and_password_rules_apply():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
    validators = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator",
            "UserAttributeSimilarityValidator"} <= validators


@pytest.mark.django_db
def test_signup_refuses_a_common_password(client):
    response = client.post(reverse("signup"), {
        "username": "calon_baru", "email": "calon@contoh.id", "full_name": "Calon Baru",
        "password1": "password123", "password2": "password123", "consent": "on",
    })
    assert response.status_code == 200 and response.context["form"].errors.get("password2")
    assert not User.objects.filter(username="calon_baru").exists()


# --- audit rows are append-only ------------------------------------------------------------------------


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_deleted_in_admin_or_orm():
    superuser = make_user(is_superuser=True, is_staff=True)
    entry = audit.record(obj=superuser, action="uji", to_state="x")
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="diubah")
    with pytest.raises(PermissionError):
        entry.delete()
    entry.action = "diubah"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "uji"


@pytest.mark.django_db
def test_admin_refuses_audit_change_and_delete_pages(client):
    superuser = make_user(is_superuser=True, is_staff=True)
    entry = audit.record(obj=superuser, action="uji")
    client.force_login(superuser)
    change = reverse("admin:skema_lsp_auditentry_change", args=[entry.pk])
    delete = reverse("admin:skema_lsp_auditentry_delete", args=[entry.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only view
    assert client.post(change, {"action": "diubah"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk, action="uji").exists()
