"""Indonesian number formats that must not follow the visitor's language: a Rupiah amount is
always written Rp3.500.000 (dot as thousands separator), even when the page is shown in English."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django import template
from django.utils.translation import get_language

from skema_lsp.urlcache import url_with_id

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """3500000 → "Rp3.500.000"; whole rupiah, rounded half up; empty for a missing value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,.0f}".replace(",", ".")


@register.filter
def tanggal(value) -> str:
    """A date (or an ISO date string, as in the public verification payload) as "25 November 2026";
    a moment is read in Asia/Jakarta time first."""
    from datetime import date

    from django.utils import timezone
    from django.utils.formats import date_format

    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not value:
        return ""
    if isinstance(value, date):  # date_format(value, "j F Y") without parsing the format each time (list pages)
        return f"{value.day} {_months(get_language())[value.month - 1]} {value.year}"
    return date_format(value, "j F Y")


@lru_cache(maxsize=8)
def _months(language: str | None) -> tuple[str, ...]:
    """The month names of a language, translated once (django.utils.dates.MONTHS are lazy: one
    gettext per date otherwise)."""
    from django.utils.dates import MONTHS

    return tuple(str(MONTHS[m]) for m in range(1, 13))


@lru_cache(maxsize=8)
def _months_short(language: str | None) -> tuple[str, ...]:
    """Date format "M" (django.utils.dateformat: MONTHS_3 title-cased), translated once."""
    from django.utils.dates import MONTHS_3

    return tuple(str(MONTHS_3[m]).title() for m in range(1, 13))


@register.filter
def waktu(value) -> str:
    """A moment in Asia/Jakarta time as "3 Des 2026 19.29" (Indonesian writes the time with a dot)."""
    from django.utils import timezone
    from django.utils.formats import date_format

    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, datetime):  # date_format(value, "j M Y H.i") without its per-call parsing
        return f"{value.day} {_months_short(get_language())[value.month - 1]} {value.year} {value:%H}.{value:%M}"
    return date_format(value, "j M Y H.i")


@register.simple_tag
def url_id(name: str, pk, *extra) -> str:
    """{% url name pk %} for a URL taking an integer id first, for list rows (skema_lsp.urlcache)."""
    return url_with_id(name, pk, *extra)


@register.filter
def hari_tanggal(value) -> str:
    """A date with its weekday: "Kamis, 3 Desember 2026"."""
    from django.utils.formats import date_format

    return f"{date_format(value, 'l')}, {tanggal(value)}" if value else ""


@register.filter
def ukuran(size) -> str:
    """A file size in bytes written the Indonesian way whatever the page's language: "850 B",
    "12,4 KB", "3,1 MB" (1 KB = 1024 B, one decimal, comma as decimal separator)."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return f"{size} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}".replace(".", ",")
    return ""


def _tanggal_lazy():
    from django.utils.functional import lazy

    return lazy(tanggal, str)


# For a subject built before the recipient's language is active (notify() and the reminder sweep
# render it in that language): the month name is written then.
tanggal_lazy = _tanggal_lazy()
