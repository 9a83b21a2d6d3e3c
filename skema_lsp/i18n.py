"""Which pages speak English. The public pages an applicant reads before signing up (home, scheme
catalogue, certificate verification, sign-up and login) have a compiled English catalogue
(locale/en); every other page (staff work, the applicant's own case) stays Indonesian whatever the
language cookie says, so a page never mixes the two, and the language switch is offered only here."""

from django.urls import Resolver404, resolve
from django.utils.translation import gettext_noop, pgettext_lazy

TRANSLATED_PAGES = frozenset({
    "home", "schemes:list", "schemes:detail", "verification_search", "verification_detail", "verification_json",
    "login", "signup", "signup_done",
})

# Values shown on translated pages that come from code, not templates (choice labels, statuses), so
# makemessages finds them; templates translate them with {% translate value %}.
EXTRA_MESSAGES = [
    gettext_noop("berlaku"), gettext_noop("kedaluwarsa"), gettext_noop("dibekukan"), gettext_noop("dicabut"),
    gettext_noop("digantikan"), gettext_noop("Berlaku"), gettext_noop("Kedaluwarsa"), gettext_noop("Dibekukan"),
    gettext_noop("Dicabut"), gettext_noop("Digantikan"), gettext_noop("Klaster"), gettext_noop("Okupasi"),
    gettext_noop("KKNI"), gettext_noop("Hak pemohon (7.1)"), gettext_noop("Kewajiban pemegang sertifikat (7.2)"),
    gettext_noop("Kode etik (9.10)"),
]


def page_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


def is_translated(path: str) -> bool:
    return page_name(path) in TRANSLATED_PAGES

# Choice labels quoted in emails to applicants and holders (templates translate them with
# {% translate obj.get_x_display %}, services with gettext_lazy); kept here so makemessages finds them.
EMAIL_MESSAGES = [
    gettext_noop("Kompeten"), gettext_noop("Belum Kompeten"),
    gettext_noop("9.5.1 a. Melanggar ketentuan pemegang sertifikat"),
    gettext_noop("9.5.1 b. Melanggar ketentuan disiplin peserta uji kompetensi"),
    gettext_noop("9.5.1 c. Menyalahgunakan kewenangan yang telah diberikan"),
    gettext_noop("9.5.1 d. Mencemarkan nama baik LSP yang dapat merugikan LSP"),
    gettext_noop("Kompetensi terpelihara"), gettext_noop("Kompetensi tidak terpelihara"),
    gettext_noop("Tidak ada tindak lanjut"), gettext_noop("Pembinaan / surveilan tambahan"),
    gettext_noop("Pembekuan sertifikat"),
    gettext_noop("Dikabulkan"), gettext_noop("Ditolak"),
    gettext_noop("Asesmen ulang oleh asesor lain"), gettext_noop("Keputusan sertifikasi dikoreksi"),
    gettext_noop("Terbukti"), gettext_noop("Tidak terbukti"), gettext_noop("Di luar lingkup LSP"),
    gettext_noop("Pemegang sertifikat"), gettext_noop("LSP (layanan, proses, personel)"),
    gettext_noop("Koreksi data yang salah"), gettext_noop("Pembatasan pemrosesan data"),
    # A data subject's request is granted or refused, not upheld (the appeal's sense of "Dikabulkan").
    pgettext_lazy("permintaan data pribadi", "Dikabulkan"), pgettext_lazy("permintaan data pribadi", "Ditolak"),
]
