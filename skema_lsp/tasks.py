"""Thin Celery tasks: the periodic reminder sweep (beat schedule in settings) and a ping for checks."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="skema_lsp.tasks.sweep")
def sweep() -> dict:
    from skema_lsp.reminders import sweep as run_sweep

    result = run_sweep()
    logger.info("reminder sweep: %d sent, %d state moves", len(result.sent), len(result.moved))
    return {"sent": len(result.sent), "moved": len(result.moved)}


@shared_task(name="skema_lsp.tasks.ping")
def ping(value: str) -> str:
    return f"pong:{value}"
