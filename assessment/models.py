"""Assessment (9.2–9.3): test sessions at a TUK, conflict-free assignment, plan and consent
(FR.MAPA.01 / FR.AK.01), APL-02 review, competency test records judged by VATM (FR.IA.*, FR.AK.02),
report (FR.AK.05) and candidate feedback (FR.AK.03).

Status moves only through assessment.services (Assessment.TRANSITIONS, checked by skema_lsp.transitions)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import ConflictOfInterest
from registration.models import Application
from schemes.models import TUK, CompetencyUnit, PerformanceCriterion
from skema_lsp.storage import private_name
from skema_lsp.templatetags.formatting import tanggal


class Method(models.TextChoices):
    """Assessment methods of 9.3.1 (the FR.IA.* instruments)."""

    OBSERVASI = "observasi", "Observasi langsung (FR.IA.01)"
    DEMONSTRASI = "demonstrasi", "Demonstrasi / praktik (FR.IA.02)"
    PILIHAN_GANDA = "pilihan_ganda", "Tertulis pilihan ganda / CBT (FR.IA.05)"
    TERTULIS = "tertulis", "Pertanyaan tertulis esai (FR.IA.06)"
    LISAN = "lisan", "Pertanyaan lisan (FR.IA.07)"
    PORTOFOLIO = "portofolio", "Verifikasi portofolio (FR.IA.08)"
    WAWANCARA = "wawancara", "Wawancara (FR.IA.09)"
    PIHAK_KETIGA = "pihak_ketiga", "Laporan / klarifikasi pihak ketiga (FR.IA.10)"


class Recommendation(models.TextChoices):
    K = "K", "Kompeten"
    BK = "BK", "Belum Kompeten"


def issued_document_path(instance, filename: str) -> str:
    return private_name("assessment/documents", "x.pdf")


class TestSession(models.Model):
    """A scheduled competency test at a TUK the LSP verified (9.3.2)."""

    __test__ = False  # not a pytest test class despite the name

    scheme = models.ForeignKey(
        "schemes.Scheme", on_delete=models.PROTECT, related_name="test_sessions", verbose_name="skema"
    )
    date = models.DateField("tanggal")
    start_time = models.TimeField("jam mulai")
    end_time = models.TimeField("jam selesai", null=True, blank=True)
    tuk = models.ForeignKey(TUK, on_delete=models.PROTECT, related_name="test_sessions", verbose_name="TUK")
    capacity = models.PositiveSmallIntegerField("kapasitas (asesi)", default=10)
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="test_sessions", verbose_name="asesor"
    )
    note = models.TextField("catatan", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="dibuat oleh",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "jadwal uji kompetensi"
        verbose_name_plural = "jadwal uji kompetensi"
        ordering = ["-date", "-start_time", "-pk"]

    def __str__(self):
        return f"{tanggal(self.date)} {self.start_time:%H.%M} · {self.tuk}"

    def clean(self):
        # 9.3.2: only a TUK the LSP verified may host a test.
        if self.tuk_id and not self.tuk.is_verified:
            raise ValidationError({"tuk": "TUK ini belum diverifikasi LSP."})


class AssessmentQuerySet(models.QuerySet):
    def latest_round_only(self) -> "AssessmentQuerySet":
        """Rounds not superseded by a later round of the same application (a re-assessment)."""
        later = Assessment.objects.filter(application=models.OuterRef("application"),
                                          round__gt=models.OuterRef("round"))
        return self.filter(~models.Exists(later))


class Assessment(models.Model):
    """One assessment round of one accepted application by one assessor.

    A re-assessment after an upheld appeal is a new round with `excluded_assessor` set."""

    class Status(models.TextChoices):
        UNASSIGNED = "unassigned", "Menunggu penugasan asesor"
        PROPOSED = "proposed", "Menunggu pernyataan bebas konflik asesor"
        ASSIGNED = "assigned", "Asesor ditugaskan"
        PLAN_PROPOSED = "plan_proposed", "Rencana asesmen menunggu persetujuan asesi"
        PLAN_AGREED = "plan_agreed", "Rencana asesmen disetujui (FR.AK.01)"
        TESTING = "testing", "Uji kompetensi"
        NOT_CONTINUED = "not_continued", "Tidak dilanjutkan (pra-asesmen)"
        SUBMITTED = "submitted", "Diserahkan ke LSP"
        CANCELLED = "cancelled", "Dibatalkan"

    # The allowed moves (skema_lsp.transitions.transition checks them); a submitted record goes back
    # to testing only through a recorded reopen by staff.
    TRANSITIONS = {
        Status.UNASSIGNED: {Status.PROPOSED, Status.CANCELLED},
        Status.PROPOSED: {Status.ASSIGNED, Status.UNASSIGNED, Status.CANCELLED},
        Status.ASSIGNED: {Status.PLAN_PROPOSED, Status.CANCELLED},
        Status.PLAN_PROPOSED: {Status.PLAN_AGREED, Status.ASSIGNED, Status.CANCELLED},
        Status.PLAN_AGREED: {Status.TESTING, Status.NOT_CONTINUED, Status.CANCELLED},
        Status.TESTING: {Status.SUBMITTED, Status.CANCELLED},
        Status.SUBMITTED: {Status.TESTING},
        Status.NOT_CONTINUED: set(),
        Status.CANCELLED: set(),
    }
    # The assessor has declared no conflict and holds the case.
    HELD_STATUSES = (Status.ASSIGNED, Status.PLAN_PROPOSED, Status.PLAN_AGREED, Status.TESTING, Status.NOT_CONTINUED,
                     Status.SUBMITTED)
    OPEN_STATUSES = (Status.UNASSIGNED, Status.PROPOSED, Status.ASSIGNED, Status.PLAN_PROPOSED, Status.PLAN_AGREED,
                     Status.TESTING)
    # Rounds the candidate is not shown: no assessor has declared freedom from conflict yet, or cancelled.
    HIDDEN_FROM_CANDIDATE = (Status.UNASSIGNED, Status.PROPOSED, Status.CANCELLED)

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="assessments", verbose_name="permohonan"
    )
    round = models.PositiveSmallIntegerField("putaran", default=1)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="assessments_as_assessor", verbose_name="asesor",
    )
    excluded_assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="asesor yang dikecualikan", help_text="Asesor putaran sebelumnya (asesmen ulang setelah banding).",
    )
    session = models.ForeignKey(
        TestSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments",
        verbose_name="jadwal uji",
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.UNASSIGNED,
                              db_index=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="ditugaskan oleh",
    )
    assigned_at = models.DateTimeField("ditugaskan pada", null=True, blank=True)

    # Recommendation (FR.AK.02) and report (FR.AK.05), set on submission (9.3.5).
    recommendation = models.CharField("rekomendasi", max_length=2, choices=Recommendation.choices, blank=True)
    unmet_criteria = models.JSONField("KUK yang belum terpenuhi", default=list, blank=True)
    follow_up = models.TextField("tindak lanjut (BK)", blank=True)
    report_notes = models.TextField("catatan laporan asesmen (FR.AK.05)", blank=True)
    submitted_at = models.DateTimeField("diserahkan ke LSP", null=True, blank=True)
    reopened_at = models.DateTimeField("dibuka kembali", null=True, blank=True)
    reopen_reason = models.TextField("alasan dibuka kembali", blank=True)
    # FR.AK.02 and FR.AK.05 as issued: rendered once after the submission commits and served from
    # here afterwards, so a later change to the scheme, a name or the plan never alters them.
    record_pdf = models.FileField("rekaman asesmen FR.AK.02 (PDF)", upload_to=issued_document_path, blank=True)
    report_pdf = models.FileField("laporan asesmen FR.AK.05 (PDF)", upload_to=issued_document_path, blank=True)
    # Set once, when the technical team decides on this record (decisions calls record_decision):
    # from then on it is final; a correction is an appeal's corrected decision, never a reopen.
    decided_at = models.DateTimeField("diputuskan", null=True, blank=True)

    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "asesmen"
        verbose_name_plural = "asesmen"
        ordering = ["-created_at", "-pk"]
        # The staff assignment page: open rounds by status, and the latest submitted records.
        indexes = [models.Index(fields=["status", "id"], name="assessment_status_order"),
                   models.Index(fields=["status", "-submitted_at"], name="assessment_latest_submitted"),
                   # Seats taken per test session (queries.seats_taken), read from the index alone.
                   models.Index(fields=["session", "status"], name="assessment_session_seats")]
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="unique_assessment_round"),
        ]

    def __str__(self):
        return f"ASM-{self.pk or 0:06d} {self.application}"

    @property
    def reference(self) -> str:
        return f"ASM-{self.pk:06d}" if self.pk else "ASM-baru"

    @property
    def candidate(self):
        return self.application.applicant

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.TESTING

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class ConflictDeclaration(models.Model):
    """The assessor's statement, for one candidate, that there is (or is not) a conflict of interest."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="declarations", verbose_name="asesmen"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_declarations",
        verbose_name="asesor",
    )
    has_conflict = models.BooleanField("ada konflik kepentingan")
    kind = models.CharField("jenis konflik", max_length=20, blank=True,
                            choices=ConflictOfInterest.Kind.choices)
    note = models.TextField("keterangan", blank=True)
    declared_at = models.DateTimeField("dinyatakan pada", auto_now_add=True)

    class Meta:
        verbose_name = "pernyataan konflik kepentingan"
        verbose_name_plural = "pernyataan konflik kepentingan"
        ordering = ["-declared_at"]

    def __str__(self):
        return f"{self.assessor} · {'konflik' if self.has_conflict else 'bebas konflik'}"


class AssessmentPlan(models.Model):
    """FR.MAPA.01 / FR.AK.01: what evidence, how, when and where; accepted by the candidate."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="plan",
                                      verbose_name="asesmen")
    methods = models.JSONField("metode asesmen", default=list)
    # FR.MAPA.01/02: the methods chosen for each KUK, {"<KUK pk>": ["observasi", ...]}; `methods` is their union.
    criterion_methods = models.JSONField("metode per KUK (FR.MAPA.01)", default=dict, blank=True)
    evidence_to_collect = models.TextField("bukti yang akan dikumpulkan")
    date = models.DateField("hari/tanggal")
    time = models.TimeField("waktu")
    tuk = models.ForeignKey(TUK, on_delete=models.PROTECT, related_name="+", verbose_name="TUK")
    proposed_at = models.DateTimeField("diajukan asesor", null=True, blank=True)
    accepted_at = models.DateTimeField("rencana disetujui asesi", null=True, blank=True)
    confidentiality_accepted_at = models.DateTimeField("pernyataan kerahasiaan disetujui", null=True, blank=True)
    change_request = models.TextField("permintaan perubahan dari asesi", blank=True)

    class Meta:
        verbose_name = "rencana asesmen (FR.AK.01)"
        verbose_name_plural = "rencana asesmen (FR.AK.01)"

    def __str__(self):
        return f"Rencana {self.assessment.reference}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None and self.confidentiality_accepted_at is not None

    def get_methods_display(self) -> list[str]:
        labels = dict(Method.choices)
        return [labels.get(code, code) for code in self.methods]

    def methods_for(self, criterion_id: int) -> list[str]:
        return list(self.criterion_methods.get(str(criterion_id), []))

    def criterion_rows(self) -> list[tuple]:
        """[(KUK, method labels)] in the scheme's order, for the plan as the candidate reads it."""
        if not self.criterion_methods:
            return []
        labels = dict(Method.choices)
        criteria = PerformanceCriterion.objects.filter(pk__in=[int(k) for k in self.criterion_methods]).select_related(
            "element__unit").order_by("element__unit__order", "element__order", "order")
        return [(c, [labels.get(m, m) for m in self.methods_for(c.pk)]) for c in criteria]


class IdentityCheck(models.Model):
    """The candidate's identity checked by the assessor at the test, against an identity document
    (9.3; ISO/IEC 17024 9.3.3): who checked, which document, its number, when. Results may be entered
    (and the CBT started) only once it is recorded."""

    class Document(models.TextChoices):
        KTP = "ktp", "KTP elektronik"
        PASPOR = "paspor", "Paspor"
        SIM = "sim", "SIM"
        KITAS = "kitas", "KITAS/KITAP"
        LAINNYA = "lainnya", "Dokumen identitas resmi lainnya"

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="identity_check",
                                      verbose_name="asesmen")
    document = models.CharField("dokumen identitas", max_length=10, choices=Document.choices)
    document_number = models.CharField("nomor dokumen", max_length=40)
    matches_application = models.BooleanField("nama dan foto sesuai dengan data permohonan", default=True)
    note = models.TextField("catatan", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="diperiksa oleh")
    checked_at = models.DateTimeField("diperiksa pada", auto_now_add=True)

    class Meta:
        verbose_name = "pemeriksaan identitas asesi"
        verbose_name_plural = "pemeriksaan identitas asesi"

    def __str__(self):
        return f"{self.get_document_display()} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        number = self.document_number
        return "•" * max(len(number) - 4, 0) + number[-4:]


class PreAssessment(models.Model):
    """9.2.5–9.2.6: the assessor's review of the APL-02 evidence."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="pre_assessment",
                                      verbose_name="asesmen")
    can_continue = models.BooleanField("dapat dilanjutkan")
    reasons = models.TextField("alasan")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="dikaji oleh")
    reviewed_at = models.DateTimeField("dikaji pada", auto_now_add=True)

    class Meta:
        verbose_name = "pra-asesmen (kaji APL-02)"
        verbose_name_plural = "pra-asesmen (kaji APL-02)"

    def __str__(self):
        return f"{self.assessment.reference}: {'dapat' if self.can_continue else 'tidak dapat'} dilanjutkan"


def evidence_upload_to(instance, filename: str) -> str:
    return private_name("assessment/evidence", filename)


class EvidenceItem(models.Model):
    """One piece of evidence for one KUK, collected by a method and judged on V, A, T, M."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence",
                                   verbose_name="asesmen")
    criterion = models.ForeignKey(PerformanceCriterion, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="KUK")
    method = models.CharField("metode", max_length=20, choices=Method.choices)
    notes = models.TextField("catatan bukti", blank=True)
    file = models.FileField("berkas bukti", upload_to=evidence_upload_to, blank=True)
    valid = models.BooleanField("valid", default=False)
    authentic = models.BooleanField("asli", default=False)
    current = models.BooleanField("terkini", default=False)
    sufficient = models.BooleanField("memadai", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="dicatat oleh")
    recorded_at = models.DateTimeField("dicatat", auto_now_add=True)
    # The key of the unit-sheet submission that recorded it: the same submission sent twice is refused.
    submission = models.UUIDField("kiriman", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "bukti uji kompetensi"
        verbose_name_plural = "bukti uji kompetensi"
        ordering = ["criterion__element__unit__order", "criterion__element__order", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "submission", "criterion"],
                                    name="unique_evidence_per_submission_and_kuk"),
        ]

    def __str__(self):
        return f"{self.criterion} · {self.get_method_display()}"

    @property
    def vatm(self) -> tuple[bool, bool, bool, bool]:
        return (self.valid, self.authentic, self.current, self.sufficient)


class Question(models.Model):
    """Question bank per unit (written and oral) with the answer key; staff and assigned assessors only."""

    class Kind(models.TextChoices):
        TERTULIS = "tertulis", "Pertanyaan tertulis"
        LISAN = "lisan", "Pertanyaan lisan"
        PILIHAN_GANDA = "pilihan_ganda", "Pilihan ganda (FR.IA.05)"

    unit = models.ForeignKey(CompetencyUnit, on_delete=models.CASCADE, related_name="questions",
                             verbose_name="unit kompetensi")
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField("urutan", default=1)
    text = models.TextField("pertanyaan")
    answer_key = models.TextField("kunci jawaban")
    # Multiple choice (FR.IA.05): the options in order (A, B, ...) and the index of the correct one.
    # Only staff and assigned assessors ever see which one it is.
    options = models.JSONField("pilihan jawaban", default=list, blank=True)
    correct_option = models.PositiveSmallIntegerField("indeks pilihan yang benar", null=True, blank=True)
    criterion = models.ForeignKey(PerformanceCriterion, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="KUK yang diuji")
    is_active = models.BooleanField("aktif", default=True)
    retired_at = models.DateTimeField("ditarik", null=True, blank=True)
    retired_reason = models.TextField("alasan ditarik", blank=True)

    class Meta:
        verbose_name = "bank soal"
        verbose_name_plural = "bank soal"
        ordering = ["unit", "kind", "order", "pk"]

    def __str__(self):
        return f"{self.unit.code} {self.get_kind_display()} #{self.order}"


class AnswerJudgement(models.Model):
    """The assessor's judgement of the candidate's answer to one question."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers",
                                   verbose_name="asesmen")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+", verbose_name="pertanyaan")
    answer_summary = models.TextField("ringkasan jawaban asesi", blank=True)
    is_satisfactory = models.BooleanField("memuaskan")
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="dinilai oleh")
    judged_at = models.DateTimeField("dinilai", auto_now=True)

    class Meta:
        verbose_name = "penilaian jawaban"
        verbose_name_plural = "penilaian jawaban"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="unique_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question}: {'memuaskan' if self.is_satisfactory else 'belum memuaskan'}"


class Feedback(models.Model):
    """FR.AK.03: the candidate's feedback on the assessment process."""

    QUESTIONS = [
        ("explained", "Saya mendapatkan penjelasan yang cukup memadai mengenai proses asesmen/uji kompetensi."),
        ("discussed", "Saya diberikan kesempatan untuk mempelajari standar kompetensi dan menilai diri sendiri."),
        ("methods", "Asesor memberikan kesempatan mendiskusikan metode, instrumen, dan sumber asesmen."),
        ("evidence", "Asesor menggali seluruh bukti pendukung yang sesuai dengan latar belakang saya."),
        ("fair", "Asesor melakukan asesmen secara adil, fleksibel, dan tidak memihak."),
        ("feedback", "Asesor memberikan umpan balik yang mendukung setelah asesmen dan tindak lanjutnya."),
        ("confidential", "Asesor menjaga kerahasiaan informasi dan bukti saya."),
    ]

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="feedback",
                                      verbose_name="asesmen")
    answers = models.JSONField("jawaban", default=dict)
    comments = models.TextField("catatan/komentar lainnya", blank=True)
    submitted_at = models.DateTimeField("dikirim", auto_now_add=True)

    class Meta:
        verbose_name = "umpan balik asesi (FR.AK.03)"
        verbose_name_plural = "umpan balik asesi (FR.AK.03)"

    def __str__(self):
        return f"Umpan balik {self.assessment.reference}"

    def rows(self) -> list[tuple[str, bool | None]]:
        return [(text, self.answers.get(key)) for key, text in self.QUESTIONS]
