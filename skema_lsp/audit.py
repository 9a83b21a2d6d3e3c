"""One helper to write an audit row inside the caller's transaction, and the readable names of
what was recorded (skema_lsp/audit_labels.py holds the one table of labels)."""

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from skema_lsp.audit_labels import ACTION_LABELS
from skema_lsp.models import AuditEntry


def record(
    *, obj: models.Model, action: str, by=None, from_state: str = "", to_state: str = "", **details: Any
) -> AuditEntry:
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        # Round-trip through DjangoJSONEncoder so dates, Decimals and lazy strings are stored as text
        # instead of failing the caller's state change.
        details=json.loads(json.dumps(details, cls=DjangoJSONEncoder)),
    )


def timeline(*objs: models.Model):
    """Audit rows for the given objects, oldest first, with the actor loaded."""
    query = models.Q(pk__in=[])
    for obj in objs:
        query |= models.Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return AuditEntry.objects.filter(query).select_related("actor", "content_type").order_by("created_at", "pk")


def label(action: str) -> str:
    """The Indonesian label of an action name (tests keep the table complete; an unknown name is
    shown as a neutral phrase rather than as a code)."""
    return ACTION_LABELS.get(action, "Perubahan dicatat")


def state_label(entry: AuditEntry) -> str:
    """The label of the state the entry moved its object to, from that model's Status (or Result)
    choices; "" when the state is not one of them."""
    if not entry.to_state:
        return ""
    model = entry.content_type.model_class()
    for choices in ("Status", "Result"):
        labels = dict(getattr(getattr(model, choices, None), "choices", []))
        if entry.to_state in labels:
            return str(labels[entry.to_state])
    return ""
