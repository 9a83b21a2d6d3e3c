"""What appeals holds about an appellant (UU PDP export): their appeals (FR.AK.04 answers, status,
outcome) with the attachments they filed and the decision letter. Panel members' individual
opinions are the panel's deliberation and stay out."""

from appeals.models import Appeal, AppealAttachment
from skema_lsp.privacy import fields
from skema_lsp.uploads import download_name


def export(user) -> dict:
    appeals = Appeal.objects.filter(appellant=user).prefetch_related("attachments").order_by("pk")
    return {"banding": [{**fields(a), "lampiran": [fields(f) for f in a.attachments.all()]} for a in appeals]}


def files(user) -> list[tuple[str, object]]:
    out = [(f"{a.appeal_id}/{a.pk}-{download_name(a.original_name, a.content_type)}", a.file) for a in
           AppealAttachment.objects.filter(appeal__appellant=user).order_by("pk") if a.file]
    out += [(f"{a.pk}/surat-keputusan-banding.pdf", a.letter_pdf) for a in
            Appeal.objects.filter(appellant=user).exclude(letter_pdf="").order_by("pk")]
    return out
