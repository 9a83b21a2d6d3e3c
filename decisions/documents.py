"""The documents of the decision stage: Berita Acara, SK and certificate (frozen snapshots)."""

import base64
import mimetypes
from functools import cache

import segno
from django.conf import settings
from django.utils import timezone

from skema_lsp.pdf import render_pdf

CERTIFICATE_STYLESHEETS = ("pdf-certificate.css",)  # A4 landscape, after pdf.css


def qr_svg_data_uri(url: str) -> str:
    # Vector QR as a data: URI, which the locked PDF fetcher allows; quiet zone kept for scanners.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def qr_png_bytes(url: str, scale: int = 6) -> bytes:
    import io

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def _file_data_uri(field) -> str:
    if not field:
        return ""
    mime = mimetypes.guess_type(field.name)[0] or "image/jpeg"
    with field.open("rb") as handle:
        return f"data:{mime};base64," + base64.b64encode(handle.read()).decode("ascii")


def _base_context() -> dict:
    return {"lsp_name": settings.LSP_NAME, "generated_at": timezone.localtime()}


EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def english_date(day) -> str:
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


@cache
def signing_key(encoded: str | None = None):
    from decisions import signing

    return signing.private_key(encoded or settings.CERTIFICATE_SIGNING_KEY)


def public_key_text() -> str:
    from decisions import signing

    return signing.public_key_text(signing_key(settings.CERTIFICATE_SIGNING_KEY))


def public_key_pem() -> str:
    from decisions import signing

    return signing.public_key_pem(signing_key(settings.CERTIFICATE_SIGNING_KEY))


def certificate_statement(certificate):
    """What the QR signs, from the certificate's own snapshot (never from live profile or scheme)."""
    from decisions.signing import Statement

    return Statement(number=certificate.number, name=" ".join(certificate.holder_name.split()),
                     scheme=certificate.scheme_number or certificate.scheme_name,
                     issued_on=certificate.issued_on, valid_until=certificate.valid_until)


def certificate_qr_text(certificate) -> str:
    """The verification URL plus the signed statement in its fragment (decisions/signing.py)."""
    from decisions import signing

    return signing.qr_text(certificate.verification_url, certificate_statement(certificate),
                           signing_key(settings.CERTIFICATE_SIGNING_KEY))


def signatory_line(title: str) -> str:
    """"Direktur LSP Perencanaan Pembangunan Indonesia": the title followed by the LSP's name,
    unless the title already names it."""
    title = " ".join(title.split())
    if settings.LSP_NAME.lower() in title.lower():
        return title
    return f"{title} {settings.LSP_NAME}"


def certificate_context(certificate) -> dict:
    return {
        **_base_context(),
        "certificate": certificate,
        "qr": qr_svg_data_uri(certificate_qr_text(certificate)),
        "photo": _file_data_uri(certificate.photo),
        "licence_number": settings.LSP_LICENCE_NUMBER,
        "city": settings.LSP_CITY,
        "signatory_line": signatory_line(certificate.signatory_title),
        "issued_en": english_date(certificate.issued_on),
        "valid_en": english_date(certificate.valid_until),
    }


def render_certificate(certificate) -> bytes:
    return render_pdf("decisions/pdf/certificate.html", certificate_context(certificate),
                      stylesheets=CERTIFICATE_STYLESHEETS)


def render_berita_acara(meeting) -> bytes:
    from decisions.queries import meeting_candidates

    attendees = list(meeting.attendees.order_by("full_name", "username"))
    return render_pdf("decisions/pdf/berita_acara.html", {
        **_base_context(), "meeting": meeting, "attendees": attendees,
        "absent": meeting.members.exclude(pk__in=[m.pk for m in attendees]).order_by("full_name", "username"),
        "entries": meeting_candidates(meeting),
    })


def render_letter(letter, *, draft: bool = False) -> bytes:
    """The SK (9.4.5): considerations, legal basis, the decided candidates with their certificate
    numbers. `draft` renders the signatory's preview, marked DRAF, before approval."""
    from decisions.services import letter_decisions

    decisions = list(letter_decisions(letter).prefetch_related("certificates"))
    return render_pdf("decisions/pdf/letter.html", {
        **_base_context(), "letter": letter, "meeting": letter.meeting, "draft": draft,
        "kompeten": [d for d in decisions if d.is_kompeten],
        "belum_kompeten": [d for d in decisions if not d.is_kompeten],
        "legal_basis": settings.SK_LEGAL_BASIS, "city": settings.LSP_CITY,
        "signatory_title": settings.CERTIFICATE_SIGNATORY_TITLE,
    })
