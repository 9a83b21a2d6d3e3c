"""System checks for a production deployment (`manage.py check --deploy`): what goes wrong only once
production runs on more than one process or node."""

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage, storages
from django.utils.module_loading import import_string

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


@register(deploy=True)
def media_shared_by_every_node(app_configs, **kwargs) -> list[CheckWarning]:
    """A file uploaded to one node's disk is missing on every other node."""
    backend = import_string(settings.STORAGES["default"]["BACKEND"])
    if settings.WEB_NODES < 2 or not issubclass(backend, FileSystemStorage):
        return []
    return [CheckWarning(
        f"Berkas unggahan disimpan di disk lokal ({storages['default'].location}) padahal WEB_NODES="
        f"{settings.WEB_NODES}: berkas yang diunggah lewat satu node tidak terbaca di node lain.",
        hint="Isi AWS_STORAGE_BUCKET_NAME (dan AWS_S3_ENDPOINT_URL untuk S3 selain AWS) agar semua node "
             "memakai bucket media yang sama.",
        id="skema_lsp.W002",
    )]
