"""Cross-cutting records every stage writes: audit rows, in-app notifications, calendar overrides."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Log audit tidak dapat diubah.")

    def delete(self):
        raise PermissionError("Log audit tidak dapat dihapus.")


class AuditEntry(models.Model):
    """Append-only: one row per state change or issued document, written in the caller's transaction."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="pelaku"
    )
    created_at = models.DateTimeField("waktu", auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField("aksi", max_length=80)
    from_state = models.CharField("dari", max_length=40, blank=True)
    to_state = models.CharField("ke", max_length=40, blank=True)
    details = models.JSONField("rincian", default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "log audit"
        verbose_name_plural = "log audit"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Log audit tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Log audit tidak dapat dihapus.")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="penerima"
    )
    created_at = models.DateTimeField("waktu", auto_now_add=True)
    subject = models.CharField("judul", max_length=200)
    body = models.TextField("isi", blank=True)
    url = models.CharField("tautan", max_length=300, blank=True)
    read_at = models.DateTimeField("dibaca", null=True, blank=True)

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.subject


class CalendarDay(models.Model):
    """An LSP closure or an override of the national calendar, either way."""

    date = models.DateField("tanggal", unique=True)
    is_working_day = models.BooleanField(
        "hari kerja",
        help_text="Centang untuk menjadikan tanggal ini hari kerja; kosongkan untuk menjadikannya hari libur LSP.",
    )
    reason = models.CharField("keterangan", max_length=200)

    class Meta:
        verbose_name = "hari libur/kerja LSP"
        verbose_name_plural = "kalender LSP"
        ordering = ["date"]

    def __str__(self):
        kind = "hari kerja" if self.is_working_day else "libur"
        return f"{self.date:%d-%m-%Y} ({kind}): {self.reason}"


class SentReminder(models.Model):
    """The claim on one reminder: unique on (kind, object, due date, recipient), so a reminder is
    sent once however many sweeps run, in sequence or in parallel."""

    kind = models.CharField("jenis", max_length=60)
    # No index of its own: the claim's unique index serves every lookup. With one, PostgreSQL probed
    # claims by content type alone while its statistics lagged a burst of new claims, and the sweep's
    # claim check read every claim of that type for each candidate.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, db_index=False)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    due_date = models.DateField("tanggal jatuh tempo")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="penerima"
    )
    subject = models.CharField("judul", max_length=200)
    claim_token = models.UUIDField(db_index=True, editable=False)
    sent_at = models.DateTimeField("dikirim", auto_now_add=True)

    class Meta:
        verbose_name = "pengingat terkirim"
        verbose_name_plural = "pengingat terkirim"
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["-sent_at", "-id"], name="sent_reminder_newest_first")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "due_date", "recipient"], name="unique_reminder_claim"
            )
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id} ({self.due_date})"
