
from django.conf import settings
from django.db import models

from schemes.models import BasicRequirement, Element, RequiredDocument, Scheme
from skema_lsp.storage import private_name


class Application(models.Model):
    """APL-01: one applicant's request for certification in one scheme.

    Status moves only through registration.services (Application.TRANSITIONS, checked by
    skema_lsp.transitions)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        SUBMITTED = "submitted", "Diajukan"
        RETURNED = "returned", "Dikembalikan untuk perbaikan"
        ACCEPTED = "accepted", "Diterima sebagai peserta"
        REJECTED = "rejected", "Ditolak"

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.RETURNED, Status.ACCEPTED, Status.REJECTED},
        Status.ACCEPTED: set(),
        Status.REJECTED: set(),
    }

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

    # Eligibility check (9.1.5): the claimed basic requirement, judged by staff each review round.
    review_round = models.PositiveSmallIntegerField("putaran verifikasi", default=0)
    requirement_met = models.BooleanField("persyaratan dasar terpenuhi", null=True, blank=True)
    requirement_note = models.TextField("catatan persyaratan dasar", blank=True)
    returned_at = models.DateTimeField("dikembalikan", null=True, blank=True)

    class Meta:
        verbose_name = "permohonan (APL-01)"
        verbose_name_plural = "permohonan (APL-01)"
        ordering = ["-created_at", "-pk"]
        # The staff queue pages through applications oldest-submitted first.
        indexes = [models.Index(fields=["submitted_at", "id"], name="application_queue_order")]
        constraints = [
            # Two "start" requests at once (double click, two tabs) leave one draft: the database
            # refuses the second, whatever both saw before inserting (services.start_application).
            models.UniqueConstraint(fields=["applicant", "scheme"], condition=models.Q(status="draft"),
                                    name="one_draft_per_applicant_and_scheme"),
        ]

    def __str__(self):
        return f"{self.reference} {self.full_name or self.applicant}"

    @property
    def reference(self) -> str:
        return f"APL-{self.pk:06d}" if self.pk else "APL-baru"

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}

    @property
    def can_edit_form(self) -> bool:
        """APL-01/APL-02 answers change only in a draft; a returned application changes only the
        documents the staff flagged (registration.queries.flagged_documents)."""
        return self.status == self.Status.DRAFT


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # The stored name is random; the applicant's file name lives only in original_name.
    return private_name(f"evidence/{instance.application_id}", filename)


class Evidence(models.Model):
    """An uploaded file: a 9.1.2 document, free APL-02 evidence or a proof of payment.

    Files are never overwritten: a replacement is a new row and the old one points to it."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Dokumen persyaratan"
        PORTFOLIO = "portfolio", "Bukti pendukung APL-02"
        PAYMENT = "payment", "Bukti pembayaran"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="evidence", verbose_name="permohonan"
    )
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    required_document = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="dokumen persyaratan",
    )
    description = models.CharField("keterangan", max_length=200, blank=True)
    file = models.FileField("berkas", upload_to=evidence_upload_to, max_length=200)
    # Images only: the normalised, downscaled copy that PDFs (the certificate) embed.
    print_copy = models.FileField("salinan untuk dokumen PDF", upload_to=evidence_upload_to, max_length=200,
                                  blank=True)
    original_name = models.CharField("nama berkas asli", max_length=200)
    content_type = models.CharField("jenis isi", max_length=60)
    size = models.PositiveIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="diunggah oleh"
    )
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces", verbose_name="diganti oleh"
    )
    superseded_at = models.DateTimeField("diganti pada", null=True, blank=True)

    class Meta:
        verbose_name = "berkas bukti"
        verbose_name_plural = "berkas bukti"
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["application", "superseded_at"])]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.required_document_id:
            base = self.required_document.name
        else:
            base = self.description or self.get_kind_display()
        return f"{base} – {self.original_name}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def is_personal_id(self) -> bool:
        """KTP scans and photos: every access to them is logged (DESIGN, Files and personal data)."""
        doc = self.required_document
        return doc is not None and (doc.is_image or "ktp" in doc.code.lower() or "foto" in doc.code.lower())


class DocumentVerdict(models.Model):
    """Staff's check of one 9.1.2 document in one review round (9.1.5); earlier rounds are kept."""

    class Verdict(models.TextChoices):
        MEMENUHI = "memenuhi", "Memenuhi"
        TIDAK_MEMENUHI = "tidak_memenuhi", "Tidak memenuhi"
        TIDAK_ADA = "tidak_ada", "Tidak ada"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="verdicts", verbose_name="permohonan"
    )
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, related_name="+", verbose_name="dokumen"
    )
    review_round = models.PositiveSmallIntegerField("putaran verifikasi")
    verdict = models.CharField("hasil", max_length=20, choices=Verdict.choices)
    note = models.TextField("catatan", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diperiksa oleh"
    )
    reviewed_at = models.DateTimeField("diperiksa", auto_now_add=True)

    class Meta:
        verbose_name = "hasil pemeriksaan dokumen"
        verbose_name_plural = "hasil pemeriksaan dokumen"
        ordering = ["review_round", "required_document__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "required_document", "review_round"], name="unique_verdict_per_round"
            )
        ]

    def __str__(self):
        return f"{self.required_document}: {self.get_verdict_display()}"

    @property
    def is_flagged(self) -> bool:
        return self.verdict != self.Verdict.MEMENUHI


class SelfAssessment(models.Model):
    """APL-02: the applicant's K/BK answer to one element, with the evidence that backs it (9.1.3)."""

    class Answer(models.TextChoices):
        K = "K", "K (Kompeten)"
        BK = "BK", "BK (Belum Kompeten)"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="self_assessments", verbose_name="permohonan"
    )
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+", verbose_name="elemen")
    answer = models.CharField("jawaban", max_length=2, choices=Answer.choices, blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="self_assessments", verbose_name="bukti")
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "asesmen mandiri (APL-02)"
        verbose_name_plural = "asesmen mandiri (APL-02)"
        ordering = ["element__unit__order", "element__order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "element"], name="unique_answer_per_element")
        ]

    def __str__(self):
        return f"{self.element}: {self.answer or '-'}"


class Payment(models.Model):
    """The invoice for the scheme fee (clause 8), its proof of payment and staff confirmation.

    Status moves only through registration.services (Payment.TRANSITIONS)."""

    class Status(models.TextChoices):
        UNPAID = "unpaid", "Belum dibayar"
        PROOF_UPLOADED = "proof_uploaded", "Bukti diunggah, menunggu konfirmasi"
        CONFIRMED = "confirmed", "Lunas (dikonfirmasi)"
        REJECTED = "rejected", "Bukti ditolak"

    # A new proof may replace one still waiting for confirmation.
    TRANSITIONS = {
        Status.UNPAID: {Status.PROOF_UPLOADED},
        Status.REJECTED: {Status.PROOF_UPLOADED},
        Status.PROOF_UPLOADED: {Status.PROOF_UPLOADED, Status.CONFIRMED, Status.REJECTED},
        Status.CONFIRMED: set(),
    }

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="payment", verbose_name="permohonan"
    )
    invoice_number = models.CharField("nomor tagihan", max_length=40, unique=True)
    amount = models.DecimalField("jumlah (Rp)", max_digits=12, decimal_places=0)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.UNPAID, db_index=True)
    proof = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="bukti bayar"
    )
    note = models.TextField("catatan", blank=True)
    issued_at = models.DateTimeField("diterbitkan", auto_now_add=True)
    due_on = models.DateField("batas pembayaran", null=True, blank=True,
                              help_text="Ditetapkan saat tagihan terbit (registration.services.payment_due_on).")
    confirmed_at = models.DateTimeField("dikonfirmasi", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="dikonfirmasi oleh",
    )

    class Meta:
        verbose_name = "pembayaran"
        verbose_name_plural = "pembayaran"
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.invoice_number} ({self.get_status_display()})"

    @property
    def is_settled(self) -> bool:
        return self.status == self.Status.CONFIRMED
