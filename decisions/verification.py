"""What public verification answers (contract surface 4), served from one cache entry per code.

The entry is deleted on commit of every change to the certificate (suspend, reinstate, revoke,
reissue, expiry run, any save) and of every change to its holder's consent to be named, so a page
never shows a status older than the last committed change; it also carries the day it was computed
for, so the date-driven expiry (kedaluwarsa) needs no task. A short lifetime bounds what a reader
racing a writer could leave behind. Without the cache (Redis down) it answers from the database."""

import logging
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from redis.exceptions import RedisError

from decisions import queries
from decisions.models import Certificate

logger = logging.getLogger(__name__)

NAME_WITHHELD = gettext_noop("atas permintaan pemegang")


def public_payload(certificate: Certificate, today: date | None = None) -> dict:
    """The keys of contract surface 4; nothing private (no NIK, photo, scores). The name only with
    the holder's consent (`name_public` from queries.public_certificates): without it `nama` is
    null and `nama_disembunyikan` says why. Once BNSP's registration number is recorded it is added
    as `nomor_registrasi_bnsp` (absent before, so the contract's keys are unchanged until then)."""
    payload = {
        "nomor": certificate.number,
        "nama": certificate.holder_name if certificate.name_public else None,
        "skema": certificate.scheme_name,
        "tanggal_terbit": certificate.issued_on.isoformat(),
        "berlaku_sampai": certificate.valid_until.isoformat(),
        "status": certificate.effective_status(today),
        "alasan": certificate.public_reason(today),
    }
    if not certificate.name_public:
        payload["nama_disembunyikan"] = gettext(NAME_WITHHELD)
    if certificate.bnsp_number:
        payload["nomor_registrasi_bnsp"] = certificate.bnsp_number
    return payload


def _key(code: str, language: str | None = None) -> str:
    """One entry per code and language: the human texts (alasan, nama_disembunyikan) are translated
    on the English page (skema_lsp/i18n.py)."""
    return f"verifikasi:v3:{language or get_language() or settings.LANGUAGE_CODE}:{code}"


def public_answer(code: str) -> dict | None:
    """{"payload": ..., "label": ...} for a public code, or None when no certificate has it."""
    today = timezone.localdate()
    try:
        cached = cache.get(_key(code))
    except RedisError as exc:
        logger.warning("Cache verifikasi tidak tersedia, dijawab dari basis data: %s", exc)
        cached = None
    if cached and cached.get("hari") == today.isoformat():
        return cached
    certificate = queries.public_certificates().filter(public_code=code).first()
    if certificate is None:
        return None
    answer = {"hari": today.isoformat(), "payload": public_payload(certificate, today),
              "label": certificate.effective_status_label(today), "bnsp": certificate.bnsp_number}
    try:
        cache.set(_key(code), answer, settings.VERIFICATION_CACHE_SECONDS)
    except RedisError:
        pass  # logged on the read above
    return answer


def _page_key(code: str, language: str | None = None) -> str:
    """The rendered public page of a code (decisions.views.verification_detail), per language."""
    return f"verifikasi-halaman:v1:{language or get_language() or settings.LANGUAGE_CODE}:{code}"


def cached_page(code: str, today: date) -> str | None:
    """The page body rendered for an anonymous visitor today, or None (not cached, another day, or
    the cache is down: the caller renders it)."""
    try:
        cached = cache.get(_page_key(code))
    except RedisError:
        return None  # public_answer logs the outage
    if cached and cached[0] == today.isoformat():
        return cached[1]
    return None


def keep_page(code: str, today: date, body: str) -> None:
    try:
        cache.set(_page_key(code), (today.isoformat(), body), settings.VERIFICATION_CACHE_SECONDS)
    except RedisError:
        pass


def forget(*codes: str) -> None:
    """Delete the entries (answer and rendered page, every language) of these codes now and again
    once the current transaction commits (a reader between the two could have cached what the
    transaction was about to change)."""
    keys = [key(code, language) for code in codes if code for language, _ in settings.LANGUAGES
            for key in (_key, _page_key)]
    if keys:
        _delete(keys)
        transaction.on_commit(lambda: _delete(keys))


def _delete(keys: list[str]) -> None:
    try:
        cache.delete_many(keys)
    except RedisError as exc:
        logger.warning("Cache verifikasi tidak dapat dihapus: %s", exc)


def certificate_changed(sender, instance: Certificate, **kwargs) -> None:
    forget(instance.public_code)


def consent_changed(sender, instance, **kwargs) -> None:
    forget(*Certificate.objects.filter(holder_id=instance.user_id).values_list("public_code", flat=True))
