"""Thin tasks: look the row up, return quietly when it is gone, call a service."""

from celery import shared_task


@shared_task(name="assessment.issue_documents", ignore_result=True)
def issue_documents_task(assessment_id: int) -> None:
    from assessment.services import issue_documents

    issue_documents(assessment_id=assessment_id)
