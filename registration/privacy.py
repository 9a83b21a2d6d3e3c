"""What registration holds about a person (UU PDP export): their applications (APL-01 data, APL-02
answers, the staff's verdicts, payments) and every file they uploaded."""

from registration.models import Application, Evidence, Payment
from skema_lsp.privacy import fields
from skema_lsp.uploads import download_name


def _applications(user):
    return Application.objects.filter(applicant=user).select_related("scheme", "basic_requirement").order_by("pk")


def export(user) -> dict:
    rows = []
    for application in _applications(user).prefetch_related("self_assessments__element", "verdicts"):
        rows.append({
            **fields(application),
            "apl_02": [fields(row) for row in application.self_assessments.all()],
            "verifikasi_dokumen": [fields(row) for row in application.verdicts.all()],
            "pembayaran": [fields(row) for row in Payment.objects.filter(application=application)],
            "berkas": [fields(row) for row in application.evidence.order_by("pk")],
        })
    return {"permohonan": rows}


def files(user) -> list[tuple[str, object]]:
    evidence = Evidence.objects.filter(application__applicant=user).select_related("application").order_by("pk")
    return [(f"{e.application.pk}/{e.pk}-{download_name(e.original_name, e.content_type)}", e.file)
            for e in evidence if e.file]
