"""Demo complaints (contract 2, issue 17): one from an employer without an account about pemegang5's
certificate, with a PDF attachment, handled by banding1 (not involved with that holder); and one from
pemohon1's account about the LSP's service, closed with its outcome. Idempotent by reference text."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints import services
from complaints.models import Complaint
from decisions.models import Certificate
from registration.samples import sample_pdf
from skema_lsp.uploads import validate_upload

HOLDER_CASE = ("Sertifikat kompetensi saudara Fajar Nugraha dicantumkan dalam dokumen penawaran proyek "
               "penyusunan RPJMD untuk ruang lingkup yang tidak tercantum pada sertifikatnya.")
LSP_CASE = ("Jadwal uji kompetensi saya dipindahkan dua kali tanpa pemberitahuan tertulis; saya baru tahu "
            "setibanya di TUK.")


def seed(users) -> None:
    if any(name not in users for name in ("staf", "banding1", "pemohon1")):
        return
    now = timezone.now()
    certificate = Certificate.objects.filter(holder__username="pemegang5").order_by("-pk").first()
    if certificate is not None and not Complaint.objects.filter(description=HOLDER_CASE).exists():
        upload = validate_upload(SimpleUploadedFile("penawaran.pdf", sample_pdf(), content_type="application/pdf"))
        complaint = services.file_complaint(filing=services.Filing(
            subject=Complaint.Subject.HOLDER, certificate=certificate, description=HOLDER_CASE,
            complainant_name="PT Cipta Ruang Nusantara (Bagian SDM)", complainant_email="sdm@ciptaruang.example",
            complainant_kind=Complaint.ComplainantKind.EMPLOYER, complainant_phone="021-5550-1234",
        ), upload=upload, now=now - timedelta(days=3))
        services.assign_handler(complaint=complaint, handler=users["banding1"], by=users["staf"])
    if not Complaint.objects.filter(description=LSP_CASE).exists():
        pemohon = users["pemohon1"]
        complaint = services.file_complaint(filing=services.Filing(
            subject=Complaint.Subject.LSP, description=LSP_CASE, complainant_name=pemohon.display_name,
            complainant_email=pemohon.email, complainant_kind=Complaint.ComplainantKind.CANDIDATE,
        ), by=pemohon, now=now - timedelta(days=10))
        services.assign_handler(complaint=complaint, handler=users["staf"], by=users["staf"])
        services.close_complaint(
            complaint=complaint, by=users["staf"], outcome=Complaint.Outcome.UPHELD,
            text="Pemindahan jadwal tidak diberitahukan tertulis. Prosedur penjadwalan diperbaiki: setiap "
                 "perubahan kini dikirim lewat email dan notifikasi paling lambat 3 hari kerja sebelumnya.",
        )
