"""Enqueue Celery tasks after commit without ever failing the user's action: when the broker is
down the error is logged and the work is left for the periodic sweep, which finds it from database
state."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> None:
    """Send `task` once the surrounding transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))


def enqueue_now(task, *args, **kwargs) -> bool:
    try:
        task.delay(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - kombu raises several types; none may undo the action
        logger.warning("broker unavailable, %s left for the sweep: %s", task.name, exc)
        return False
    return True
