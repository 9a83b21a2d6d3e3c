"""Thin Celery tasks: take ids, look the row up, call a service."""

from celery import shared_task


@shared_task(name="accounts.produce_data_export", ignore_result=True)
def produce_data_export(export_id: int) -> None:
    from accounts.models import DataExportRequest
    from accounts.services import produce_data_export as produce

    export = DataExportRequest.objects.filter(pk=export_id).first()
    if export is not None:
        produce(export=export)
