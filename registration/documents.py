"""Printable APL-01 and APL-02 for whoever the calling view has already allowed (the applicant,
staff, the assessor; the members of a decision meeting through decisions' views)."""

from registration import queries
from registration.models import Application


def _context(application: Application, show_nik: bool) -> dict:
    return {
        "application": application, "show_nik": show_nik,
        "units": queries.units_with_elements(application.scheme_id),
        "answers": queries.self_assessment_map(application), "documents": queries.document_rows(application),
    }


def apl01_pdf(application: Application, *, show_nik: bool) -> bytes:
    """FR.APL.01: the application for certification (9.1.3)."""
    from skema_lsp.pdf import render_pdf

    return render_pdf("registration/pdf/apl01.html", _context(application, show_nik))


def apl02_pdf(application: Application, *, show_nik: bool) -> bytes:
    """FR.APL.02: the self-assessment (9.1.3)."""
    from skema_lsp.pdf import render_pdf

    return render_pdf("registration/pdf/apl02.html", _context(application, show_nik))
