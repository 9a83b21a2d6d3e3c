"""What `/healthz/` reports: every part a web node depends on, each on its own, checked with
short timeouts so the answer comes fast even while a part hangs. A part answers "ok", "error: <what
failed>", or how it runs without a server ("eager" broker, "local" per-process cache)."""

import functools
import os
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.storage import default_storage
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry

FAST = {"connect_timeout": 1, "read_timeout": 1, "retries": {"total_max_attempts": 1}}


def database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def cache_state() -> str:
    if not isinstance(caches["default"], RedisCache):
        return "local"  # per-process memory: nothing to reach, nothing shared (check --deploy warns)
    location = settings.CACHES["default"]["LOCATION"]
    return _redis_ping(location if isinstance(location, str) else location[0])


def broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        return "ok"
    return _redis_ping(settings.CELERY_BROKER_URL)


def _redis_ping(url: str) -> str:
    """One try, one second: the clients the app uses retry with back-off, which is right for work
    and wrong for a probe."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1, retry=Retry(NoBackoff(), 0))
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def storage() -> str:
    if hasattr(default_storage, "bucket_name"):
        probe = _s3_probe(default_storage.bucket_name, default_storage.endpoint_url)
        probe.connection.meta.client.head_bucket(Bucket=probe.bucket_name)
        return "ok"
    root = default_storage.location
    os.makedirs(root, exist_ok=True)
    if not os.access(root, os.W_OK | os.X_OK):
        raise PermissionError("media folder not writable")
    return "ok"


@functools.cache
def _s3_probe(bucket_name: str, endpoint_url: str | None):
    """The configured bucket seen through a client that gives up within a second or two."""
    from botocore.config import Config
    from storages.backends.s3 import S3Storage

    options = {**settings.STORAGES["default"].get("OPTIONS", {}), "bucket_name": bucket_name,
               "endpoint_url": endpoint_url}
    config = options.get("client_config") or Config()
    return S3Storage(**{**options, "client_config": config.merge(Config(**FAST))})


CHECKS: dict[str, Callable[[], str]] = {
    "database": database, "cache": cache_state, "broker": broker, "storage": storage,
}


def report() -> dict[str, str]:
    state = {}
    for part, check in CHECKS.items():
        try:
            state[part] = check()
        except Exception as exc:  # noqa: BLE001 - any failure of a part is that part's state, never a 500
            state[part] = f"error: {exc.__class__.__name__}"
    failing = [part for part, value in state.items() if value.startswith("error")]
    state["status"] = "degraded" if failing else "ok"
    return state
