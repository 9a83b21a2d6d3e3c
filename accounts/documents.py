"""The letter to the authority about a personal data breach (UU PDP 27/2022, Pasal 46)."""

from django.conf import settings
from django.utils import timezone

from accounts.models import BreachIncident


def authority_notice_pdf(incident: BreachIncident, *, draft: bool = False) -> bytes:
    from skema_lsp.pdf import render_pdf

    return render_pdf("accounts/pdf/breach_authority.html", {
        "incident": incident, "lsp_name": settings.LSP_NAME, "lsp_city": settings.LSP_CITY,
        "affected_count": incident.affected.count(), "generated_at": timezone.localtime(),
        "draft": draft,
    })
