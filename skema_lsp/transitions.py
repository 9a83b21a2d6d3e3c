"""One way to move a status: lock the row, check the move against the model's table, apply the
extra changes, save, and write the audit row, all in the caller's transaction.

A model that moves through it declares its table next to its Status enum:

    TRANSITIONS = {Status.DRAFT: {Status.SUBMITTED}, Status.SUBMITTED: {Status.ACCEPTED, ...}}

Side effects (emails, tasks) belong to the calling service, enqueued with transaction.on_commit.
"""

from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from skema_lsp import audit
from skema_lsp.errors import DomainError


def refusal(obj: models.Model, to: str) -> str:
    status = type(obj).Status
    return f"Tidak dapat mengubah status dari '{obj.get_status_display()}' ke '{status(to).label}'."


def allows(obj: models.Model, to: str) -> bool:
    """Whether the model's table lets `obj` move from its status (as loaded) to `to`."""
    return to in type(obj).TRANSITIONS.get(obj.status, ())


def require_move(obj: models.Model, to: str, *, error: type[DomainError] = DomainError,
                 refused: Callable[[models.Model, str], str] = refusal) -> None:
    """Refuse early, before a service checks its other conditions, so the status speaks first."""
    if not allows(obj, to):
        raise error(refused(obj, to))


def transition[M: models.Model](
    obj: M,
    to: str,
    *,
    by,
    action: str,
    changes: dict[str, Any] | None = None,
    error: type[DomainError] = DomainError,
    refused: Callable[[models.Model, str], str] = refusal,
    record_on: models.Model | None = None,
    **details: Any,
) -> M:
    """Move `obj` to status `to` if its model's TRANSITIONS allow it from the locked row's status.

    Returns the locked, saved row; the caller's instance gets the same status and changes, so a view
    holding it shows the new state. Raises `error` (a DomainError) with the text `refused` gives when
    the move is not allowed. The audit row goes on `record_on` when the history is kept on a parent
    (a payment's moves show on its application's timeline)."""
    model = type(obj)
    changes = dict(changes or {})
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        require_move(locked, to, error=error, refused=refused)
        from_state = locked.status
        for target in (locked, obj):
            target.status = to
            for field, value in changes.items():
                setattr(target, field, value)
        fields = ["status", *changes]
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            fields.append("updated_at")
        locked.save(update_fields=fields)
        audit.record(obj=record_on or locked, action=action, by=by, from_state=from_state, to_state=to, **details)
    return locked
