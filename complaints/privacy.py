"""What complaints holds about a complainant with an account (UU PDP export): the complaints they
filed, with status, outcome and their own attachment. Who handled it inside the LSP and complaints
filed by others about them are the LSP's investigation and stay out (a complainant's identity is
protected)."""

from complaints.models import Complaint
from skema_lsp.privacy import fields
from skema_lsp.uploads import download_name

INTERNAL = ("handler", "assigned_at", "assigned_by", "closed_by", "violation", "complainant")


def export(user) -> dict:
    complaints = Complaint.objects.filter(complainant=user).select_related("certificate").order_by("pk")
    return {"pengaduan": [fields(c, exclude=INTERNAL) for c in complaints]}


def files(user) -> list[tuple[str, object]]:
    return [(f"{c.pk}-{download_name(c.attachment_name, c.attachment_type)}", c.attachment)
            for c in Complaint.objects.filter(complainant=user).exclude(attachment="").order_by("pk")]
