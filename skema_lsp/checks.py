"""System checks for a production deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

# Backends every web worker and node sees alike; anything else counts per process.
SHARED_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}


@register(Tags.caches, deploy=True)
def rate_limits_need_a_shared_cache(app_configs, **kwargs) -> list[CheckWarning]:
    """Rate limits count in the cache: a process-local cache gives every gunicorn worker (and every
    node) its own count, so the real limit becomes the limit times the workers."""
    if settings.DEBUG or settings.CACHES["default"]["BACKEND"] in SHARED_CACHES:
        return []
    return [CheckWarning(
        "Cache bersifat lokal per proses: batas laju (verifikasi publik, pendaftaran) dihitung terpisah "
        "di setiap worker.",
        hint="Isi CACHE_URL dengan Redis, misalnya CACHE_URL=redis://redis:6379/1.",
        id="skema_lsp.W001",
    )]
