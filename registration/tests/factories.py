"""Registration test helpers. No hidden behaviour: each helper does what its name says."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Consent
from accounts.roles import Role
from accounts.tests.factories import make_user
from registration import services
from registration.models import Application, Evidence
from registration.queries import required_documents, units_with_elements
from registration.samples import sample_pdf, sample_png
from skema_lsp.uploads import ValidatedUpload, validate_upload

APPLICANT_FIELDS = {
    "full_name": "Rina Kartika Sari", "nik": "3273015405900002", "birth_place": "Bandung",
    "birth_date": date(1990, 5, 14), "sex": "P", "address": "Jl. Merdeka No. 1, Bandung",
    "phone": "081234567890", "last_education": "S-1 Perencanaan Wilayah dan Kota",
}


def make_applicant(**fields):
    return make_user(Role.PEMOHON, **{**APPLICANT_FIELDS, **fields})


def png_upload(name: str = "foto.png") -> ValidatedUpload:
    return validate_upload(SimpleUploadedFile(name, sample_png()))


def pdf_upload(name: str = "dokumen.pdf") -> ValidatedUpload:
    return validate_upload(SimpleUploadedFile(name, sample_pdf()))


def upload_required_documents(application: Application) -> list[Evidence]:
    created = []
    for doc in required_documents(application):
        for n in range(doc.min_files):
            upload = png_upload(f"{doc.code}.png") if doc.is_image else pdf_upload(f"{doc.code}-{n + 1}.pdf")
            created.append(services.add_evidence(application=application, upload=upload, by=application.applicant,
                                                 required_document=doc))
    return created


def answer_all_elements(application: Application, *, skip: int = 0) -> None:
    evidence = list(application.evidence.filter(superseded_at__isnull=True)[:1])
    elements = [el for unit in units_with_elements(application.scheme_id) for el in unit.elements.all()]
    answers = {el.pk: ("K", evidence) for el in elements[skip:]}
    services.save_self_assessment(application=application, answers=answers)


def complete_application(application: Application, *, requirement_code: str = "6.2") -> Application:
    """Fill every part of APL-01/APL-02 a draft needs before it can be submitted."""
    application.basic_requirement = application.scheme.requirements.get(code=requirement_code)
    application.institution = "Bappeda Kota Bandung"
    application.position = "Perencana Ahli Muda"
    application.save()
    upload_required_documents(application)
    answer_all_elements(application)
    services.record_acknowledgements(application=application, rights=True, ethics=True, fee=True)
    services.record_consents(user=application.applicant, purposes={Consent.Purpose.SERTIFIKASI})
    return application


def draft_application(scheme, applicant=None, *, complete: bool = True) -> Application:
    applicant = applicant or make_applicant()
    application = services.start_application(applicant=applicant, scheme=scheme)
    return complete_application(application) if complete else application


def submitted_application(scheme, applicant=None) -> Application:
    application = draft_application(scheme, applicant)
    return services.submit_application(application=application, by=application.applicant)


def all_memenuhi(application: Application) -> dict:
    return {doc.pk: services.VerdictInput("memenuhi") for doc in required_documents(application)}
