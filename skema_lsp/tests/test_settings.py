"""Settings refuse wrong values at start-up with a message naming the variable."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

LONG_KEY = "k" * 60
SETUP = "import django; django.setup(); print('ok')"
CONTROLLED = {"DEBUG", "TESTING", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "SITE_URL", "EMAIL_HOST",
              "EMAIL_PORT", "CONN_MAX_AGE", "ALLOWED_HOSTS", "TRUSTED_PROXIES", "CACHE_URL", "AWS_STORAGE_BUCKET_NAME",
              "AWS_S3_ENDPOINT_URL", "SENTRY_DSN", "WEB_NODES", "LOG_FORMAT", "REMINDER_SWEEP_SECONDS",
              "DB_CONNECT_TIMEOUT", "MEDIA_ENCRYPTION_KEYS", "PERSONAL_ID_RETENTION_MONTHS",
              "PERSONAL_ID_RETENTION_EXTRA_MONTHS", "CERTIFICATE_SIGNING_KEY", "CERTIFICATE_NUMBER_FORMAT"}
MEDIA_KEY = "dGVzdC1vbmx5LW1lZGlhLWtleS0wMTIzNDU2Nzg5YWI="
SIGNING_KEY = "cHJvZHVjdGlvbi1zaWduaW5nLWtleS0zMi1ieXRlcyE"  # 32 bytes, base64url


def start(*, code: str = SETUP, **env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    env.update(DJANGO_SETTINGS_MODULE="skema_lsp.settings", **env_vars)
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(
    ("env_vars", "named"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "pendek"}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "true", "TESTING": "kadang"}, "TESTING"),
        # The test suite's switch cannot weaken a DEBUG-off deployment (secret key, HSTS, SSL redirect).
        ({"DEBUG": "false", "SECRET_KEY": LONG_KEY, "TESTING": "true"}, "TESTING"),
        ({"TESTING": "true"}, "TESTING"),
        ({"DEBUG": "true", "DATABASE_URL": "bukan-url"}, "DATABASE_URL"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://u@h:port/db"}, "DATABASE_URL"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://u@h/db", "CONN_MAX_AGE": "lama"}, "CONN_MAX_AGE"),
        ({"DEBUG": "true", "CELERY_BROKER_URL": "amqp://guest@localhost//"}, "CELERY_BROKER_URL"),
        ({"DEBUG": "true", "SITE_URL": "lsp-renbang.id"}, "SITE_URL"),
        ({"DEBUG": "false", "SECRET_KEY": LONG_KEY}, "SITE_URL"),  # left at its loopback default
        ({"DEBUG": "false", "SECRET_KEY": LONG_KEY, "SITE_URL": "https://lsp.example",
          "MEDIA_ENCRYPTION_KEYS": MEDIA_KEY}, "CERTIFICATE_SIGNING_KEY"),
        ({"DEBUG": "true", "CERTIFICATE_SIGNING_KEY": "pendek"}, "CERTIFICATE_SIGNING_KEY"),
        ({"DEBUG": "true", "TRUSTED_PROXIES": "10.0.0.2,proxy.lokal"}, "TRUSTED_PROXIES"),
        ({"DEBUG": "true", "EMAIL_HOST": "smtp.contoh.id", "EMAIL_PORT": "dua-lima"}, "EMAIL_PORT"),
        # Identity files are encrypted at rest: a deployment without the key does not start.
        ({"DEBUG": "false", "SECRET_KEY": LONG_KEY, "SITE_URL": "https://sertifikasi.lsp-renbang.id",
          "CERTIFICATE_SIGNING_KEY": SIGNING_KEY}, "MEDIA_ENCRYPTION_KEYS"),
        ({"DEBUG": "true", "MEDIA_ENCRYPTION_KEYS": "bukan-kunci"}, "MEDIA_ENCRYPTION_KEYS"),
        ({"DEBUG": "true", "PERSONAL_ID_RETENTION_MONTHS": "0"}, "PERSONAL_ID_RETENTION_MONTHS"),
    ],
    ids=lambda v: "-".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else v,
)
def test_bad_value_stops_start_up_naming_it(env_vars, named):
    result = start(**env_vars)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert named in last_line, last_line


@pytest.mark.parametrize(
    "env_vars",
    [
        {"DEBUG": "false", "SECRET_KEY": LONG_KEY, "SITE_URL": "https://sertifikasi.lsp-renbang.id",
         "MEDIA_ENCRYPTION_KEYS": MEDIA_KEY, "CERTIFICATE_SIGNING_KEY": SIGNING_KEY},
        {"DEBUG": "true"},
        {"DEBUG": "true", "MEDIA_ENCRYPTION_KEYS": f"{MEDIA_KEY},ZGV2LW9ubHktbWVkaWEta2V5LXNrZW1hLWxzcC0wMDA="},
        {"DEBUG": "true", "TESTING": "true"},
        {"DEBUG": "true", "TRUSTED_PROXIES": "10.0.0.2, 172.16.0.0/12, fd00::/8"},
        {"DEBUG": "true", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x", "CELERY_BROKER_URL": "redis://h:6379/1"},
    ],
)
def test_good_values_start(env_vars):
    result = start(**env_vars)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_postgres_connections_give_up_after_the_connect_timeout():
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['OPTIONS'])")
    default = start(code=code, DEBUG="true", DATABASE_URL="postgres://u@h/db")
    assert "'connect_timeout': 5" in default.stdout, default.stderr
    chosen = start(code=code, DEBUG="true", DATABASE_URL="postgres://u@h/db", DB_CONNECT_TIMEOUT="2")
    assert "'connect_timeout': 2" in chosen.stdout, chosen.stderr
