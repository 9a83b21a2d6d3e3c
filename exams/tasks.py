"""Thin tasks: look the row up, return quietly when it is gone, call a service."""

from celery import shared_task


@shared_task(name="exams.issue_sheet_pdf", ignore_result=True)
def issue_sheet_pdf_task(sheet_id: int) -> None:
    from exams.services import issue_sheet_pdf

    issue_sheet_pdf(sheet_id=sheet_id)


@shared_task(name="exams.issue_oral_pdf", ignore_result=True)
def issue_oral_pdf_task(record_id: int) -> None:
    from exams.services import issue_oral_pdf

    issue_oral_pdf(record_id=record_id)
