"""Thin Celery tasks: the daily destruction of identity files past their retention period."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="registration.destroy_expired_personal_files", ignore_result=True)
def destroy_expired_personal_files() -> None:
    from registration.retention import destroy_expired

    destroyed = destroy_expired()
    logger.info("retention: %d identity files destroyed", len(destroyed))
