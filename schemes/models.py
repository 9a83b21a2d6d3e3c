import re

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models

# A leading "[Contoh]" marks illustrative text that is not the official SKKNI wording.
EXAMPLE_TAG = re.compile(r"^\s*(\[[^\]]+\])\s*")


class Scheme(models.Model):
    """A certification scheme with its configurable rules (defaults from the seed)."""

    class Type(models.TextChoices):
        KKNI = "kkni", "KKNI"
        OKUPASI = "okupasi", "Okupasi"
        KLASTER = "klaster", "Klaster"

    code = models.SlugField("kode", max_length=60, unique=True)
    document_number = models.CharField("nomor dokumen", max_length=60, unique=True)
    name = models.CharField("nama skema", max_length=200)
    name_en = models.CharField("nama skema (bahasa Inggris)", max_length=200, blank=True,
                               help_text="Dicetak di sertifikat berbahasa ganda.")
    type = models.CharField("jenis skema", max_length=20, choices=Type.choices)
    description = models.TextField("uraian", blank=True)
    scope = models.TextField("ruang lingkup", blank=True)
    approved_on = models.DateField("tanggal pengesahan")
    approved_by = models.CharField("disahkan oleh", max_length=200, blank=True)
    fee = models.DecimalField("biaya sertifikasi (Rp)", max_digits=12, decimal_places=0)
    validity_years = models.PositiveSmallIntegerField("masa berlaku (tahun)", default=3)
    appeal_window_days = models.PositiveSmallIntegerField("batas pengajuan banding (hari)", default=1)
    appeal_working_days = models.PositiveSmallIntegerField("batas keputusan banding (hari kerja)", default=14)
    surveillance_interval_months = models.PositiveSmallIntegerField("interval surveilan (bulan)", default=12)
    recertification_lead_months = models.PositiveSmallIntegerField(
        "batas pengajuan sertifikasi ulang (bulan sebelum berakhir)", default=2
    )
    is_active = models.BooleanField("aktif", default=True)
    # The version in force: decisions and certificates copy it when made (their unit snapshot is the
    # content); a new version (schemes.services.publish_scheme_version) changes nothing issued.
    version = models.PositiveSmallIntegerField("versi berlaku", default=1)

    class Meta:
        verbose_name = "skema sertifikasi"
        verbose_name_plural = "skema sertifikasi"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def serial(self) -> str:
        """The scheme's own number as its document number carries it ("SKM/02/KLS/…" → "02"),
        used in certificate numbers instead of any database key; the code when there is none."""
        parts = [p for p in self.document_number.split("/") if p.strip()]
        if len(parts) > 1 and parts[1].strip().isdigit():
            return parts[1].strip()
        return self.code.upper()

    def valid_until(self, issued_on):
        """Last day of validity: issue date + validity years − 1 day (9.4.6)."""
        return issued_on + relativedelta(years=self.validity_years) - relativedelta(days=1)


class SchemeVersion(models.Model):
    """One version of a scheme in its history: its number, from when it applies and what changed.
    Documents issued under an earlier version keep that version's number and their own snapshot."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="versions", verbose_name="skema")
    number = models.PositiveSmallIntegerField("versi")
    effective_on = models.DateField("berlaku sejak", null=True, blank=True)
    note = models.TextField("perubahan", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="dicatat oleh",
    )
    created_at = models.DateTimeField("dicatat", auto_now_add=True)

    class Meta:
        verbose_name = "versi skema"
        verbose_name_plural = "versi skema"
        ordering = ["scheme", "-number"]
        constraints = [models.UniqueConstraint(fields=["scheme", "number"], name="unique_scheme_version")]

    def __str__(self):
        return f"{self.scheme} versi {self.number}"


class CompetencyUnit(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="units", verbose_name="skema")
    order = models.PositiveSmallIntegerField("urutan", default=1)
    code = models.CharField("kode unit", max_length=40)
    title = models.CharField("judul unit", max_length=250)
    title_en = models.CharField("judul unit (bahasa Inggris)", max_length=250, blank=True)

    class Meta:
        verbose_name = "unit kompetensi"
        verbose_name_plural = "unit kompetensi"
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_unit_code_per_scheme")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Element(models.Model):
    unit = models.ForeignKey(CompetencyUnit, on_delete=models.CASCADE, related_name="elements", verbose_name="unit")
    order = models.PositiveSmallIntegerField("urutan", default=1)
    title = models.CharField("elemen", max_length=300)
    is_example = models.BooleanField(
        "contoh ilustratif", default=False, help_text="Elemen contoh untuk demo, bukan teks resmi SKKNI."
    )

    class Meta:
        verbose_name = "elemen kompetensi"
        verbose_name_plural = "elemen kompetensi"
        ordering = ["unit", "order"]

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def self_assessment_question(self) -> str:
        # An illustrative element's "[Contoh]" tag moves to the end so the question still reads.
        match = EXAMPLE_TAG.match(self.title)
        title = self.title[match.end():] if match else self.title
        question = f"Dapatkah saya {title[:1].lower()}{title[1:]}?"
        return f"{question} {match.group(1)}" if match else question


class PerformanceCriterion(models.Model):
    """KUK (kriteria unjuk kerja)."""

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="criteria", verbose_name="elemen")
    order = models.PositiveSmallIntegerField("urutan", default=1)
    text = models.CharField("kriteria unjuk kerja", max_length=400)

    class Meta:
        verbose_name = "kriteria unjuk kerja (KUK)"
        verbose_name_plural = "kriteria unjuk kerja (KUK)"
        ordering = ["element", "order"]

    def __str__(self):
        return f"{self.number} {self.text}"

    @property
    def number(self) -> str:
        """"1.2": the element's number, then the KUK's own, as the scheme and the forms print it."""
        return f"{self.element.order}.{self.order}"


class BasicRequirement(models.Model):
    """Persyaratan dasar pemohon (6.1–6.4)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="requirements", verbose_name="skema")
    code = models.CharField("nomor", max_length=10)
    text = models.TextField("persyaratan")

    class Meta:
        verbose_name = "persyaratan dasar"
        verbose_name_plural = "persyaratan dasar"
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_requirement_code")]

    def __str__(self):
        return f"{self.code} {self.text}"


class RequiredDocument(models.Model):
    """A document of 9.1.2. `always` documents are asked of everyone; others follow the claimed
    basic requirement(s)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="documents", verbose_name="skema")
    code = models.SlugField("kode", max_length=40)
    order = models.PositiveSmallIntegerField("urutan", default=1)
    name = models.CharField("nama dokumen", max_length=250)
    clause = models.CharField("klausul", max_length=20, blank=True)
    always = models.BooleanField("wajib untuk semua", default=False)
    requirements = models.ManyToManyField(
        BasicRequirement, blank=True, related_name="documents", verbose_name="untuk persyaratan dasar"
    )
    is_image = models.BooleanField("harus berupa foto/gambar", default=False)
    min_files = models.PositiveSmallIntegerField("jumlah berkas minimal", default=1)

    class Meta:
        verbose_name = "dokumen persyaratan"
        verbose_name_plural = "dokumen persyaratan"
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_document_code")]

    def __str__(self):
        return self.name


class SchemeClause(models.Model):
    """Text the applicant must read and acknowledge: rights and duties (7), code of ethics (9.10)."""

    class Kind(models.TextChoices):
        HAK = "hak", "Hak pemohon (7.1)"
        KEWAJIBAN = "kewajiban", "Kewajiban pemegang sertifikat (7.2)"
        KODE_ETIK = "kode_etik", "Kode etik (9.10)"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="clauses", verbose_name="skema")
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    number = models.CharField("nomor", max_length=20)
    group = models.CharField("kelompok", max_length=120, blank=True)
    order = models.PositiveSmallIntegerField("urutan", default=1)
    text = models.TextField("teks")

    class Meta:
        verbose_name = "klausul skema"
        verbose_name_plural = "klausul skema"
        ordering = ["scheme", "kind", "order"]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"


class TUK(models.Model):
    """Tempat Uji Kompetensi; only a TUK the LSP verified may host a test (9.3.2)."""

    class Kind(models.TextChoices):
        SEWAKTU = "sewaktu", "TUK Sewaktu"
        TEMPAT_KERJA = "tempat_kerja", "TUK Tempat Kerja"
        MANDIRI = "mandiri", "TUK Mandiri"

    name = models.CharField("nama TUK", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.SEWAKTU)
    address = models.TextField("alamat")
    contact = models.CharField("kontak", max_length=120, blank=True)
    is_verified = models.BooleanField("terverifikasi LSP", default=False)
    verified_on = models.DateField("tanggal verifikasi", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="diverifikasi oleh"
    )

    class Meta:
        verbose_name = "TUK"
        verbose_name_plural = "TUK"
        ordering = ["name"]

    def __str__(self):
        return self.name
