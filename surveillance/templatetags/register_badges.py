"""The holders register's status badge as a tag (one {% include %} per row was the dearest cell)."""

from django import template
from django.utils.html import format_html

register = template.Library()

CLASSES = {"berlaku": "bg-success", "kedaluwarsa": "bg-secondary", "dibekukan": "bg-warning text-dark"}


@register.simple_tag
def register_badge(status: str, label) -> str:
    return format_html('<span class="badge status-badge {}">{}</span>', CLASSES.get(status, "bg-danger"), label)
