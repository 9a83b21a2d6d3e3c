"""What surveillance holds about a holder (UU PDP export): each surveillance with its logbook,
confirmations and result, the report, and their recertification requests."""

from skema_lsp.privacy import fields
from skema_lsp.uploads import download_name
from surveillance.models import Confirmation, LogbookEntry, RecertificationRequest, Surveillance


def export(user) -> dict:
    rows = []
    for surveillance in Surveillance.objects.filter(certificate__holder=user).select_related("certificate"):
        rows.append({
            **fields(surveillance),
            "logbook": [fields(entry) for entry in surveillance.logbook.all()],
            "konfirmasi": [fields(c) for c in surveillance.confirmations.all()],
        })
    requests = RecertificationRequest.objects.filter(certificate__holder=user).select_related("certificate")
    return {"surveilan": rows, "sertifikasi_ulang": [fields(r) for r in requests]}


def files(user) -> list[tuple[str, object]]:
    out = []
    for surveillance in Surveillance.objects.filter(certificate__holder=user).exclude(report_pdf="").order_by("pk"):
        out.append((f"{surveillance.pk}/laporan.pdf", surveillance.report_pdf))
    for entry in LogbookEntry.objects.filter(surveillance__certificate__holder=user).exclude(attachment=""):
        name = download_name(entry.original_name, entry.content_type)
        out.append((f"{entry.surveillance_id}/logbook-{entry.pk}-{name}", entry.attachment))
    for confirmation in Confirmation.objects.filter(surveillance__certificate__holder=user).exclude(letter=""):
        name = download_name(confirmation.original_name, confirmation.content_type)
        out.append((f"{confirmation.surveillance_id}/konfirmasi-{confirmation.pk}-{name}", confirmation.letter))
    return out
