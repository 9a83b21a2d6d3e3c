from django.conf import settings
from django.db import models

from schemes.models import BasicRequirement, Scheme


class Application(models.Model):
    """APL-01: one applicant's request for certification in one scheme.

    Status moves only through registration.services (see ALLOWED_MOVES there)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        SUBMITTED = "submitted", "Diajukan"
        RETURNED = "returned", "Dikembalikan untuk perbaikan"
        ACCEPTED = "accepted", "Diterima sebagai peserta"
        REJECTED = "rejected", "Ditolak"

    class Purpose(models.TextChoices):
        SERTIFIKASI = "sertifikasi", "Sertifikasi"
        SERTIFIKASI_ULANG = "sertifikasi_ulang", "Sertifikasi Ulang"
        RPL = "rpl", "Pengakuan Kompetensi Terkini (RPL)"
        LAINNYA = "lainnya", "Lainnya"

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name="pemohon"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications", verbose_name="skema")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    purpose = models.CharField("tujuan asesmen", max_length=30, choices=Purpose.choices, default=Purpose.SERTIFIKASI)
    purpose_other = models.CharField("tujuan lainnya", max_length=200, blank=True)
    basic_requirement = models.ForeignKey(
        BasicRequirement, null=True, blank=True, on_delete=models.PROTECT, verbose_name="persyaratan dasar yang diklaim"
    )
    prefilled_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="disalin dari"
    )

    # Personal data as stated on the form (a snapshot: the profile may change later).
    full_name = models.CharField("nama lengkap", max_length=150, blank=True)
    nik = models.CharField("NIK", max_length=16, blank=True)
    birth_place = models.CharField("tempat lahir", max_length=100, blank=True)
    birth_date = models.DateField("tanggal lahir", null=True, blank=True)
    sex = models.CharField("jenis kelamin", max_length=1, blank=True, choices=[("L", "Laki-laki"), ("P", "Perempuan")])
    nationality = models.CharField("kebangsaan", max_length=60, blank=True)
    address = models.TextField("alamat rumah", blank=True)
    phone = models.CharField("nomor HP", max_length=30, blank=True)
    email = models.EmailField("email", blank=True)
    last_education = models.CharField("pendidikan terakhir", max_length=100, blank=True)

    # Current job.
    institution = models.CharField("nama institusi/perusahaan", max_length=200, blank=True)
    position = models.CharField("jabatan", max_length=150, blank=True)
    job_address = models.TextField("alamat kantor", blank=True)
    job_phone = models.CharField("telepon kantor", max_length=30, blank=True)
    job_email = models.EmailField("email kantor", blank=True)

    # Acknowledgements (clause 7, 9.10, 8), stamped when given.
    rights_acknowledged_at = models.DateTimeField("hak dan kewajiban dipahami", null=True, blank=True)
    ethics_acknowledged_at = models.DateTimeField("kode etik disetujui", null=True, blank=True)
    fee_acknowledged_at = models.DateTimeField("biaya disetujui", null=True, blank=True)

    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)
    submitted_at = models.DateTimeField("diajukan", null=True, blank=True)
    decided_at = models.DateTimeField("diputuskan", null=True, blank=True)
    decision_note = models.TextField("catatan keputusan", blank=True)

    class Meta:
        verbose_name = "permohonan (APL-01)"
        verbose_name_plural = "permohonan (APL-01)"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.reference} {self.full_name or self.applicant}"

    @property
    def reference(self) -> str:
        return f"APL-{self.pk:06d}" if self.pk else "APL-baru"

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}
