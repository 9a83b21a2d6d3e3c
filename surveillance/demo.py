"""Demo cases of surveillance and recertification (password demo-lsp-2026 for every holder):

- pemegang5: surveillance 1 due within the month (open for submission);
- pemegang6: surveillance 1 overdue;
- pemegang7: surveillance 1 done (reviewed: competence maintained, report PDF); gave no consent to be
  named on public verification, so that page withholds the name (every other holder consented);
- pemegang8: surveillance 1 submitted and waiting for the staff's review;
- pemegang9: recertification in progress (on time; the prefilled application is a draft);
- pemegang10: a late recertification request waiting for a staff override.

Dates are relative to today so the cases stay true whenever the demo is seeded. Certificates are
numbered with decisions' counter so they never collide with ones decisions issues. Idempotent: a
holder who already has a certificate is left as is."""

import hashlib
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Consent, User
from accounts.roles import Role
from decisions.models import Certificate
from decisions.services import format_certificate_number, next_number
from registration.models import Application, Evidence
from registration.samples import sample_jpeg, sample_pdf
from registration.services import record_consents
from schemes.models import Scheme
from skema_lsp.uploads import validate_upload
from surveillance import schedule, services

PASSWORD = "demo-lsp-2026"
NAME_WITHHELD = {"pemegang7"}  # holders who did not consent to be named on public verification


def seed(users: dict) -> None:
    scheme = Scheme.objects.filter(is_active=True).order_by("pk").first()
    staff = users.get("staf")
    if scheme is None or staff is None:
        return
    today = timezone.localdate()
    cases: list[tuple[str, str, date, Callable]] = [
        ("pemegang5", "Fajar Nugraha", today - relativedelta(months=12) + timedelta(days=20), _nothing),
        ("pemegang6", "Lina Marlina Siregar", today - relativedelta(months=14), _nothing),
        ("pemegang7", "Rudi Hartono", today - relativedelta(months=13), _reviewed),
        ("pemegang8", "Yanti Puspitasari", today - relativedelta(months=12) + timedelta(days=12), _submitted),
        ("pemegang9", "Bagus Prasetyo", today - relativedelta(years=3) + relativedelta(months=4), _recertifying),
        ("pemegang10", "Melati Kusumadewi", today - relativedelta(years=3) + timedelta(days=40), _late_request),
    ]
    for username, name, issued_on, follow in cases:
        holder = _holder(username, name)
        if Certificate.objects.filter(holder=holder).exists():
            continue
        certificate = _certificate(holder, scheme, issued_on, staff)
        follow(certificate, staff)


def _holder(username: str, name: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={
        "full_name": name, "email": f"{username}@demo.lsp-renbang.id", "email_verified_at": timezone.now(),
    })
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=Role.PEMOHON))
    purposes = set(Consent.Purpose.values)
    if username in NAME_WITHHELD:
        purposes.discard(Consent.Purpose.VERIFIKASI_PUBLIK)
    record_consents(user=user, purposes=purposes)
    return user


def _certificate(holder: User, scheme: Scheme, issued_on: date, staff: User) -> Certificate:
    """Rows decisions would have left: the accepted APL-01 with its documents, then the certificate."""
    application = Application.objects.create(
        applicant=holder, scheme=scheme, status=Application.Status.ACCEPTED, full_name=holder.full_name,
        email=holder.email or "", phone="0812-3456-7890", address="Jl. Diponegoro No. 22, Bandung",
        last_education="S-1 Perencanaan Wilayah dan Kota", institution="Bappeda Provinsi Jawa Barat",
        position="Perencana Ahli Muda", basic_requirement=scheme.requirements.order_by("code").first(),
        submitted_at=timezone.now(), decided_at=timezone.now(), decision_note="Data demo surveilan.",
    )
    for document in scheme.documents.filter(always=True).order_by("order"):
        content, name, kind = (sample_jpeg(120, 180, "#b22222"), "pasfoto.jpg", "image/jpeg") if document.is_image \
            else (sample_pdf(), f"{document.code}.pdf", "application/pdf")
        evidence = Evidence(application=application, required_document=document, original_name=name,
                            content_type=kind, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                            uploaded_by=holder)
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()
    seq = next_number(series=f"certificate:{scheme.pk}", year=issued_on.year)
    return Certificate.objects.create(
        number=format_certificate_number(scheme, issued_on.year, seq), scheme=scheme, year=issued_on.year,
        sequence=seq, holder=holder, application=application, issued_on=issued_on,
        valid_until=scheme.valid_until(issued_on), holder_name=holder.full_name, scheme_name=scheme.name,
        scheme_number=scheme.document_number, units=[{"code": u.code, "title": u.title} for u in scheme.units.all()],
        signatory_name="Ir. Wahyu Hidayat, M.T.", signatory_title="Direktur",
    )


def _nothing(certificate: Certificate, staff: User) -> None:
    return None


def _submitted(certificate: Certificate, staff: User):
    holder = certificate.holder
    surveillance = services.start_surveillance(certificate=certificate, by=holder)
    services.add_logbook_entry(
        surveillance=surveillance, by=holder, date=timezone.localdate() - timedelta(days=60),
        activity="Mengoordinasikan penyusunan RKPD Provinsi 2027", role="Ketua tim penyusun",
        output="Dokumen RKPD 2027 dan berita acara musrenbang",
        upload=validate_upload(SimpleUploadedFile("notulen-musrenbang.pdf", sample_pdf())),
    )
    services.add_logbook_entry(
        surveillance=surveillance, by=holder, date=timezone.localdate() - timedelta(days=20),
        activity="Mengendalikan pelaksanaan program prioritas triwulan III", role="Analis pengendalian",
        output="Laporan pengendalian triwulan III",
    )
    services.save_confirmation(
        surveillance=surveillance, kind="atasan", by=holder, name="Drs. Asep Suryana, M.Si.",
        position="Kepala Bidang Perencanaan Makro", contact="022-4231000 / asep@jabarprov.go.id",
        upload=validate_upload(SimpleUploadedFile("surat-atasan.pdf", sample_pdf())),
    )
    return services.submit_surveillance(surveillance=surveillance, by=holder, note="Logbook tahun pertama.")


def _reviewed(certificate: Certificate, staff: User) -> None:
    surveillance = _submitted(certificate, staff)
    services.review_surveillance(surveillance=surveillance, by=staff, data=services.ReviewInput(
        result="terpelihara", follow_up="tidak_ada", method_logbook=True, method_supervisor=True,
        findings="Kegiatan dalam logbook sesuai unit O.84PPB01.007.1 dan O.84PPB01.008.1; dikonfirmasi atasan.",
    ))


def _past_periods_reviewed(certificate: Certificate, staff: User) -> None:
    """A holder near renewal has kept up with every surveillance so far."""
    for due in schedule.due_dates(certificate):
        if due < timezone.localdate():
            _reviewed(certificate, staff)


def _recertifying(certificate: Certificate, staff: User) -> None:
    _past_periods_reviewed(certificate, staff)
    services.request_recertification(certificate=certificate, by=certificate.holder)


def _late_request(certificate: Certificate, staff: User) -> None:
    _past_periods_reviewed(certificate, staff)
    services.request_recertification(certificate=certificate, by=certificate.holder)
