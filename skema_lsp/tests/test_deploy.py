"""The production-like environment the README documents passes `check --deploy` with no warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-for-the-deploy-check-only-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
    "ALLOWED_HOSTS": "sertifikasi.lsp-renbang.id",
    "CSRF_TRUSTED_ORIGINS": "https://sertifikasi.lsp-renbang.id",
    "SITE_URL": "https://sertifikasi.lsp-renbang.id",
    "EMAIL_HOST": "smtp.lsp-renbang.id",
    "CACHE_URL": "redis://redis:6379/1",
}


def run_manage(*args, env_overrides):
    dropped = {"TESTING", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "WEB_NODES",
               "AWS_STORAGE_BUCKET_NAME"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def deploy_warnings(**changes) -> str:
    env = {**PRODUCTION_ENV, **changes}
    result = run_manage("check", "--deploy", env_overrides={k: v for k, v in env.items() if v is not None})
    return result.stdout + result.stderr


def test_check_deploy_warns_without_a_shared_cache():
    output = deploy_warnings(CACHE_URL=None)
    assert "skema_lsp.W001" in output and "CACHE_URL" in output


def test_check_deploy_warns_with_local_media_on_more_than_one_node():
    output = deploy_warnings(WEB_NODES="2")
    assert "skema_lsp.W002" in output and "AWS_STORAGE_BUCKET_NAME" in output
    assert "skema_lsp.W002" not in deploy_warnings(WEB_NODES="2", AWS_STORAGE_BUCKET_NAME="lsp-media")
    assert "skema_lsp.W002" not in deploy_warnings(WEB_NODES="1")


def test_production_mode_sets_secure_cookies_hsts_and_csp():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, 'unsafe-inline' in str(s.SECURE_CSP), s.SESSION_EXPIRE_AT_BROWSER_CLOSE]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DEBUG"}}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="skema_lsp.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "[true, true, true, 31536000, false, true]", result.stderr
