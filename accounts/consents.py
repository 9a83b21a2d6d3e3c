"""Consent per purpose (UU PDP 27/2022): the texts agreed to, and what a purpose being on or off means.

`komunikasi` off stops non-essential email only. Essential mail is everything about the person's
own process: decisions, documents, deadlines and status changes of their application, assessment,
certificate, surveillance or appeal, and account mail (verification, password). Non-essential mail
is a nudge or an offer the process does not need: the reminder about a draft left untouched and the
early invitations to recertify (6 and 3 months ahead; the 2-month deadline itself is essential).
The in-app notification is kept either way."""

from collections.abc import Iterable

from accounts.models import Consent

CONSENT_TEXT_VERSION = "2026.1"
CONSENT_TEXTS = {
    Consent.Purpose.SERTIFIKASI: (
        "Saya menyetujui LSP memproses data pribadi saya (identitas, pendidikan, pekerjaan, dokumen bukti) "
        "untuk keperluan proses sertifikasi kompetensi sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi."
    ),
    Consent.Purpose.VERIFIKASI_PUBLIK: (
        "Saya menyetujui nama dan status sertifikat saya ditampilkan pada halaman verifikasi publik sertifikat."
    ),
    Consent.Purpose.KOMUNIKASI: "Saya menyetujui menerima pemberitahuan proses sertifikasi melalui email.",
}


def active(user) -> set[str]:
    """The purposes the person's consent stands for today (any text version)."""
    return set(Consent.objects.filter(user=user, withdrawn_at__isnull=True).values_list("purpose", flat=True))


def email_allowed(user_ids: Iterable[int]) -> set[int]:
    """Of `user_ids`, those who may receive non-essential email: their `komunikasi` consent stands.
    One query whatever the number of people."""
    ids = set(user_ids)
    if not ids:
        return set()
    return set(Consent.objects.filter(user_id__in=ids, purpose=Consent.Purpose.KOMUNIKASI,
                                      withdrawn_at__isnull=True).values_list("user_id", flat=True))
