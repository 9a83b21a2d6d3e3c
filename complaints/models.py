"""Complaints (ISO/IEC 17024 9.9): anyone files one about a certificate holder or about the LSP, gets
a reference number at once, and follows it until it closes with a recorded outcome.

Status moves only through skema_lsp.transitions.transition (Complaint.TRANSITIONS)."""

from django.conf import settings
from django.db import models

from skema_lsp.cases import NumberedCase
from skema_lsp.storage import private_name


def attachment_path(instance, filename: str) -> str:
    return private_name("complaints/attachments", filename)


class Complaint(NumberedCase):
    """One complaint, filed with or without an account."""

    class Status(models.TextChoices):
        RECEIVED = "diterima", "Diterima, menunggu penanganan"
        IN_PROGRESS = "ditangani", "Sedang ditangani"
        CLOSED = "selesai", "Selesai"

    class Subject(models.TextChoices):
        HOLDER = "pemegang", "Pemegang sertifikat"
        LSP = "lsp", "LSP (layanan, proses, personel)"

    class ComplainantKind(models.TextChoices):
        HOLDER = "pemegang", "Pemegang sertifikat"
        CANDIDATE = "asesi", "Asesi / pemohon"
        EMPLOYER = "pemberi_kerja", "Pemberi kerja / pengguna jasa"
        PUBLIC = "masyarakat", "Masyarakat umum"

    class Outcome(models.TextChoices):
        UPHELD = "terbukti", "Terbukti"
        NOT_UPHELD = "tidak_terbukti", "Tidak terbukti"
        OUT_OF_SCOPE = "di_luar_lingkup", "Di luar lingkup LSP"

    TRANSITIONS = {
        Status.RECEIVED: {Status.IN_PROGRESS},
        Status.IN_PROGRESS: {Status.CLOSED},
        Status.CLOSED: set(),
    }
    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)
    REFERENCE_PREFIX = "ADU"

    reference = models.CharField("nomor pengaduan", max_length=40, unique=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)

    subject = models.CharField("yang diadukan", max_length=20, choices=Subject.choices)
    certificate = models.ForeignKey(
        "decisions.Certificate", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints",
        verbose_name="sertifikat yang diadukan",
    )
    description = models.TextField("uraian pengaduan")

    complainant_name = models.CharField("nama pengadu", max_length=150)
    complainant_email = models.EmailField("email pengadu")
    complainant_phone = models.CharField("telepon pengadu", max_length=30, blank=True)
    complainant_kind = models.CharField("pengadu sebagai", max_length=20, choices=ComplainantKind.choices)
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints",
        verbose_name="akun pengadu",
    )

    attachment = models.FileField("lampiran", upload_to=attachment_path, max_length=200, blank=True)
    attachment_name = models.CharField("nama lampiran asli", max_length=200, blank=True)
    attachment_type = models.CharField("jenis isi lampiran", max_length=60, blank=True)
    attachment_size = models.PositiveIntegerField("ukuran lampiran (byte)", null=True, blank=True)
    attachment_sha256 = models.CharField("SHA-256 lampiran", max_length=64, blank=True)

    due_on = models.DateField("batas penyelesaian", db_index=True)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="handled_complaints",
        verbose_name="penangan",
    )
    assigned_at = models.DateTimeField("penangan ditetapkan", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="ditetapkan oleh",
    )

    outcome = models.CharField("hasil penanganan", max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField("uraian hasil dan tindak lanjut", blank=True)
    closed_at = models.DateTimeField("diselesaikan pada", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="diselesaikan oleh",
    )
    violation = models.OneToOneField(
        "decisions.Violation", null=True, blank=True, on_delete=models.PROTECT, related_name="complaint",
        verbose_name="catatan pelanggaran (9.5)",
    )

    class Meta(NumberedCase.Meta):
        verbose_name = "pengaduan"
        verbose_name_plural = "pengaduan"

    def __str__(self):
        return f"{self.reference} {self.complainant_name}"
