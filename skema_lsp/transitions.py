"""One way to move a status: lock the row, check the move against the model's table, apply the
extra changes, save, and write the audit row, all in the caller's transaction.

A model that moves through it declares its table next to its Status enum:

    TRANSITIONS = {Status.DRAFT: {Status.SUBMITTED}, Status.SUBMITTED: {Status.ACCEPTED, ...}}

Side effects (emails, tasks) belong to the calling service, enqueued with transaction.on_commit.
"""

from typing import Any

from django.db import models, transaction

from skema_lsp import audit
from skema_lsp.errors import DomainError


def refusal(obj: models.Model, to: str) -> str:
    status = type(obj).Status
    return f"Tidak dapat mengubah status dari '{obj.get_status_display()}' ke '{status(to).label}'."


def transition[M: models.Model](
    obj: M,
    to: str,
    *,
    by,
    action: str,
    changes: dict[str, Any] | None = None,
    error: type[DomainError] = DomainError,
    **details: Any,
) -> M:
    """Move `obj` to status `to` if its model's TRANSITIONS allow it from the locked row's status.

    Returns the locked, saved row; the caller's instance gets the same status and changes, so a view
    holding it shows the new state. Raises `error` (a DomainError) when the move is not allowed."""
    model = type(obj)
    changes = dict(changes or {})
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        if to not in model.TRANSITIONS.get(locked.status, ()):
            raise error(refusal(locked, to))
        from_state = locked.status
        for target in (locked, obj):
            target.status = to
            for field, value in changes.items():
                setattr(target, field, value)
        fields = ["status", *changes]
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            fields.append("updated_at")
        locked.save(update_fields=fields)
        audit.record(obj=locked, action=action, by=by, from_state=from_state, to_state=to, **details)
    return locked
