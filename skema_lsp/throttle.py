"""Rate limits per client address (skema_lsp.net.client_ip), counted in Django's cache: Redis when
CACHE_URL is set, which production needs so every worker shares the count (deploy check
skema_lsp.W001). Without the cache they fail open: the pages they guard matter more."""

import logging
import time

from django.core.cache import cache
from redis.exceptions import RedisError

from skema_lsp.net import client_ip

logger = logging.getLogger(__name__)


def too_many(request, scope: str, *, limit: int, window: int) -> bool:
    """Count this request in a fixed window of `window` seconds; True once it is over `limit`."""
    key = f"rl:{scope}:{client_ip(request) or 'unknown'}:{int(time.time() // window)}"
    try:
        count = _count(key, window)
    except RedisError as exc:
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


def first_in(key: str, seconds: int) -> bool:
    """True for the first call with `key` in `seconds` (e.g. one mail per account per minute)."""
    try:
        return cache.add(f"once:{key}", True, seconds)
    except RedisError as exc:
        logger.warning("Batas %s tidak diperiksa, cache tidak tersedia: %s", key.split(":", 1)[0], exc)
        return True


def retry_after(window: int) -> str:
    return str(int(window - time.time() % window) + 1)
