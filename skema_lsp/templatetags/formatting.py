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
