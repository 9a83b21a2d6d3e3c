"""An assessment's status badge as a tag (one {% include %} per row of the staff lists cost more
than the row's other cells)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def assessment_badge(assessment) -> str:
    status = assessment.status
    if status == "submitted":
        css = "bg-success"
    elif status in ("cancelled", "not_continued"):
        css = "bg-secondary"
    elif status == "testing":
        css = "bg-primary"
    else:
        css = "bg-warning text-dark"
    return format_html('<span class="badge {}">{}</span>', css, assessment.get_status_display())
