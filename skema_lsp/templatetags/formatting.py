"""Indonesian number formats that must not follow the visitor's language: a Rupiah amount is
always written Rp3.500.000 (dot as thousands separator), even when the page is shown in English."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

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
    from datetime import date, datetime

    from django.utils import timezone
    from django.utils.dates import MONTHS
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
        return f"{value.day} {MONTHS[value.month]} {value.year}"
    return date_format(value, "j F Y")


@register.filter
def waktu(value) -> str:
    """A moment in Asia/Jakarta time as "3 Des 2026 19.29" (Indonesian writes the time with a dot)."""
    from django.utils import timezone
    from django.utils.formats import date_format

    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "j M Y H.i")


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
