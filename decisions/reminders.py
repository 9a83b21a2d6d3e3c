"""The decision stage's part of the reminder sweep (skema_lsp.reminders)."""

from datetime import date, datetime


def due(today: date) -> list:
    return []


def advance(today: date, now: datetime) -> list[str]:
    """Catch up certificate PDFs whose rendering task was lost (broker down at issue time)."""
    from decisions.services import render_missing_pdfs

    done = render_missing_pdfs()
    return [f"PDF sertifikat dibuat ulang: {len(done)}"] if done else []
