"""The competency test as it is run (9.3): the per-KUK instrument sheets (FR.IA.01 observation,
FR.IA.03 supporting questions, FR.IA.11 portfolio review), the written test taken on a computer (CBT:
FR.IA.05 multiple choice, FR.IA.06 essays reviewed by the assessor) and its settings per scheme. Every result feeds the
assessment's KUK evidence record through assessment.services; schedules are assessment.TestSession.

Status moves only through exams.services (Attempt.TRANSITIONS, checked by skema_lsp.transitions)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessment.models import Assessment, Question
from registration.models import Evidence
from schemes.models import CompetencyUnit, PerformanceCriterion, Scheme
from skema_lsp.storage import private_name

LETTERS = "ABCDEF"
ESSAY_MAX_CHARS = 5000  # characters of one essay answer (FR.IA.06)


class ExamSetting(models.Model):
    """The CBT's rules for one scheme: how many questions, how long, and the pass mark."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="exam_setting",
                                  verbose_name="skema")
    question_count = models.PositiveSmallIntegerField("jumlah soal per peserta", default=10)
    duration_minutes = models.PositiveSmallIntegerField("waktu ujian (menit)", default=30)
    pass_mark = models.PositiveSmallIntegerField("nilai batas lulus (%)", default=70)
    essay_count = models.PositiveSmallIntegerField("jumlah soal esai per peserta (FR.IA.06)", default=2)

    class Meta:
        verbose_name = "pengaturan CBT skema"
        verbose_name_plural = "pengaturan CBT skema"

    def __str__(self):
        return f"CBT {self.scheme}: {self.question_count} soal, {self.duration_minutes} menit, lulus {self.pass_mark}%"


class Attempt(models.Model):
    """One candidate's one attempt at the CBT (FR.IA.05). The server owns the clock: `deadline` is
    fixed when it starts and no answer is accepted after it."""

    class Status(models.TextChoices):
        STARTED = "started", "Sedang berlangsung"
        FINISHED = "finished", "Selesai"

    class Ending(models.TextChoices):
        SUBMITTED = "submitted", "Diserahkan asesi"
        TIME_UP = "time_up", "Waktu habis"

    TRANSITIONS = {Status.STARTED: {Status.FINISHED}, Status.FINISHED: set()}

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="cbt_attempt",
                                      verbose_name="asesmen")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.STARTED,
                              db_index=True)
    started_at = models.DateTimeField("mulai")
    deadline = models.DateTimeField("batas waktu", db_index=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    ending = models.CharField("cara selesai", max_length=10, choices=Ending.choices, blank=True)
    pass_mark = models.PositiveSmallIntegerField("nilai batas lulus (%)")
    total = models.PositiveSmallIntegerField("jumlah soal pilihan ganda", default=0)
    correct = models.PositiveSmallIntegerField("jawaban benar", default=0)
    score = models.PositiveSmallIntegerField("nilai pilihan ganda (%)", null=True, blank=True)
    passed = models.BooleanField("lulus", null=True, blank=True)
    recorded_at = models.DateTimeField("dicatat ke rekaman VATM", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="dicatat oleh")
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "ujian CBT (FR.IA.05)"
        verbose_name_plural = "ujian CBT (FR.IA.05)"
        ordering = ["-started_at"]

    def __str__(self):
        return f"CBT {self.assessment.reference}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.STARTED and timezone.now() < self.deadline

    @property
    def seconds_left(self) -> int:
        return max(0, int((self.deadline - timezone.now()).total_seconds()))


class AttemptQuestion(models.Model):
    """A question drawn for this attempt and the candidate's choice (saved as it is given)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items", verbose_name="ujian")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempt_items",
                                 verbose_name="soal")
    order = models.PositiveSmallIntegerField("nomor")
    chosen = models.PositiveSmallIntegerField("pilihan asesi", null=True, blank=True)
    answered_at = models.DateTimeField("dijawab", null=True, blank=True)
    is_correct = models.BooleanField("benar / kompeten", null=True, blank=True)
    # FR.IA.06 essay: the candidate's text, saved as it is typed; judged by the assessor, never scored
    # automatically (is_correct stays empty until the review).
    essay_answer = models.TextField("jawaban esai", blank=True)
    review_note = models.TextField("catatan penilaian esai", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="dinilai oleh")
    reviewed_at = models.DateTimeField("dinilai", null=True, blank=True)

    class Meta:
        verbose_name = "soal ujian CBT"
        verbose_name_plural = "soal ujian CBT"
        ordering = ["attempt", "order"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="unique_question_per_attempt")]

    def __str__(self):
        return f"{self.attempt} #{self.order}"

    @property
    def is_essay(self) -> bool:
        return self.question.kind == Question.Kind.TERTULIS

    @property
    def chosen_letter(self) -> str:
        return LETTERS[self.chosen] if self.chosen is not None else "—"


class Instrument(models.TextChoices):
    """The FR.IA instruments that judge a unit per KUK on one sheet (one shape, one service)."""

    OBSERVATION = "FR.IA.01", "Ceklis observasi (FR.IA.01)"
    SUPPORTING = "FR.IA.03", "Pertanyaan pendukung observasi (FR.IA.03)"
    PORTFOLIO = "FR.IA.11", "Ceklis meninjau portofolio (FR.IA.11)"


def instrument_pdf_path(instance, filename: str) -> str:
    return private_name("exams/instruments", "x.pdf")


class InstrumentSheet(models.Model):
    """One per-KUK instrument (FR.IA.01 observation, FR.IA.03 supporting questions, FR.IA.11
    portfolio review) filled in for one unit: each row a KUK judged, saved once per unit and
    instrument together with the KUK evidence it produces."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="instrument_sheets",
                                   verbose_name="asesmen")
    unit = models.ForeignKey(CompetencyUnit, on_delete=models.PROTECT, related_name="+", verbose_name="unit")
    instrument = models.CharField("instrumen", max_length=10, choices=Instrument.choices,
                                  default=Instrument.OBSERVATION)
    notes = models.TextField("catatan umum / umpan balik", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="asesor")
    recorded_at = models.DateTimeField("diisi", auto_now_add=True)
    # The sheet as issued: rendered once after it is recorded and served from here afterwards, so a
    # later change to the unit, a KUK's text or the assessor's name never alters it.
    pdf = models.FileField("lembar instrumen (PDF)", upload_to=instrument_pdf_path, blank=True)

    class Meta:
        verbose_name = "lembar instrumen per KUK (FR.IA.01/03/11)"
        verbose_name_plural = "lembar instrumen per KUK (FR.IA.01/03/11)"
        ordering = ["unit__order", "instrument"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit", "instrument"],
                                               name="unique_instrument_sheet_per_unit")]

    def __str__(self):
        return f"{self.instrument} {self.assessment.reference} {self.unit.code}"


class InstrumentRow(models.Model):
    """One KUK on a sheet. `met` is the instrument's verdict (observed / answered satisfactorily /
    sufficient); the portfolio review also judges valid, authentic and current, which an
    observation or a question asked in person always is."""

    sheet = models.ForeignKey(InstrumentSheet, on_delete=models.CASCADE, related_name="rows", verbose_name="lembar")
    criterion = models.ForeignKey(PerformanceCriterion, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="KUK")
    met = models.BooleanField("memenuhi / memadai")
    valid = models.BooleanField("valid", default=True)
    authentic = models.BooleanField("asli", default=True)
    current = models.BooleanField("terkini", default=True)
    question = models.TextField("pertanyaan yang diajukan", blank=True)
    answer = models.TextField("jawaban asesi", blank=True)
    portfolio_file = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name="berkas portofolio yang ditinjau")
    notes = models.TextField("catatan", blank=True)

    class Meta:
        verbose_name = "baris instrumen per KUK"
        verbose_name_plural = "baris instrumen per KUK"
        ordering = ["criterion__element__order", "criterion__order"]

    def __str__(self):
        return f"KUK {self.criterion.number}: {'Ya' if self.met else 'Belum'}"

    @property
    def vatm(self) -> tuple[bool, bool, bool, bool]:
        return (self.valid, self.authentic, self.current, self.met)


class OralRecord(models.Model):
    """FR.IA.07 as recorded for one unit: the answers themselves are assessment's answer judgements;
    this row marks the unit's oral questions judged (once) and holds the issued PDF, rendered once
    after the judgements commit, so a later change to a question, the unit or a name never alters it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="oral_records",
                                   verbose_name="asesmen")
    unit = models.ForeignKey(CompetencyUnit, on_delete=models.PROTECT, related_name="+", verbose_name="unit")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="asesor")
    recorded_at = models.DateTimeField("dinilai", auto_now_add=True)
    pdf = models.FileField("pertanyaan lisan FR.IA.07 (PDF)", upload_to=instrument_pdf_path, blank=True)

    class Meta:
        verbose_name = "pertanyaan lisan per unit (FR.IA.07)"
        verbose_name_plural = "pertanyaan lisan per unit (FR.IA.07)"
        ordering = ["unit__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit"], name="unique_oral_record_per_unit")]

    def __str__(self):
        return f"FR.IA.07 {self.assessment.reference} {self.unit.code}"
