"""Surveillance test data built directly as rows (no hidden behaviour)."""

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions.models import Certificate
from registration.models import Application, Evidence, SelfAssessment
from registration.samples import sample_pdf, sample_png
from schemes.models import Element
from schemes.tests.factories import RECERTIFICATION, make_scheme
from surveillance.models import Confirmation, LogbookEntry, Surveillance

_n = {"i": 0}


def _next() -> int:
    _n["i"] += 1
    return _n["i"]




def make_certificate(*, holder=None, scheme=None, issued_on: date, valid_until: date | None = None,
                     status: str = Certificate.Status.BERLAKU, application=None, **fields) -> Certificate:
    holder = holder or make_user(Role.PEMOHON)
    scheme = scheme or make_scheme(**RECERTIFICATION)
    seq = _next()
    return Certificate.objects.create(
        number=f"SRV.{seq:05d}.{issued_on.year}", scheme=scheme, year=issued_on.year, sequence=seq, holder=holder,
        application=application, issued_on=issued_on, valid_until=valid_until or scheme.valid_until(issued_on),
        holder_name=holder.display_name, scheme_name=scheme.name, signatory_name="Direktur Uji", status=status,
        **fields,
    )


def make_accepted_application(*, holder, scheme) -> Application:
    """The APL-01 behind a certificate: personal and job data, two documents and an APL-02 answer."""
    application = Application.objects.create(
        applicant=holder, scheme=scheme, status=Application.Status.ACCEPTED, full_name=holder.display_name,
        nik="3171015501900001", birth_place="Jakarta", birth_date=date(1990, 1, 15), sex="P",
        address="Jl. Merdeka 1, Jakarta", phone="081234567890", email=holder.email or "", last_education="S1",
        institution="Bappeda Kota Bandung", position="Perencana Ahli Muda",
        basic_requirement=scheme.requirements.first(), decided_at=timezone.now(),
    )
    ktp = add_evidence(application, sample_pdf(), "ktp.pdf", "application/pdf",
                       required_document=scheme.documents.get(code="ktp"))
    add_evidence(application, sample_png(), "foto.png", "image/png",
                 required_document=scheme.documents.get(code="pasfoto"))
    element = Element.objects.filter(unit__scheme=scheme).first()
    answer = SelfAssessment.objects.create(application=application, element=element, answer="K")
    answer.evidence.add(ktp)
    return application


def add_evidence(application, content: bytes, name: str, content_type: str, **fields) -> Evidence:
    evidence = Evidence(application=application, original_name=name, content_type=content_type, size=len(content),
                        sha256=hashlib.sha256(content).hexdigest(), uploaded_by=application.applicant, **fields)
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence


def make_surveillance(certificate, *, period: int = 1, status: str = Surveillance.Status.BELUM_DIAJUKAN,
                      complete: bool = False) -> Surveillance:
    from surveillance.schedule import due_date

    surveillance = Surveillance.objects.create(
        certificate=certificate, period=period, status=status,
        due_date=due_date(certificate.issued_on, certificate.scheme.surveillance_interval_months, period),
        submitted_at=timezone.now() if status != Surveillance.Status.BELUM_DIAJUKAN else None,
    )
    if complete:
        LogbookEntry.objects.create(surveillance=surveillance, date=date(2026, 5, 4), activity="Menyusun RKPD",
                                    role="Ketua tim", output="Dokumen RKPD 2027")
        confirmation = Confirmation(surveillance=surveillance, kind=Confirmation.Kind.ATASAN, name="Budi Santoso",
                                    position="Kepala Bappeda", contact="0221234567", original_name="surat.pdf",
                                    content_type="application/pdf")
        confirmation.letter.save("surat.pdf", ContentFile(sample_pdf()), save=False)
        confirmation.save()
    return surveillance
