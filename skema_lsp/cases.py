"""A numbered case: something a person files and the LSP follows to a close by a deadline, an appeal
(9.9) or a complaint. Both number their cases `PREFIX/<year>/<sequence>` from a gap-free yearly
counter, fix the receipt date and the deadline at filing, and are open while the status is one of
the model's OPEN_STATUSES."""

from datetime import date

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from skema_lsp.workdays import add_working_days


class NumberedCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def overdue(self, today: date | None = None):
        """Open cases past their deadline."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def by_deadline(self, today: date | None = None) -> dict[str, int]:
        """Open cases counted by how close their deadline is (DEADLINE_BANDS), in one query."""
        today = today or timezone.localdate()
        two, five = add_working_days(today, 2), add_working_days(today, 5)
        return self.open().aggregate(
            late=Count("pk", filter=Q(due_on__lt=today)),
            two=Count("pk", filter=Q(due_on__gte=today, due_on__lte=two)),
            five=Count("pk", filter=Q(due_on__gt=two, due_on__lte=five)),
            later=Count("pk", filter=Q(due_on__gt=five)),
        )


DEADLINE_BANDS = {"late": "Melewati batas", "two": "≤ 2 hari kerja lagi", "five": "3–5 hari kerja lagi",
                  "later": "> 5 hari kerja lagi"}


class NumberedCase(models.Model):
    """The numbering, receipt and open/overdue rules shared by appeals and complaints. A subclass sets
    REFERENCE_PREFIX and OPEN_STATUSES and declares `reference`, `status` and `due_on` with its own
    labels; its detail page is `<app>:detail`."""

    REFERENCE_PREFIX = ""
    OPEN_STATUSES: tuple = ()

    year = models.PositiveSmallIntegerField("tahun penomoran")
    sequence = models.PositiveIntegerField("nomor urut")
    # Receipt, fixed at filing so a later calendar edit does not move the deadline silently.
    filed_at = models.DateTimeField("diterima pada")
    received_on = models.DateField("tanggal penerimaan (WIB)")

    objects = NumberedCaseQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-filed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="unique_%(class)s_sequence")]

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:detail", args=[self.pk])

    @classmethod
    def numbering(cls, year: int, sequence: int) -> dict:
        """The numbering columns of a new case, `sequence` taken from the yearly counter."""
        return {"year": year, "sequence": sequence, "reference": f"{cls.REFERENCE_PREFIX}/{year}/{sequence:04d}"}

    @property
    def file_stem(self) -> str:
        """The reference as it can stand in a file name (ADU/2026/0001 → ADU-2026-0001)."""
        return self.reference.replace("/", "-")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and (today or timezone.localdate()) > self.due_on
