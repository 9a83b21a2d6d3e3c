"""Printable APL-01 and APL-02 for whoever the calling view has already allowed (the applicant,
staff, the assessor; the members of a decision meeting through decisions' views)."""

from registration import queries
from registration.models import Application


def _context(application: Application, show_nik: bool) -> dict:
    return {
        "application": application, "show_nik": show_nik,
        "units": queries.units_with_elements(application.scheme_id).prefetch_related("elements__criteria"),
        "answers": queries.self_assessment_map(application), "documents": queries.document_rows(application),
        "admin_decision": _admin_decision(application),
    }


def _admin_decision(application: Application):
    """The LSP admin's recommendation on APL-01 (9.1.5): the last accept/reject entry, with who and when."""
    from skema_lsp import audit

    if not application.decided_at:
        return None
    decided = ["registration.application.accepted", "registration.application.rejected"]
    return audit.timeline(application).filter(action__in=decided).order_by("-created_at", "-pk").first()


def _assessor_review(application: Application):
    """The assessor's recommendation on APL-02 (9.2.5) of the latest round. Read through the reverse
    relation, so registration imports nothing from the later assessment stage."""
    assessment = application.assessments.select_related("assessor").order_by("-round").first()
    review = getattr(assessment, "pre_assessment", None) if assessment else None
    return {"assessor": assessment.assessor, "review": review} if review else None


def apl01_pdf(application: Application, *, show_nik: bool) -> bytes:
    """FR.APL.01: the application for certification (9.1.3)."""
    from skema_lsp.pdf import render_pdf

    return render_pdf("registration/pdf/apl01.html", _context(application, show_nik))


def apl02_pdf(application: Application, *, show_nik: bool) -> bytes:
    """FR.APL.02: the self-assessment (9.1.3)."""
    from skema_lsp.pdf import render_pdf

    return render_pdf("registration/pdf/apl02.html", {**_context(application, show_nik),
                                                     "assessor_review": _assessor_review(application)})
