from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property

from accounts.roles import Role


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
