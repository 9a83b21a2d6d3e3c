"""Surveillance of certificate holders (9.6) and recertification requests (9.7).

Due dates are derived from the certificate (surveillance.schedule), not stored per period: a
Surveillance row exists only once the holder starts a submission for a period. Status fields move
only through surveillance.services (each model's TRANSITIONS, checked by skema_lsp.transitions)."""


from django.conf import settings
from django.db import models
from django.urls import reverse

from decisions.models import Certificate
from skema_lsp.storage import private_name
from skema_lsp.templatetags.formatting import tanggal


def private_upload_to(instance, filename: str) -> str:
    return private_name("surveillance", filename)


def report_upload_to(instance, filename: str) -> str:
    return private_name("surveillance/reports", "x.pdf")


class StoredFileMixin(models.Model):
    """The metadata of a file checked by skema_lsp.uploads.validate_upload."""

    original_name = models.CharField("nama berkas asli", max_length=200, blank=True)
    content_type = models.CharField("jenis isi", max_length=60, blank=True)
    size = models.PositiveIntegerField("ukuran (byte)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)

    class Meta:
        abstract = True


class Surveillance(models.Model):
    """One surveillance period of one certificate: the holder's submission and the staff's review."""

    class Status(models.TextChoices):
        BELUM_DIAJUKAN = "belum_diajukan", "Belum diajukan"
        DIAJUKAN = "diajukan", "Diajukan, menunggu peninjauan"
        DITINJAU = "ditinjau", "Ditinjau"

    TRANSITIONS = {
        Status.BELUM_DIAJUKAN: {Status.DIAJUKAN},
        Status.DIAJUKAN: {Status.BELUM_DIAJUKAN, Status.DITINJAU},
        Status.DITINJAU: set(),
    }

    class Result(models.TextChoices):
        TERPELIHARA = "terpelihara", "Kompetensi terpelihara"
        TIDAK_TERPELIHARA = "tidak_terpelihara", "Kompetensi tidak terpelihara"

    class FollowUp(models.TextChoices):
        TIDAK_ADA = "tidak_ada", "Tidak ada tindak lanjut"
        PEMBINAAN = "pembinaan", "Pembinaan / surveilan tambahan"
        PEMBEKUAN = "pembekuan", "Pembekuan sertifikat"

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="surveillances", verbose_name="sertifikat"
    )
    period = models.PositiveSmallIntegerField("periode surveilan ke-")
    due_date = models.DateField("jatuh tempo")
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.BELUM_DIAJUKAN, db_index=True
    )
    holder_note = models.TextField("catatan pemegang sertifikat", blank=True)
    started_at = models.DateTimeField("dimulai", auto_now_add=True)
    submitted_at = models.DateTimeField("diajukan", null=True, blank=True)

    # Staff review (9.6.3): the methods used, the result and the follow-up.
    method_logbook = models.BooleanField("analisis logbook", default=False)
    method_supervisor = models.BooleanField("konfirmasi atasan langsung", default=False)
    method_third_party = models.BooleanField("konfirmasi pihak ketiga", default=False)
    method_visit = models.BooleanField("kunjungan tempat kerja", default=False)
    visit_date = models.DateField("tanggal kunjungan", null=True, blank=True)
    visit_notes = models.TextField("catatan kunjungan", blank=True)
    result = models.CharField("hasil surveilan", max_length=20, choices=Result.choices, blank=True)
    findings = models.TextField("temuan", blank=True)
    follow_up = models.CharField("tindak lanjut", max_length=20, choices=FollowUp.choices, blank=True)
    follow_up_note = models.TextField("catatan tindak lanjut", blank=True)
    reviewed_at = models.DateTimeField("ditinjau", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="ditinjau oleh",
    )
    report_pdf = models.FileField("laporan surveilan (PDF)", upload_to=report_upload_to, blank=True)

    class Meta:
        verbose_name = "surveilan"
        verbose_name_plural = "surveilan"
        ordering = ["certificate", "period"]
        # The review queue: submitted ones, oldest submission first.
        indexes = [models.Index(fields=["status", "submitted_at", "id"], name="surveillance_review_order")]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "period"], name="unique_surveillance_period"),
        ]

    def __str__(self):
        return f"Surveilan {self.period} · {self.certificate.number}"

    def get_absolute_url(self) -> str:
        return reverse("surveillance:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"SRV-{self.pk:06d}" if self.pk else "SRV-baru"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.BELUM_DIAJUKAN

    @property
    def methods_display(self) -> list[str]:
        fields = ["method_logbook", "method_supervisor", "method_third_party", "method_visit"]
        return [str(self._meta.get_field(f).verbose_name) for f in fields if getattr(self, f)]


class LogbookEntry(StoredFileMixin):
    """One line of the holder's logbook: what they did with the competence since the last period."""

    surveillance = models.ForeignKey(
        Surveillance, on_delete=models.CASCADE, related_name="logbook", verbose_name="surveilan"
    )
    date = models.DateField("tanggal")
    activity = models.CharField("kegiatan", max_length=300)
    role = models.CharField("peran", max_length=150)
    output = models.CharField("keluaran / hasil kerja", max_length=300)
    attachment = models.FileField("lampiran", upload_to=private_upload_to, blank=True, max_length=200)
    created_at = models.DateTimeField("dicatat", auto_now_add=True)

    class Meta:
        verbose_name = "entri logbook"
        verbose_name_plural = "logbook"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{tanggal(self.date)} {self.activity}"


class Confirmation(StoredFileMixin):
    """A supervisor's or third party's signed confirmation letter (9.6.3)."""

    class Kind(models.TextChoices):
        ATASAN = "atasan", "Konfirmasi atasan langsung"
        PIHAK_KETIGA = "pihak_ketiga", "Konfirmasi pihak ketiga"

    surveillance = models.ForeignKey(
        Surveillance, on_delete=models.CASCADE, related_name="confirmations", verbose_name="surveilan"
    )
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    name = models.CharField("nama", max_length=150)
    position = models.CharField("jabatan", max_length=150)
    contact = models.CharField("kontak (telepon/email)", max_length=150)
    letter = models.FileField("surat bertanda tangan", upload_to=private_upload_to, max_length=200)
    uploaded_at = models.DateTimeField("diunggah", auto_now=True)

    class Meta:
        verbose_name = "konfirmasi"
        verbose_name_plural = "konfirmasi"
        ordering = ["surveillance", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["surveillance", "kind"], name="unique_confirmation_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class RecertificationRequest(models.Model):
    """A holder's request to renew a certificate (9.7). On time, the prefilled application is created
    at once; a late request (after expiry − scheme.recertification_lead_months) waits for a staff
    override with a reason, and only then gets its application — so registration's review can never
    accept a late application that was not allowed (registration does not import this app)."""

    class Status(models.TextChoices):
        MENUNGGU_IZIN = "menunggu_izin", "Terlambat — menunggu izin staf"
        BERJALAN = "berjalan", "Berjalan"
        DITOLAK = "ditolak", "Ditolak"

    TRANSITIONS = {
        Status.MENUNGGU_IZIN: {Status.BERJALAN, Status.DITOLAK},
        Status.BERJALAN: set(),
        Status.DITOLAK: set(),
    }

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="recertification_requests", verbose_name="sertifikat lama"
    )
    application = models.OneToOneField(
        "registration.Application", null=True, blank=True, on_delete=models.PROTECT,
        related_name="recertification_request", verbose_name="permohonan baru",
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diajukan oleh"
    )
    requested_at = models.DateTimeField("diajukan", auto_now_add=True)
    requested_on = models.DateField("tanggal pengajuan")
    deadline = models.DateField("batas pengajuan")
    is_late = models.BooleanField("terlambat", default=False)
    override_reason = models.TextField("alasan izin/penolakan staf", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="diputuskan oleh",
    )
    override_at = models.DateTimeField("diputuskan pada", null=True, blank=True)

    class Meta:
        verbose_name = "permohonan sertifikasi ulang"
        verbose_name_plural = "permohonan sertifikasi ulang"
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["-requested_at", "-id"], name="recertification_newest_first")]
        constraints = [
            # One live request per certificate; a refused one may be followed by another.
            models.UniqueConstraint(
                fields=["certificate"], condition=~models.Q(status="ditolak"), name="unique_open_recertification"
            ),
        ]

    def __str__(self):
        return f"Sertifikasi ulang {self.certificate.number}"

    def get_absolute_url(self) -> str:
        return reverse("surveillance:recertification_detail", args=[self.pk])

    @property
    def needs_override(self) -> bool:
        return self.status == self.Status.MENUNGGU_IZIN
