"""The production-like environment the README documents passes `check --deploy` with no warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]



def readme_production_env() -> dict[str, str]:
    """The environment block of the README's Production section, as written there."""
    section = (ROOT / "README.md").read_text().split("\n## Production", 1)[1]
    block = section.split("```", 2)[1]
    env = dict(line.split("=", 1) for line in block.strip().splitlines())
    assert env["SECRET_KEY"].startswith("<")  # a placeholder; the check needs a real one
    env["SECRET_KEY"] = "k3y-for-the-deploy-check-only-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1"
    assert env["MEDIA_ENCRYPTION_KEYS"].startswith("<")  # a placeholder too
    env["MEDIA_ENCRYPTION_KEYS"] = "ZGVwbG95LWNoZWNrLW9ubHktbWVkaWEta2V5LTAxMjM="
    assert env["CERTIFICATE_SIGNING_KEY"].startswith("<")
    env["CERTIFICATE_SIGNING_KEY"] = "cHJvZHVjdGlvbi1zaWduaW5nLWtleS0zMi1ieXRlcyE"
    return env


PRODUCTION_ENV = readme_production_env()


def run_manage(*args, env_overrides):
    dropped = {"TESTING", "DEBUG", "SECRET_KEY", "MEDIA_ENCRYPTION_KEYS", "CERTIFICATE_SIGNING_KEY",
               "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL",
               "TRUSTED_PROXIES", "WEB_NODES", "AWS_STORAGE_BUCKET_NAME"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_readme_production_set_names_the_proxy_and_cache_settings():
    assert {"DEBUG", "TRUSTED_PROXIES", "CACHE_URL", "CELERY_BROKER_URL", "DATABASE_URL"} <= set(PRODUCTION_ENV)
    assert PRODUCTION_ENV["CACHE_URL"].startswith("redis://")


def test_check_deploy_warns_when_the_rate_limit_cache_is_process_local():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CACHE_URL"}
    result = run_manage("check", "--deploy", env_overrides=env)
    assert "skema_lsp.W001" in result.stderr + result.stdout and "CACHE_URL" in result.stderr + result.stdout


def test_check_deploy_warns_with_local_media_on_more_than_one_node():
    def warnings(**changes) -> str:
        result = run_manage("check", "--deploy", env_overrides={**PRODUCTION_ENV, **changes})
        return result.stdout + result.stderr

    output = warnings(WEB_NODES="2", AWS_STORAGE_BUCKET_NAME="")
    assert "skema_lsp.W002" in output and "AWS_STORAGE_BUCKET_NAME" in output
    assert "skema_lsp.W002" not in warnings(WEB_NODES="2", AWS_STORAGE_BUCKET_NAME="lsp-media")
    assert "skema_lsp.W002" not in warnings(WEB_NODES="1", AWS_STORAGE_BUCKET_NAME="")


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


def test_check_deploy_refuses_site_url_left_at_its_loopback_default():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = run_manage("check", "--deploy", env_overrides=env)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr.strip().splitlines()[-1]
