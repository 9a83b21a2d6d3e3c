"""Contract 7: /healthz/ answers 200 JSON with each part's state (database, cache, broker, storage),
fast even when a part hangs, and never a 500."""

import os
import socket
import time

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

PARTS = {"database", "cache", "broker", "storage", "status"}


@pytest.fixture
def broker_at(settings, monkeypatch):
    def point(url: str) -> None:
        monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery lets the variable win over settings
        settings.CELERY_BROKER_URL = url
    return point


@pytest.fixture
def redis_cache_at(settings):
    def point(url: str) -> None:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                       "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    return point


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers: a hung Redis or S3."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


def test_healthz_reports_every_part_separately_and_is_never_cached(client, settings):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.json()
    assert set(body) == PARTS
    assert body["database"] == "ok" and body["storage"] == "ok" and body["status"] == "ok"
    assert body["cache"] == "local"  # the tests' cache is per-process memory
    assert body["broker"] == ("ok" if settings.CELERY_BROKER_URL else "eager")


def test_healthz_without_broker_reports_eager(client, broker_at):
    broker_at("")
    assert client.get("/healthz/").json()["broker"] == "eager"


def test_healthz_with_broker_down_still_answers_degraded(client, broker_at):
    broker_at("redis://127.0.0.1:1/0")
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["broker"].startswith("error") and body["status"] == "degraded"


def test_healthz_with_redis_cache_up_reports_ok(client, redis_cache_at):
    redis_cache_at(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15")  # make test's Redis
    assert client.get("/healthz/").json()["cache"] == "ok"


def test_healthz_with_redis_cache_down_reports_the_cache_degraded(client, redis_cache_at):
    redis_cache_at("redis://127.0.0.1:1/0")
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["cache"] == "error: ConnectionError" and body["status"] == "degraded"
    assert body["database"] == "ok" and body["storage"] == "ok"


def test_healthz_with_database_down_answers_200_degraded(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["database"] == "error: OperationalError" and response.json()["status"] == "degraded"


def test_healthz_with_unusable_local_media_reports_storage(client, settings, tmp_path):
    (tmp_path / "disk").write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = tmp_path / "disk" / "media"
    body = client.get("/healthz/").json()
    assert body["storage"] == "error: NotADirectoryError" and body["status"] == "degraded"


def test_healthz_with_s3_media_checks_the_bucket(client, s3_media, settings):
    assert client.get("/healthz/").json()["storage"] == "ok"
    s3_media.delete_bucket(Bucket="skema-media")
    body = client.get("/healthz/").json()
    assert body["storage"] == "error: ClientError" and body["status"] == "degraded"


def test_healthz_answers_fast_while_cache_broker_and_storage_hang(client, settings, silent_port, broker_at,
                                                                 redis_cache_at, monkeypatch):
    from skema_lsp.storage import s3_storage

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    hung = f"127.0.0.1:{silent_port}"
    broker_at(f"redis://{hung}/0")
    redis_cache_at(f"redis://{hung}/1")
    settings.STORAGES = {**settings.STORAGES,
                         "default": s3_storage("media", endpoint_url=f"http://{hung}", region_name="us-east-1")}
    started = time.monotonic()
    response = client.get("/healthz/")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["status"] == "degraded"
    assert all(body[part].startswith("error") for part in ("cache", "broker", "storage")), body
    assert elapsed < 6, f"/healthz/ took {elapsed:.1f} s"


def test_healthz_is_not_redirected_to_https_for_load_balancer_probes(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz/").status_code == 200
