"""What appeals adds to earlier stages' pages (collected through skema_lsp.stages, so no earlier
stage imports appeals): the way to appeal, beside each decision on "Sertifikat saya"."""

from django.urls import reverse


def decision_links(decision) -> list[tuple[str, str]]:
    """(label, url) pairs shown beside one of the candidate's decisions."""
    return [("Banding", reverse("appeals:my_appeals"))]
