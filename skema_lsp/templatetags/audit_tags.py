"""Readable audit rows in templates: `{{ entry.action|audit_label }}`, `{{ entry|audit_state }}`."""

from django import template

from skema_lsp import audit

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return audit.label(action)


@register.filter
def audit_state(entry) -> str:
    return audit.state_label(entry)
