"""The competency test as it is run (9.3): FR.IA.01 observation checklists, the FR.IA.05 written
multiple-choice test taken on a computer (CBT) and its settings per scheme. Every result feeds the
assessment's KUK evidence record through assessment.services; schedules are assessment.TestSession.

Status moves only through exams.services (Attempt.TRANSITIONS, checked by skema_lsp.transitions)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessment.models import Assessment, Question
from schemes.models import CompetencyUnit, PerformanceCriterion, Scheme

LETTERS = "ABCDEF"


class ExamSetting(models.Model):
    """The CBT's rules for one scheme: how many questions, how long, and the pass mark."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="exam_setting",
                                  verbose_name="skema")
    question_count = models.PositiveSmallIntegerField("jumlah soal per peserta", default=10)
    duration_minutes = models.PositiveSmallIntegerField("waktu ujian (menit)", default=30)
    pass_mark = models.PositiveSmallIntegerField("nilai batas lulus (%)", default=70)

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
    total = models.PositiveSmallIntegerField("jumlah soal", default=0)
    correct = models.PositiveSmallIntegerField("jawaban benar", default=0)
    score = models.PositiveSmallIntegerField("nilai (%)", null=True, blank=True)
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
    is_correct = models.BooleanField("benar", null=True, blank=True)

    class Meta:
        verbose_name = "soal ujian CBT"
        verbose_name_plural = "soal ujian CBT"
        ordering = ["attempt", "order"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="unique_question_per_attempt")]

    def __str__(self):
        return f"{self.attempt} #{self.order}"

    @property
    def chosen_letter(self) -> str:
        return LETTERS[self.chosen] if self.chosen is not None else "—"


class ObservationChecklist(models.Model):
    """FR.IA.01: the assessor's observation of one unit, per KUK met / not yet, with notes. Saved once
    per unit together with the KUK evidence it produces."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="observations",
                                   verbose_name="asesmen")
    unit = models.ForeignKey(CompetencyUnit, on_delete=models.PROTECT, related_name="+", verbose_name="unit")
    notes = models.TextField("catatan umum / umpan balik", blank=True)
    observed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="asesor")
    observed_at = models.DateTimeField("diobservasi", auto_now_add=True)

    class Meta:
        verbose_name = "ceklis observasi (FR.IA.01)"
        verbose_name_plural = "ceklis observasi (FR.IA.01)"
        ordering = ["unit__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit"], name="unique_observation_per_unit")]

    def __str__(self):
        return f"FR.IA.01 {self.assessment.reference} {self.unit.code}"


class ObservationRow(models.Model):
    checklist = models.ForeignKey(ObservationChecklist, on_delete=models.CASCADE, related_name="rows",
                                  verbose_name="ceklis")
    criterion = models.ForeignKey(PerformanceCriterion, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="KUK")
    met = models.BooleanField("memenuhi")
    notes = models.TextField("catatan", blank=True)

    class Meta:
        verbose_name = "baris ceklis observasi"
        verbose_name_plural = "baris ceklis observasi"
        ordering = ["criterion__element__order", "criterion__order"]

    def __str__(self):
        return f"KUK {self.criterion.number}: {'Ya' if self.met else 'Belum'}"
