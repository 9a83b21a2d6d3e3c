"""Which pages speak English. The public pages an applicant reads before signing up (home, scheme
catalogue, certificate verification, sign-up and login) have a compiled English catalogue
(locale/en); every other page (staff work, the applicant's own case) stays Indonesian whatever the
language cookie says, so a page never mixes the two, and the language switch is offered only here."""

from django.urls import Resolver404, resolve
from django.utils.translation import gettext_noop

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
