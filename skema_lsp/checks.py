"""Deployment checks (`manage.py check --deploy`): what goes wrong only once production runs on
more than one process or node."""

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.utils.module_loading import import_string

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Rate limits live in the cache: a per-process cache gives every gunicorn worker its own count."""
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        return []
    return [checks.Warning(
        "Cache bawaan hanya berlaku per proses: batas laju verifikasi tidak dibagi antar-worker maupun antar-node.",
        hint="Isi CACHE_URL dengan Redis yang dipakai bersama semua node web (redis://host:6379/1).",
        id="skema_lsp.W001",
    )]


@checks.register(deploy=True)
def shared_media(app_configs, **kwargs):
    """A file uploaded to one node's disk is missing on every other node."""
    backend = import_string(settings.STORAGES["default"]["BACKEND"])
    if settings.WEB_NODES < 2 or not issubclass(backend, FileSystemStorage):
        return []
    return [checks.Warning(
        f"Berkas unggahan disimpan di disk lokal ({storages['default'].location}) padahal WEB_NODES="
        f"{settings.WEB_NODES}: berkas yang diunggah lewat satu node tidak terbaca di node lain.",
        hint="Isi AWS_STORAGE_BUCKET_NAME (dan AWS_S3_ENDPOINT_URL untuk S3 selain AWS) agar semua node "
             "memakai bucket media yang sama.",
        id="skema_lsp.W002",
    )]
