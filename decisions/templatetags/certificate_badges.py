"""A certificate's status badge as a tag: one {% include %} per row cost a list page more than the
row's other cells together."""

from django import template
from django.utils.html import format_html

register = template.Library()

CLASSES = {"berlaku": "bg-success", "dibekukan": "bg-warning text-dark", "dicabut": "bg-danger"}


@register.simple_tag
def certificate_badge(status: str, label) -> str:
    """status: berlaku | kedaluwarsa | dibekukan | dicabut | digantikan; label: what it says."""
    return format_html('<span class="badge {}">{}</span>', CLASSES.get(status, "bg-secondary"), label)
