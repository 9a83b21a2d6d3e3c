"""Thin tasks: look the row up, return quietly when it is gone, call a service."""

from celery import shared_task


@shared_task(name="surveillance.tasks.render_report")
def render_report_task(surveillance_id: int) -> None:
    from surveillance.models import Surveillance
    from surveillance.services import render_report

    surveillance = Surveillance.objects.filter(pk=surveillance_id).first()
    if surveillance is None or surveillance.report_pdf:
        return
    render_report(surveillance)
