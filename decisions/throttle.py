"""A fixed-window rate limit per client address in Django's cache (Redis when CACHE_URL is set),
for the public verification pages."""

import time

from django.conf import settings
from django.core.cache import cache

from skema_lsp.net import client_ip


def too_many(request, scope: str = "verifikasi") -> bool:
    limit = getattr(settings, "VERIFICATION_RATE_LIMIT", 60)
    window = getattr(settings, "VERIFICATION_RATE_WINDOW", 60)
    client = client_ip(request) or "unknown"
    key = f"rl:{scope}:{client}:{int(time.time() // window)}"
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        count = 1
    return count > limit


def retry_after() -> str:
    window = getattr(settings, "VERIFICATION_RATE_WINDOW", 60)
    return str(int(window - time.time() % window) + 1)
