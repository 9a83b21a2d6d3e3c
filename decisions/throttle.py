"""A fixed-window rate limit per client address in Django's cache (Redis when CACHE_URL is set),
for the public verification pages."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from skema_lsp.net import client_ip

logger = logging.getLogger(__name__)


def too_many(request, scope: str = "verifikasi") -> bool:
    limit = getattr(settings, "VERIFICATION_RATE_LIMIT", 60)
    window = getattr(settings, "VERIFICATION_RATE_WINDOW", 60)
    client = client_ip(request) or "unknown"
    key = f"rl:{scope}:{client}:{int(time.time() // window)}"
    try:
        count = _count(key, window)
    except RedisError as exc:
        # The public pages matter more than their limit: without the cache, let the request through.
        logger.warning("Batas laju %s tidak diperiksa, cache tidak tersedia: %s", scope, exc)
        return False
    return count > limit


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        return 1


def retry_after() -> str:
    window = getattr(settings, "VERIFICATION_RATE_WINDOW", 60)
    return str(int(window - time.time() % window) + 1)
