from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Rp3.500.000 — Indonesian thousands separator, no decimals."""
    if value in (None, ""):
        return ""
    return "Rp" + f"{int(Decimal(value)):,}".replace(",", ".")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
