"""Thin Celery tasks: take ids, look the row up, call a service."""

from celery import shared_task


# One certificate renders in well under a second; one that takes a minute is stuck, and the sweep's
# catch-up (render_missing_pdfs) renders it later.
@shared_task(name="decisions.render_certificate_pdf", ignore_result=True, soft_time_limit=60, time_limit=90)
def render_certificate_pdf_task(certificate_id: int) -> None:
    from decisions.services import render_certificate_pdf

    render_certificate_pdf(certificate_id=certificate_id)


@shared_task(name="decisions.render_missing_pdfs", ignore_result=True)
def render_missing_pdfs_task() -> None:
    from decisions.services import render_missing_pdfs

    render_missing_pdfs()
