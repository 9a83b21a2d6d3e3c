"""Demo applications at every registration state, made through the services so the audit trail
and invoices look real. pemohon1: accepted with the fee confirmed (later stages build on it);
pemohon2: an earlier rejected application and a returned one; pemohon3: submitted (proof of
payment waiting) and a second draft. Idempotent: skipped when pemohon1 already has an application."""

from accounts.models import Consent
from registration import services
from registration.models import Application
from registration.queries import required_documents, units_with_elements
from registration.samples import sample_pdf, sample_png
from schemes.models import Scheme
from skema_lsp.uploads import ValidatedUpload, validate_upload

JOB = {"institution": "Bappeda Kota Bandung", "position": "Perencana Ahli Muda",
       "job_address": "Jl. Wastukencana No. 2, Bandung", "job_phone": "022-4200000"}


def seed(users) -> None:
    scheme = Scheme.objects.filter(is_active=True).order_by("pk").first()
    names = ["pemohon1", "pemohon2", "pemohon3"]
    if scheme is None or any(n not in users for n in names) or users["pemohon1"].applications.exists():
        return
    staff = users.get("staf") or users["admin"]
    p1, p2, p3 = (users[n] for n in names)

    accepted = _submitted(p1, scheme)
    accepted = services.accept_application(application=accepted, by=staff, verdicts=_all_ok(accepted),
                                           note="Berkas lengkap.")
    payment = services.upload_payment_proof(payment=accepted.payment, upload=_pdf("bukti-transfer.pdf"), by=p1)
    services.confirm_payment(payment=payment, by=staff)

    rejected = _submitted(p2, scheme, requirement="6.1")
    services.reject_application(application=rejected, by=staff, verdicts=_all_ok(rejected), requirement_met=False,
                                reason="Transkrip menunjukkan semester IV, belum semester VI (persyaratan 6.1).")
    returned = _submitted(p2, scheme)
    verdicts = _all_ok(returned)
    verdicts[scheme.documents.get(code="ktp").pk] = services.VerdictInput("tidak_memenuhi", "Scan KTP buram.")
    services.return_for_revision(application=returned, by=staff, verdicts=verdicts, note="Unggah ulang KTP.")

    submitted = _submitted(p3, scheme)
    services.upload_payment_proof(payment=submitted.payment, upload=_pdf("bukti-transfer.pdf"), by=p3)
    # A second, unfinished application: made directly because start_application allows one open
    # application per scheme, and the demo wants every state visible.
    draft = Application.objects.create(applicant=p3, scheme=scheme, full_name=p3.full_name, nik=p3.nik,
                                       birth_place=p3.birth_place, birth_date=p3.birth_date, sex=p3.sex,
                                       email=p3.email or "", purpose=Application.Purpose.RPL)
    from skema_lsp import audit

    audit.record(obj=draft, action="registration.application.created", by=p3, to_state=draft.status)


def _submitted(user, scheme: Scheme, requirement: str = "6.2") -> Application:
    application = services.start_application(applicant=user, scheme=scheme)
    application.basic_requirement = scheme.requirements.filter(code=requirement).first()
    for field, value in JOB.items():
        setattr(application, field, value)
    application.address = application.address or "Jl. Merdeka No. 1"
    application.phone = application.phone or "081200000000"
    application.last_education = application.last_education or "S-1 Perencanaan Wilayah dan Kota"
    application.save()
    for doc in required_documents(application):
        for n in range(doc.min_files):
            upload = _png(f"{doc.code}.png") if doc.is_image else _pdf(f"{doc.code}-{n + 1}.pdf")
            services.add_evidence(application=application, upload=upload, by=user, required_document=doc)
    evidence = list(application.evidence.all()[:2])
    answers = {el.pk: ("K", evidence) for unit in units_with_elements(scheme.pk) for el in unit.elements.all()}
    if answers:
        services.save_self_assessment(application=application, answers=answers)
    services.record_acknowledgements(application=application, rights=True, ethics=True, fee=True)
    services.record_consents(user=user, purposes={Consent.Purpose.SERTIFIKASI, Consent.Purpose.KOMUNIKASI})
    return services.submit_application(application=application, by=user)


def _all_ok(application: Application) -> dict:
    return {doc.pk: services.VerdictInput("memenuhi") for doc in required_documents(application)}


def _pdf(name: str) -> ValidatedUpload:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return validate_upload(SimpleUploadedFile(name, sample_pdf()))


def _png(name: str) -> ValidatedUpload:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return validate_upload(SimpleUploadedFile(name, sample_png()))
