"""skema_lsp settings: one module, every deployment value from the environment.

A value that is wrong stops start-up with ImproperlyConfigured naming the variable.
"""

import base64
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} harus bernilai true/false, bukan {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} harus berupa bilangan bulat, bukan {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    entries = env_list(name, [])
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {entry!r} bukan alamat IP atau blok CIDR.") from None
    return entries


DEBUG = env_bool("DEBUG", False)
# The test suite's switch (make test sets it). It relaxes nothing by itself: every development-only
# default below hangs on DEBUG, and a DEBUG-off deployment refuses it outright.
TESTING = env_bool("TESTING", False)
if TESTING and not DEBUG:
    raise ImproperlyConfigured(
        "TESTING=true hanya untuk menjalankan pengujian dan membutuhkan DEBUG=true; "
        "hapus TESTING dari lingkungan server."
    )

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY wajib diisi bila DEBUG mati.")
    SECRET_KEY = "dev-only-insecure-key-skema-lsp-do-not-use-in-production"
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY terlalu pendek (minimal 50 karakter) bila DEBUG mati.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Proxies whose X-Forwarded-For is believed (skema_lsp.net.client_ip); empty: the peer address is the client.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
# Every link in an e-mail and every QR code starts with SITE_URL: a deployment must set it (the
# loopback default would print unreachable links on certificates).
if not os.environ.get("SITE_URL") and not DEBUG:
    raise ImproperlyConfigured("SITE_URL wajib diisi bila DEBUG mati (alamat publik, mis. https://sertifikasi.lsp.id).")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL harus diawali http:// atau https://, bukan {SITE_URL!r}.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "skema_lsp",
    "accounts",
    "schemes",
    "registration",
    "assessment",
    "exams",
    "decisions",
    "surveillance",
    "appeals",
    "complaints",
]

MIDDLEWARE = [
    "skema_lsp.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "skema_lsp.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "skema_lsp.urls"
WSGI_APPLICATION = "skema_lsp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "skema_lsp.context_processors.navigation",
                "skema_lsp.context_processors.language_switch",
            ],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL; without it a SQLite file for the demo.
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url,
                conn_max_age=env_int("CONN_MAX_AGE", 600),
                conn_health_checks=True,
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL tidak valid: {exc}") from None
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        # A database that does not answer fails the request (and /healthz/) in seconds, not minutes.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
    # The demo's SQLite builds the reminder sweep's covering indexes without their INCLUDE columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): lock a username+IP pair after repeated failures, and an IP after
# failures across usernames (accounts.lockout). The IP is skema_lsp.net.client_ip's.
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "skema_lsp.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration_lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are private: no MEDIA_URL is served; files go out only through permission-checked views,
# which stream them (from local disk, or from an S3-compatible bucket whose objects stay private).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    from skema_lsp.storage import s3_storage

    _media_storage = s3_storage(AWS_STORAGE_BUCKET_NAME, endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                                region_name=os.environ.get("AWS_S3_REGION_NAME") or None)
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Identity files (KTP scans, photos) and data exports are encrypted at rest (skema_lsp/crypto.py):
# comma-separated Fernet keys, the first encrypts, all decrypt. A deployment must set it; a
# development machine uses a fixed key that protects nothing.
_media_keys = os.environ.get("MEDIA_ENCRYPTION_KEYS", "")
if not _media_keys:
    if not DEBUG:
        raise ImproperlyConfigured(
            "MEDIA_ENCRYPTION_KEYS wajib diisi bila DEBUG mati (kunci Fernet, buat dengan: python -c "
            "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
        )
    _media_keys = "ZGV2LW9ubHktbWVkaWEta2V5LXNrZW1hLWxzcC0wMDA="  # development only
try:
    from skema_lsp.crypto import check_keys

    MEDIA_ENCRYPTION_KEYS = check_keys(_media_keys)
except ValueError as exc:
    raise ImproperlyConfigured(f"MEDIA_ENCRYPTION_KEYS tidak valid: {exc}.") from None
# How many web nodes serve this deployment: with more than one, media must not be on local disk.
WEB_NODES = env_int("WEB_NODES", 1)
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The fonts are for WeasyPrint (read from disk, never sent to browsers) and the source maps are for
# developers: brotli-compressing them made collectstatic take most of a minute.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "woff", "woff2", "ttf", "map",
]
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email (Django 6.1 mailers): console unless EMAIL_HOST is set.
_email_host = os.environ.get("EMAIL_HOST", "")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LSP Renbang <noreply@lsp-renbang.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker, tasks run inline (the demo needs no Redis).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "memory://")):
    raise ImproperlyConfigured(f"CELERY_BROKER_URL harus berupa URL redis://, bukan {CELERY_BROKER_URL!r}.")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# No task may hold a worker forever: a stuck one is interrupted, then its process replaced.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING below, one line per event
REMINDER_SWEEP_SECONDS = env_int("REMINDER_SWEEP_SECONDS", 15 * 60)
if REMINDER_SWEEP_SECONDS < 1:
    raise ImproperlyConfigured(f"REMINDER_SWEEP_SECONDS harus positif, bukan {REMINDER_SWEEP_SECONDS}.")
CELERY_BEAT_SCHEDULE = {
    # Expires before the next run so sweeps do not pile up while no worker is running.
    "reminder-sweep": {
        "task": "skema_lsp.tasks.sweep", "schedule": REMINDER_SWEEP_SECONDS,
        "options": {"expires": REMINDER_SWEEP_SECONDS * 0.9},
    },
    # Identity files whose retention period ended are destroyed once a day (registration/retention.py).
    "personal-file-retention": {
        "task": "registration.destroy_expired_personal_files", "schedule": 24 * 60 * 60,
        "options": {"expires": 23 * 60 * 60},
    },
}
# Retention of KTP scans and photos after their purpose ends: the scheme's certification cycle plus
# PERSONAL_ID_RETENTION_EXTRA_MONTHS, or PERSONAL_ID_RETENTION_MONTHS in total when set.
PERSONAL_ID_RETENTION_EXTRA_MONTHS = env_int("PERSONAL_ID_RETENTION_EXTRA_MONTHS", 12)
PERSONAL_ID_RETENTION_MONTHS = (env_int("PERSONAL_ID_RETENTION_MONTHS", 0)
                                if os.environ.get("PERSONAL_ID_RETENTION_MONTHS") else None)
if PERSONAL_ID_RETENTION_EXTRA_MONTHS < 0 or (PERSONAL_ID_RETENTION_MONTHS is not None
                                              and PERSONAL_ID_RETENTION_MONTHS < 1):
    raise ImproperlyConfigured("PERSONAL_ID_RETENTION_MONTHS harus positif dan "
                               "PERSONAL_ID_RETENTION_EXTRA_MONTHS tidak boleh negatif.")

CACHES = {
    # Short socket timeouts: a cache that hangs must not hang the pages that fail open without it.
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"],
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Content Security Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the nodes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Business defaults (per-scheme values live on the Scheme model).
APPEAL_PANEL_MIN_SIZE = env_int("APPEAL_PANEL_MIN_SIZE", 3)
DECISION_QUORUM = env_int("DECISION_QUORUM", 2)
SK_NUMBER_FORMAT = os.environ.get("SK_NUMBER_FORMAT", "SK/{seq:03d}/LSP-RENBANG/{month_roman}/{year}")
CERTIFICATE_NUMBER_FORMAT = os.environ.get(
    "CERTIFICATE_NUMBER_FORMAT", "RENBANG/{scheme_type}/{scheme_serial}/{year}/{seq:05d}"
)
if "{scheme_pk" in CERTIFICATE_NUMBER_FORMAT:
    raise ImproperlyConfigured("CERTIFICATE_NUMBER_FORMAT tidak boleh memuat kunci basis data ({scheme_pk}).")
# The signatory's title when their account records none (accounts.User.position); the LSP's name follows it.
CERTIFICATE_SIGNATORY_TITLE = os.environ.get("CERTIFICATE_SIGNATORY_TITLE", "Direktur")
# The LSP's BNSP licence, printed on every certificate.
LSP_LICENCE_NUMBER = os.environ.get("LSP_LICENCE_NUMBER", "BNSP-LSP-1234-ID")
# Ed25519 private key that signs the statement in each certificate's QR: 32 bytes, base64url (see
# README "Tanda tangan QR"). Development uses a published, worthless key; a deployment must set its own.
_DEV_SIGNING_KEY = "ZGV2LW9ubHktc2tlbWEtbHNwLXFyLWtleS0zMmJ5dGU="
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
if not CERTIFICATE_SIGNING_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY wajib diisi bila DEBUG mati "
                                   "(python manage.py certificate_key --generate).")
    CERTIFICATE_SIGNING_KEY = _DEV_SIGNING_KEY
elif not DEBUG and CERTIFICATE_SIGNING_KEY == _DEV_SIGNING_KEY:
    raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY masih kunci pengembangan; buat kunci sendiri.")
try:
    if len(base64.urlsafe_b64decode(CERTIFICATE_SIGNING_KEY + "=" * (-len(CERTIFICATE_SIGNING_KEY) % 4))) != 32:
        raise ValueError
except ValueError:
    raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY harus 32 bita dalam base64url.") from None
VERIFICATION_RATE_LIMIT = env_int("VERIFICATION_RATE_LIMIT", 60)  # requests per client per window
VERIFICATION_RATE_WINDOW = env_int("VERIFICATION_RATE_WINDOW", 60)  # seconds
# Lifetime of a public verification answer in the cache; every change deletes it at once anyway.
VERIFICATION_CACHE_SECONDS = env_int("VERIFICATION_CACHE_SECONDS", 300)
SIGNUP_RATE_LIMIT = env_int("SIGNUP_RATE_LIMIT", 10)  # sign-up attempts per client address per window
SIGNUP_RATE_WINDOW = env_int("SIGNUP_RATE_WINDOW", 60 * 60)  # seconds
COMPLAINT_RATE_LIMIT = env_int("COMPLAINT_RATE_LIMIT", 10)  # complaint filings and lookups per client per window
COMPLAINT_RATE_WINDOW = env_int("COMPLAINT_RATE_WINDOW", 60 * 60)  # seconds
COMPLAINT_WORKING_DAYS = env_int("COMPLAINT_WORKING_DAYS", 14)  # a complaint is closed within N working days
SUSPENSION_REMEDIATION_DAYS = env_int("SUSPENSION_REMEDIATION_DAYS", 30)  # default days to remedy a suspension
LSP_NAME = os.environ.get("LSP_NAME", "LSP Perencanaan Pembangunan Indonesia")
LSP_CITY = os.environ.get("LSP_CITY", "Jakarta")  # "Ditetapkan di" on the SK
# Competency test schedules (exams): at most this many candidates per assessor of a schedule.
EXAM_CANDIDATES_PER_ASSESSOR = env_int("EXAM_CANDIDATES_PER_ASSESSOR", 10)
if EXAM_CANDIDATES_PER_ASSESSOR < 1:
    raise ImproperlyConfigured("EXAM_CANDIDATES_PER_ASSESSOR harus minimal 1.")
# How to pay the scheme fee (clause 8), shown on the invoice page and in its e-mail.
PAYMENT_DUE_DAYS = env_int("PAYMENT_DUE_DAYS", 14)  # calendar days after the invoice (at submission)
PAYMENT_BANK = os.environ.get("PAYMENT_BANK", "Bank Mandiri KCP Jakarta Bappenas")
PAYMENT_ACCOUNT_NUMBER = os.environ.get("PAYMENT_ACCOUNT_NUMBER", "123-00-0987654-3")
PAYMENT_ACCOUNT_NAME = os.environ.get("PAYMENT_ACCOUNT_NAME", LSP_NAME)
# The SK's "Mengingat": its legal basis, items separated by ";".
SK_LEGAL_BASIS = [item.strip() for item in os.environ.get("SK_LEGAL_BASIS", ";".join([
    "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan",
    "Peraturan Pemerintah Nomor 31 Tahun 2006 tentang Sistem Pelatihan Kerja Nasional",
    "Peraturan Pemerintah Nomor 10 Tahun 2018 tentang Badan Nasional Sertifikasi Profesi",
    "Lisensi Badan Nasional Sertifikasi Profesi kepada LSP Perencanaan Pembangunan Indonesia",
])).split(";") if item.strip()]

# One line per event, each with the request id (skema_lsp/logs.py): JSON unless DEBUG (LOG_FORMAT).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT harus json atau text, bukan {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "skema_lsp.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Error reporting (optional): unhandled errors of web requests and Celery tasks, without personal data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.utils import BadDsn

    try:
        sentry_sdk.init(
            dsn=SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
            send_default_pii=False, traces_sample_rate=0,
        )
    except BadDsn as exc:
        raise ImproperlyConfigured(f"SENTRY_DSN tidak valid: {exc}") from None
