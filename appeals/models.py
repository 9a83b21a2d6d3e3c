"""Appeals (9.9, FR.AK.04): filing window, an independent panel, a working-day deadline and a
binding outcome.

Status moves only through appeals.services (Appeal.TRANSITIONS, checked by skema_lsp.transitions)."""


from django.conf import settings
from django.db import models

from skema_lsp.cases import NumberedCase
from skema_lsp.storage import private_name


def _private_name(folder: str, filename: str) -> str:
    return private_name(f"appeals/{folder}", filename)


def attachment_path(instance, filename: str) -> str:
    return _private_name("attachments", filename)


def letter_path(instance, filename: str) -> str:
    return _private_name("letters", "x.pdf")


class Appeal(NumberedCase):
    """One candidate's appeal against one certification decision (FR.AK.04)."""

    class Status(models.TextChoices):
        RECEIVED = "diterima", "Diterima, menunggu tim banding"
        UNDER_REVIEW = "diperiksa", "Diperiksa tim banding"
        UPHELD = "dikabulkan", "Dikabulkan, menunggu tindak lanjut"
        REMEDIED = "ditindaklanjuti", "Dikabulkan dan ditindaklanjuti"
        REJECTED = "ditolak", "Ditolak (selesai)"

    class Outcome(models.TextChoices):
        UPHELD = "dikabulkan", "Dikabulkan"
        REJECTED = "ditolak", "Ditolak"

    class Remedy(models.TextChoices):
        REASSESSMENT = "asesmen_ulang", "Asesmen ulang oleh asesor lain"
        CORRECTED_DECISION = "keputusan_koreksi", "Keputusan sertifikasi dikoreksi"

    OPEN_STATUSES = (Status.RECEIVED, Status.UNDER_REVIEW)
    REFERENCE_PREFIX = "BND"
    TRANSITIONS = {
        Status.RECEIVED: {Status.UNDER_REVIEW},
        Status.UNDER_REVIEW: {Status.UPHELD, Status.REJECTED},
        Status.UPHELD: {Status.REMEDIED},
        Status.REMEDIED: set(),
        Status.REJECTED: set(),
    }

    # One appeal per decision: the outcome is binding (9.9.7), so there is no second round.
    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="appeal", verbose_name="keputusan yang dibanding"
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals", verbose_name="pemohon banding"
    )
    reference = models.CharField("nomor banding", max_length=40, unique=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)

    # FR.AK.04: the three questions, the reasons.
    process_explained = models.BooleanField("proses banding telah dijelaskan kepada saya")
    discussed_with_assessor = models.BooleanField("banding telah saya diskusikan dengan asesor")
    involves_other_person = models.BooleanField("saya melibatkan orang lain dalam proses banding")
    reasons = models.TextField("alasan banding")

    # The deadline (9.9.6), fixed at filing (NumberedCase keeps the receipt).
    due_on = models.DateField("batas keputusan banding", db_index=True)

    panel_formed_at = models.DateTimeField("tim banding dibentuk", null=True, blank=True)
    panel_formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="dibentuk oleh",
    )

    # The outcome and its letter: a snapshot written once when the majority is reached.
    outcome = models.CharField("hasil banding", max_length=20, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField("pertimbangan tim banding", blank=True)
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    letter_number = models.CharField("nomor surat keputusan banding", max_length=60, blank=True)
    letter_pdf = models.FileField("surat keputusan banding (PDF)", upload_to=letter_path, blank=True)

    # The binding effect of an upheld appeal.
    remedy = models.CharField("tindak lanjut", max_length=30, choices=Remedy.choices, blank=True)
    remedy_note = models.TextField("catatan tindak lanjut", blank=True)
    reassessment = models.ForeignKey(
        "assessment.Assessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="asesmen ulang",
    )
    corrected_decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="keputusan koreksi",
    )
    remedied_at = models.DateTimeField("ditindaklanjuti pada", null=True, blank=True)
    remedied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="ditindaklanjuti oleh",
    )

    class Meta(NumberedCase.Meta):
        verbose_name = "banding (FR.AK.04)"
        verbose_name_plural = "banding (FR.AK.04)"

    def __str__(self):
        return f"{self.reference} {self.appellant}"


class PanelMember(models.Model):
    """A Tim Banding member assigned to hear one appeal (9.9.4)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="panel", verbose_name="banding")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeal_panels", verbose_name="anggota"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ditetapkan oleh"
    )
    added_at = models.DateTimeField("ditetapkan pada", auto_now_add=True)

    class Meta:
        verbose_name = "anggota tim banding"
        verbose_name_plural = "anggota tim banding"
        ordering = ["appeal", "pk"]
        constraints = [models.UniqueConstraint(fields=["appeal", "member"], name="unique_panel_member")]

    def __str__(self):
        return f"{self.member} @ {self.appeal.reference}"


class PanelVote(models.Model):
    """One panel member's judgement with reasons; the appeal is decided by majority of the panel."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="votes", verbose_name="banding")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="anggota"
    )
    result = models.CharField("pendapat", max_length=20, choices=Appeal.Outcome.choices)
    reasons = models.TextField("alasan")
    cast_at = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        verbose_name = "suara tim banding"
        verbose_name_plural = "suara tim banding"
        ordering = ["cast_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["appeal", "member"], name="unique_panel_vote")]

    def __str__(self):
        return f"{self.member}: {self.get_result_display()}"


class AppealAttachment(models.Model):
    """A supporting file the appellant attached (PDF/JPEG/PNG, checked by content)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments", verbose_name="banding")
    file = models.FileField("berkas", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("nama berkas asli", max_length=200)
    content_type = models.CharField("jenis isi", max_length=60)
    size = models.PositiveIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)

    class Meta:
        verbose_name = "lampiran banding"
        verbose_name_plural = "lampiran banding"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
