"""Decision-stage test data built directly as rows (no hidden behaviour): a candidate whose assessment
is submitted and ready for decision, a confirmed payment, a photo."""

import hashlib
from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment.models import Assessment, AssessmentPlan
from registration.models import Application, Evidence, Payment
from registration.samples import sample_pdf, sample_png
from schemes.models import TUK, Scheme

_n = {"i": 0}


def _next() -> int:
    _n["i"] += 1
    return _n["i"]




def make_ready_assessment(*, scheme: Scheme, assessor=None, candidate=None, recommendation: str = "K",
                          paid: bool = True, photo: bool = True) -> Assessment:
    # Short names: long ones wrap inside PDF table cells and no longer match extracted text.
    candidate = candidate or make_user(Role.PEMOHON, full_name=f"Asesi Uji {_next()}")
    assessor = assessor or make_user(Role.ASESOR, met_number=f"MET.{_next():05d}", full_name=f"Asesor {_next()}")
    application = Application.objects.create(
        applicant=candidate, scheme=scheme, status=Application.Status.ACCEPTED,
        full_name=candidate.display_name, email=candidate.email or "",
    )
    assessment = Assessment.objects.create(
        application=application, assessor=assessor, status=Assessment.Status.SUBMITTED,
        recommendation=recommendation, submitted_at=timezone.now(),
    )
    tuk = TUK.objects.create(name=f"TUK {_next()}", address="Jakarta", is_verified=True)
    AssessmentPlan.objects.create(
        assessment=assessment, evidence_to_collect="Dokumen", date=date(2026, 3, 2), time=time(9), tuk=tuk,
        accepted_at=timezone.now(), confidentiality_accepted_at=timezone.now(),
    )
    if paid:
        make_payment(application, confirmed=True)
    if photo:
        add_photo(application)
    return assessment


def make_payment(application: Application, *, confirmed: bool) -> Payment:
    proof = _evidence(application, sample_pdf(), "bukti.pdf", "application/pdf", kind=Evidence.Kind.PAYMENT)
    return Payment.objects.create(
        application=application, invoice_number=f"INV-{_next():06d}", amount=application.scheme.fee, proof=proof,
        status=Payment.Status.CONFIRMED if confirmed else Payment.Status.PROOF_UPLOADED,
        confirmed_at=timezone.now() if confirmed else None,
    )


def add_photo(application: Application, color: str = "red") -> Evidence:
    doc = application.scheme.documents.get(code="pasfoto")
    return _evidence(application, sample_png(color=color), "foto.png", "image/png", required_document=doc)


def _evidence(application, content: bytes, name: str, content_type: str, **fields) -> Evidence:
    evidence = Evidence(application=application, original_name=name, content_type=content_type, size=len(content),
                        sha256=hashlib.sha256(content).hexdigest(), uploaded_by=application.applicant, **fields)
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence




def make_decision(*, scheme: Scheme, result: str = "K", decided_on: date | None = None, **kwargs):
    from decisions.models import Decision
    from decisions.services import finalise_assessment

    assessment = make_ready_assessment(scheme=scheme, recommendation=result, **kwargs)
    when = {"decided_at": timezone.make_aware(datetime.combine(decided_on, time(10)))} if decided_on else {}
    decision = Decision.objects.create(assessment=assessment, result=result, notes="Keputusan uji", **when)
    finalise_assessment(decision, by=assessment.assessor)
    return decision


def make_certificate(*, scheme: Scheme, signatory, by, issued_on: date | None = None, **kwargs):
    """A certificate issued through the service (PDF rendering left to the caller's on_commit)."""
    from decisions.services import issue_certificate

    # A certificate takes effect on or after its decision (9.4.6): a back-dated one gets an earlier decision.
    if issued_on and issued_on < timezone.localdate():
        kwargs.setdefault("decided_on", issued_on)
    decision = make_decision(scheme=scheme, **kwargs)
    return issue_certificate(decision=decision, signatory=signatory, by=by, issued_on=issued_on)
