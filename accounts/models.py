from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.roles import Role
from skema_lsp.crypto import encrypted_storage
from skema_lsp.storage import private_name


class User(AbstractUser):
    """A person: applicant, staff, assessor, committee member or signatory (roles are groups)."""

    class Sex(models.TextChoices):
        LAKI_LAKI = "L", "Laki-laki"
        PEREMPUAN = "P", "Perempuan"

    email = models.EmailField("email", unique=True, null=True, blank=True)
    full_name = models.CharField("nama lengkap", max_length=150, blank=True)
    nik = models.CharField("NIK", max_length=16, blank=True, db_index=True)
    birth_place = models.CharField("tempat lahir", max_length=100, blank=True)
    birth_date = models.DateField("tanggal lahir", null=True, blank=True)
    sex = models.CharField("jenis kelamin", max_length=1, choices=Sex.choices, blank=True)
    nationality = models.CharField("kebangsaan", max_length=60, blank=True, default="Indonesia")
    address = models.TextField("alamat rumah", blank=True)
    phone = models.CharField("nomor HP", max_length=30, blank=True)
    last_education = models.CharField("pendidikan terakhir", max_length=100, blank=True)
    met_number = models.CharField(
        "nomor registrasi MET", max_length=40, blank=True, help_text="Khusus asesor kompetensi."
    )
    met_valid_until = models.DateField(
        "registrasi MET berlaku sampai", null=True, blank=True,
        help_text="Asesor tidak dapat ditugaskan setelah tanggal ini.",
    )
    position = models.CharField(
        "jabatan", max_length=150, blank=True,
        help_text="Dicetak di bawah tanda tangan (mis. Direktur); kosong = jabatan bawaan dari pengaturan.",
    )
    email_verified_at = models.DateTimeField("email terverifikasi", null=True, blank=True)
    # The language of the page the person signed up on: their emails are written in it (skema_lsp.notify).
    language = models.CharField("bahasa email", max_length=8, default="id",
                                choices=[("id", "Bahasa Indonesia"), ("en", "English")])

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def met_label(self) -> str:
        """The assessor's registration as printed: "No. Reg. MET.000.012345 2019" (the number
        already carries its MET prefix; one is added only where it was stored without)."""
        number = self.met_number.strip()
        if not number:
            return ""
        return f"No. Reg. {number if number.upper().startswith('MET') else 'MET.' + number}"

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_set

    @property
    def is_staf(self) -> bool:
        return self.has_role(Role.STAF) or self.is_superuser

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)


def mask_nik(nik: str) -> str:
    if not nik:
        return ""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:] if len(nik) > 8 else "*" * len(nik)


class Consent(models.Model):
    """Consent per purpose (UU PDP), with the exact text version agreed to and when."""

    class Purpose(models.TextChoices):
        SERTIFIKASI = "sertifikasi", "Pemrosesan data untuk proses sertifikasi"
        VERIFIKASI_PUBLIK = "verifikasi_publik", "Publikasi nama dan status sertifikat pada verifikasi publik"
        KOMUNIKASI = "komunikasi", "Pemberitahuan melalui email"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name="pengguna")
    purpose = models.CharField("tujuan", max_length=40, choices=Purpose.choices)
    text_version = models.CharField("versi teks", max_length=20)
    text = models.TextField("teks persetujuan")
    given_at = models.DateTimeField("waktu persetujuan", auto_now_add=True)
    withdrawn_at = models.DateTimeField("waktu penarikan", null=True, blank=True)

    class Meta:
        verbose_name = "persetujuan data pribadi"
        verbose_name_plural = "persetujuan data pribadi"
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user} – {self.get_purpose_display()} ({self.text_version})"


class ConflictOfInterest(models.Model):
    """A declared relationship that makes `person` unfit to assess, decide or hear an appeal for
    `candidate` (trained them, supervises them, family, other)."""

    class Kind(models.TextChoices):
        PELATIH = "pelatih", "Pernah melatih"
        ATASAN = "atasan", "Atasan / bawahan langsung"
        KELUARGA = "keluarga", "Hubungan keluarga"
        LAINNYA = "lainnya", "Lainnya"

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="conflicts_declared", verbose_name="personel"
    )
    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="conflicts_with", verbose_name="asesi")
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    note = models.TextField("keterangan", blank=True)
    declared_at = models.DateTimeField("dinyatakan pada", auto_now_add=True)

    class Meta:
        verbose_name = "konflik kepentingan"
        verbose_name_plural = "konflik kepentingan"
        constraints = [models.UniqueConstraint(fields=["person", "candidate", "kind"], name="unique_conflict_kind")]

    def __str__(self):
        return f"{self.person} ↔ {self.candidate}: {self.get_kind_display()}"


# UU PDP 27/2022: a request of the data subject is answered, and a breach notified, within 3 × 24 hours.
PDP_RESPONSE_TIME = timedelta(hours=72)


class CorrectionRequest(models.Model):
    """A data subject's request to correct inaccurate data or to restrict its processing (UU PDP
    27/2022, Pasal 6 and 11), answered by staff within 3 × 24 hours (`due_at`)."""

    class Kind(models.TextChoices):
        KOREKSI = "koreksi", "Koreksi data yang salah"
        PEMBATASAN = "pembatasan", "Pembatasan pemrosesan data"

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", "Diajukan"
        DIPROSES = "diproses", "Sedang diproses"
        DIKABULKAN = "dikabulkan", "Dikabulkan"
        DITOLAK = "ditolak", "Ditolak"

    TRANSITIONS = {
        Status.DIAJUKAN: {Status.DIPROSES, Status.DIKABULKAN, Status.DITOLAK},
        Status.DIPROSES: {Status.DIKABULKAN, Status.DITOLAK},
    }
    OPEN = (Status.DIAJUKAN, Status.DIPROSES)

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="correction_requests",
                             verbose_name="subjek data")
    kind = models.CharField("jenis permintaan", max_length=20, choices=Kind.choices)
    data_item = models.CharField("data yang dimaksud", max_length=200,
                                 help_text="Mis. nama lengkap, tanggal lahir, alamat, foto, berkas KTP.")
    detail = models.TextField("uraian", help_text="Apa yang salah dan seharusnya bagaimana, atau pemrosesan apa "
                                                  "yang ingin dibatasi dan alasannya.")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DIAJUKAN,
                              db_index=True)
    created_at = models.DateTimeField("diajukan pada", default=timezone.now, editable=False)
    due_at = models.DateTimeField("batas penyelesaian")
    handled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="ditangani oleh")
    outcome = models.TextField("hasil", blank=True)
    resolved_at = models.DateTimeField("diselesaikan pada", null=True, blank=True)

    class Meta:
        verbose_name = "permintaan koreksi/pembatasan data"
        verbose_name_plural = "permintaan koreksi/pembatasan data"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        return f"PDP-{self.pk:06d}" if self.pk else "PDP-baru"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


def export_upload_to(instance: "DataExportRequest", filename: str) -> str:
    return private_name("exports", filename)


class DataExportRequest(models.Model):
    """A copy of the subject's personal data produced in the background: the 3 × 24-hour clock
    runs from the request (`due_at`) until the ZIP is ready."""

    class Status(models.TextChoices):
        DIPROSES = "diproses", "Sedang disiapkan"
        SIAP = "siap", "Siap diunduh"

    TRANSITIONS = {Status.DIPROSES: {Status.SIAP}}

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="export_requests",
                             verbose_name="subjek data")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DIPROSES)
    requested_at = models.DateTimeField("diminta pada", default=timezone.now, editable=False)
    due_at = models.DateTimeField("batas penyediaan")
    ready_at = models.DateTimeField("siap pada", null=True, blank=True)
    file = models.FileField("berkas ZIP", upload_to=export_upload_to, storage=encrypted_storage, blank=True,
                            max_length=200)

    class Meta:
        verbose_name = "permintaan salinan data pribadi"
        verbose_name_plural = "permintaan salinan data pribadi"
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.requested_at:%Y-%m-%d %H:%M}"


def breach_notice_upload_to(instance: "BreachIncident", filename: str) -> str:
    return private_name("breach", filename)


class BreachIncident(models.Model):
    """A personal data breach (UU PDP 27/2022, Pasal 46): what was exposed, when, how, the
    remediation, and the written notices to the subjects and to the authority, due 3 × 24 hours
    after the breach became known (`notice_due_at`)."""

    class Status(models.TextChoices):
        TERCATAT = "tercatat", "Tercatat, pemberitahuan belum dikirim"
        DIBERITAHUKAN = "diberitahukan", "Pemberitahuan terkirim"
        DITUTUP = "ditutup", "Ditutup"

    TRANSITIONS = {Status.TERCATAT: {Status.DIBERITAHUKAN}, Status.DIBERITAHUKAN: {Status.DITUTUP}}

    title = models.CharField("judul insiden", max_length=200)
    occurred_at = models.DateTimeField("waktu kejadian", null=True, blank=True)
    discovered_at = models.DateTimeField("waktu diketahui")
    data_exposed = models.TextField("data pribadi yang terungkap")
    cause = models.TextField("bagaimana terjadi")
    remediation = models.TextField("penanganan dan pemulihan")
    affected = models.ManyToManyField(User, blank=True, related_name="breach_incidents",
                                      verbose_name="subjek data terdampak")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.TERCATAT)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="dicatat oleh")
    created_at = models.DateTimeField("dicatat pada", auto_now_add=True)
    notice_due_at = models.DateTimeField("batas pemberitahuan")
    notified_at = models.DateTimeField("pemberitahuan dikirim", null=True, blank=True)
    authority_notice = models.FileField("surat pemberitahuan kepada lembaga", upload_to=breach_notice_upload_to,
                                        blank=True, max_length=200)

    class Meta:
        verbose_name = "insiden kebocoran data pribadi"
        verbose_name_plural = "insiden kebocoran data pribadi"
        ordering = ["-discovered_at", "-pk"]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"INS-{self.pk:04d}" if self.pk else "INS-baru"
