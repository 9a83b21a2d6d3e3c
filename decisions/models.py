"""Technical-team meetings, decisions, SK and certificates (9.4, 9.5, 9.8).

Status fields move only through decisions.services (each model's TRANSITIONS, checked by
skema_lsp.transitions)."""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from schemes.models import Scheme
from skema_lsp.crypto import encrypted_storage
from skema_lsp.storage import private_name
from skema_lsp.templatetags.formatting import tanggal
from skema_lsp.urlcache import url_with_id


def _private_name(folder: str, filename: str) -> str:
    return private_name(f"decisions/{folder}", filename)


def certificate_photo_path(instance, filename: str) -> str:
    return _private_name("photos", filename)


def certificate_pdf_path(instance, filename: str) -> str:
    return _private_name("certificates", "x.pdf")


def document_pdf_path(instance, filename: str) -> str:
    return _private_name("documents", "x.pdf")


def violation_evidence_path(instance, filename: str) -> str:
    return _private_name("violations", filename)


def new_public_code() -> str:
    # 128 bits from the OS CSPRNG: the code in the QR cannot be guessed or enumerated.
    return secrets.token_urlsafe(16)


class NumberCounter(models.Model):
    """The last number handed out per (series, year). Issuers lock this row with
    select_for_update, so numbers are unique and gap-free even under concurrent issuance."""

    series = models.CharField("seri", max_length=60)
    year = models.PositiveSmallIntegerField("tahun")
    last_number = models.PositiveIntegerField("nomor terakhir", default=0)
    last_date = models.DateField(
        "tanggal nomor terakhir", null=True, blank=True,
        help_text="Nomor dalam satu tahun mengikuti urutan tanggal terbit: yang lebih awal ditolak.",
    )

    class Meta:
        verbose_name = "penghitung nomor"
        verbose_name_plural = "penghitung nomor"
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="unique_counter_series_year")]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last_number}"


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(status=Certificate.Status.BERLAKU, valid_until__gte=day)


class SuspensionCategory(models.TextChoices):
    """Why a certificate is suspended (9.5), in words fit for public verification: the category is
    published, the staff's free-text note never is."""

    SURVEILLANCE = "surveilan", "Hasil surveilan: pemeliharaan kompetensi tidak terbukti (9.6)"
    VIOLATION = "pelanggaran", "Pelanggaran ketentuan pemegang sertifikat (9.5.1)"
    MISUSE = "penyalahgunaan", "Penggunaan sertifikat di luar ketentuan (9.8)"
    REQUEST = "permintaan", "Atas permintaan pemegang sertifikat"
    OTHER = "lainnya", "Dibekukan sementara oleh LSP"


class Certificate(models.Model):
    """A competency certificate: the printable data is a snapshot copied at issue (9.4.6)."""

    class Status(models.TextChoices):
        BERLAKU = "berlaku", "Berlaku"
        DIBEKUKAN = "dibekukan", "Dibekukan"
        DICABUT = "dicabut", "Dicabut"
        DIGANTIKAN = "digantikan", "Digantikan"

    TRANSITIONS = {
        Status.BERLAKU: {Status.DIBEKUKAN, Status.DICABUT, Status.DIGANTIKAN},
        Status.DIBEKUKAN: {Status.BERLAKU, Status.DICABUT},
        Status.DICABUT: set(),
        Status.DIGANTIKAN: set(),
    }

    # The public status adds "kedaluwarsa", derived from the end date (no task needs to run).
    KEDALUWARSA = "kedaluwarsa"
    PUBLIC_LABELS = {
        "berlaku": "Berlaku",
        "kedaluwarsa": "Kedaluwarsa",
        "dibekukan": "Dibekukan",
        "dicabut": "Dicabut",
        "digantikan": "Digantikan",
    }

    number = models.CharField("nomor sertifikat", max_length=80, unique=True)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="certificates", verbose_name="skema")
    year = models.PositiveSmallIntegerField("tahun penomoran")
    sequence = models.PositiveIntegerField("nomor urut")
    public_code = models.CharField("kode verifikasi", max_length=40, unique=True, default=new_public_code)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates", verbose_name="pemegang"
    )
    application = models.ForeignKey(
        "registration.Application", null=True, blank=True, on_delete=models.PROTECT,
        related_name="certificates", verbose_name="permohonan",
    )
    decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates",
        verbose_name="keputusan",
    )
    letter = models.ForeignKey(
        "decisions.DecisionLetter", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates",
        verbose_name="SK",
    )
    issued_on = models.DateField("tanggal terbit")
    valid_until = models.DateField("berlaku sampai")

    # Snapshot of what is printed (profile or scheme edits later do not change an issued certificate).
    holder_name = models.CharField("nama pemegang", max_length=150)
    scheme_name = models.CharField("nama skema", max_length=200)
    scheme_name_en = models.CharField("nama skema (bahasa Inggris)", max_length=200, blank=True)
    scheme_number = models.CharField("nomor skema", max_length=60, blank=True)
    units = models.JSONField("unit kompetensi", default=list, help_text="[{code, title, title_en}] saat terbit.")
    scheme_version = models.PositiveSmallIntegerField("versi skema", default=1,
                                                      help_text="Versi skema yang berlaku saat terbit.")
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="penanda tangan",
    )
    signatory_name = models.CharField("nama penanda tangan", max_length=150)
    signatory_title = models.CharField("jabatan penanda tangan", max_length=150, default="Direktur LSP")
    # The holder's photo is personal data: encrypted at rest like the upload it was copied from.
    photo = models.FileField("pas foto", upload_to=certificate_photo_path, blank=True, storage=encrypted_storage)

    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.BERLAKU, db_index=True)
    status_reason = models.CharField("alasan status (publik)", max_length=300, blank=True)
    status_changed_at = models.DateTimeField("status diubah", null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        verbose_name="menggantikan sertifikat",
    )
    reissue_reason = models.CharField("alasan penerbitan ulang", max_length=300, blank=True)

    # 9.5: a suspension's published category, the staff's note (never published) and the deadline to
    # remedy it; past the deadline the suspension becomes a revocation proposal for the signatory.
    suspension_category = models.CharField("kategori alasan pembekuan (publik)", max_length=20, blank=True,
                                           choices=SuspensionCategory.choices)
    suspension_note = models.TextField("catatan pembekuan (hanya staf)", blank=True)
    remediation_deadline = models.DateField("batas perbaikan", null=True, blank=True)
    revocation_proposed_at = models.DateTimeField("diusulkan dicabut (batas perbaikan terlewati)", null=True,
                                                  blank=True)

    # 9.8.1–9.8.3: the holder acknowledges the rules on the use of the certificate once it is issued.
    rules_acknowledged_at = models.DateTimeField("ketentuan penggunaan sertifikat disetujui", null=True,
                                                 blank=True)
    # The registration number BNSP gives back after the blanko request; printed once recorded.
    bnsp_number = models.CharField("nomor registrasi BNSP", max_length=80, blank=True)
    bnsp_recorded_at = models.DateTimeField("nomor BNSP dicatat", null=True, blank=True)

    # 9.8.4: after suspension or revocation the holder must return the certificate.
    return_requested_at = models.DateTimeField("wajib dikembalikan sejak", null=True, blank=True)
    returned_at = models.DateTimeField("dikembalikan pada", null=True, blank=True)
    return_note = models.CharField("catatan pengembalian", max_length=300, blank=True)

    # The due date of the first surveillance period not yet submitted (None when no period is left),
    # kept by surveillance.services.refresh_next_due in the transaction of every change to it, so
    # "overdue" is a range read on an index rather than an anti-join over every certificate.
    next_surveillance_due = models.DateField("surveilan berikutnya jatuh tempo", null=True, blank=True,
                                             editable=False)

    pdf = models.FileField("berkas PDF", upload_to=certificate_pdf_path, blank=True)
    pdf_rendered_at = models.DateTimeField("PDF dibuat", null=True, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = "sertifikat kompetensi"
        verbose_name_plural = "sertifikat kompetensi"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year", "sequence"], name="unique_certificate_sequence"),
        ]
        indexes = [
            models.Index(fields=["holder", "scheme", "status"]),
            # The staff list (newest first) and the holders register (by end date) page through these.
            models.Index(fields=["-issued_on", "-id"], name="certificate_newest_first"),
            models.Index(fields=["valid_until", "id"], name="certificate_by_end_date"),
            # The staff list's other sort columns: a page of 50 is read off the index, not a sort of 100k.
            models.Index(fields=["holder_name", "id"], name="certificate_by_holder_name"),
            models.Index(fields=["scheme_name", "id"], name="certificate_by_scheme_name"),
            # The sweep's catch-up of lost PDF renders looks only at the few without a file.
            models.Index(fields=["id"], condition=models.Q(pdf=""), name="certificate_pdf_missing"),
            # The reminder sweep's date windows (surveillance by issue date; recertification and
            # expiry by end date) are answered from these alone: dates fall at random across the
            # table, so reading its rows for every candidate would read nearly all of it.
            models.Index(fields=["issued_on", "id"], include=["valid_until", "scheme"], condition=models.Q(
                status="berlaku"), name="certificate_in_force_by_issue"),
            models.Index(fields=["valid_until", "id"], include=["scheme", "status"], condition=models.Q(
                status__in=["berlaku", "dibekukan"]), name="certificate_current_by_end"),
            # Overdue and due-soon surveillance (holders register filter, dashboard figures).
            models.Index(fields=["next_surveillance_due", "id"], include=["valid_until"], condition=models.Q(
                status="berlaku", next_surveillance_due__isnull=False), name="certificate_surveillance_due"),
            # The sweep's suspension deadlines look only at the few suspended certificates.
            models.Index(fields=["remediation_deadline"], condition=models.Q(status="dibekukan"),
                         name="certificate_suspended_deadline"),
        ]

    def __str__(self):
        return f"{self.number} {self.holder_name}"

    def get_absolute_url(self) -> str:
        return url_with_id("decisions:certificate_detail", self.pk)

    @property
    def verification_path(self) -> str:
        return reverse("verification_detail", args=[self.public_code])

    @property
    def verification_url(self) -> str:
        return settings.SITE_URL + self.verification_path

    def is_expired(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.valid_until

    def effective_status(self, today: date | None = None) -> str:
        """The status the public sees today. Revoked and superseded are final; otherwise a
        certificate past its end date reads kedaluwarsa from that day on, without any task."""
        if self.status in {self.Status.DICABUT, self.Status.DIGANTIKAN}:
            return self.status
        if self.is_expired(today):
            return self.KEDALUWARSA
        return self.status

    def effective_status_label(self, today: date | None = None) -> str:
        return self.PUBLIC_LABELS[self.effective_status(today)]

    def public_reason(self, today: date | None = None) -> str | None:
        status = self.effective_status(today)
        if status == self.Status.BERLAKU:
            return None
        if status == self.KEDALUWARSA:
            return gettext("Masa berlaku berakhir pada %(date)s.") % {"date": tanggal(self.valid_until)}
        return self.status_reason or gettext(self.PUBLIC_LABELS[status])


class CertificateRevision(models.Model):
    """An earlier PDF of an issued certificate, kept byte for byte when a later fact had to be printed
    on it (the BNSP registration number): the issued document is never silently changed, the new
    file becomes the current one and this row says what it replaced, when and why."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="revisions",
                                    verbose_name="sertifikat")
    file = models.FileField("berkas PDF sebelumnya", upload_to=certificate_pdf_path)
    rendered_at = models.DateTimeField("PDF dibuat", null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    reason = models.CharField("alasan pembaruan", max_length=200)
    replaced_at = models.DateTimeField("diganti pada", default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="diganti oleh",
    )

    class Meta:
        verbose_name = "revisi PDF sertifikat"
        verbose_name_plural = "revisi PDF sertifikat"
        ordering = ["-replaced_at", "-pk"]

    def __str__(self):
        return f"{self.certificate.number} · {self.reason}"

    def save(self, *args, **kwargs):
        # A kept revision is a record: written once, never edited afterwards.
        if self.pk is not None:
            raise ValueError("Revisi PDF sertifikat tidak dapat diubah.")
        super().save(*args, **kwargs)


class Violation(models.Model):
    """A holder's violation (9.5.1 a–d) with its evidence, the warning and, if ignored, revocation (9.5.2)."""

    class Category(models.TextChoices):
        A = "a", "9.5.1 a. Melanggar ketentuan pemegang sertifikat"
        B = "b", "9.5.1 b. Melanggar ketentuan disiplin peserta uji kompetensi"
        C = "c", "9.5.1 c. Menyalahgunakan kewenangan yang telah diberikan"
        D = "d", "9.5.1 d. Mencemarkan nama baik LSP yang dapat merugikan LSP"

    class Status(models.TextChoices):
        DICATAT = "dicatat", "Dicatat"
        DIPERINGATKAN = "diperingatkan", "Peringatan diberikan"
        PENCABUTAN_DIUSULKAN = "pencabutan_diusulkan", "Pencabutan diusulkan"
        DICABUT = "dicabut", "Sertifikat dicabut"
        SELESAI = "selesai", "Selesai (tanpa pencabutan)"

    TRANSITIONS = {
        Status.DICATAT: {Status.DIPERINGATKAN, Status.SELESAI},
        Status.DIPERINGATKAN: {Status.PENCABUTAN_DIUSULKAN, Status.SELESAI},
        Status.PENCABUTAN_DIUSULKAN: {Status.DICABUT, Status.DIPERINGATKAN},
        Status.DICABUT: set(),
        Status.SELESAI: set(),
    }

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="violations", verbose_name="sertifikat"
    )
    category = models.CharField("jenis pelanggaran", max_length=1, choices=Category.choices)
    description = models.TextField("uraian pelanggaran")
    evidence = models.FileField("bukti", upload_to=violation_evidence_path)
    status = models.CharField("status", max_length=30, choices=Status.choices, default=Status.DICATAT, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dicatat oleh"
    )
    recorded_at = models.DateTimeField("dicatat pada", auto_now_add=True)

    warning_text = models.TextField("isi peringatan", blank=True)
    warning_deadline = models.DateField("batas waktu peringatan", null=True, blank=True)
    warned_at = models.DateTimeField("peringatan diberikan", null=True, blank=True)

    revocation_proposed_at = models.DateTimeField("pencabutan diusulkan", null=True, blank=True)
    revocation_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="diusulkan oleh",
    )
    revocation_decided_at = models.DateTimeField("pencabutan diputuskan", null=True, blank=True)
    revocation_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="diputuskan oleh",
    )
    closing_note = models.TextField("catatan penyelesaian", blank=True)

    class Meta:
        verbose_name = "pelanggaran"
        verbose_name_plural = "pelanggaran"
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.get_category_display()} – {self.certificate.number}"

    def warning_ignored(self, today: date | None = None) -> bool:
        """9.5.2: revocation needs a warning whose deadline has passed."""
        if not (self.warned_at and self.warning_deadline):
            return False
        return (today or timezone.localdate()) > self.warning_deadline


def end_of_day_jakarta(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_default_timezone())


def appeal_deadline_for(decided_at: datetime, window_days: int) -> datetime:
    """9.9.2: an appeal may be filed until 23:59 Asia/Jakarta of the window's last day."""
    local_day = timezone.localtime(decided_at).date()
    return end_of_day_jakarta(local_day + timedelta(days=window_days))


class TechnicalMeeting(models.Model):
    """Rapat tim teknis (9.4.4): decisions are made here and recorded in the Berita Acara."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", "Terbuka"
        DITUTUP = "ditutup", "Ditutup"

    TRANSITIONS = {Status.TERBUKA: {Status.DITUTUP}, Status.DITUTUP: set()}

    date = models.DateField("tanggal rapat")
    start_time = models.TimeField("waktu mulai", null=True, blank=True)
    place = models.CharField("tempat", max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="technical_meetings", verbose_name="anggota tim teknis"
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.TERBUKA, db_index=True)
    notes = models.TextField("catatan rapat", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dibuat oleh"
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    closed_at = models.DateTimeField("ditutup pada", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="ditutup oleh",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="anggota yang hadir",
        help_text="Dicatat saat rapat ditutup; Berita Acara hanya mencantumkan mereka.",
    )
    ba_number = models.CharField("nomor berita acara", max_length=80, blank=True)
    ba_pdf = models.FileField("berita acara (PDF)", upload_to=document_pdf_path, blank=True)

    class Meta:
        verbose_name = "rapat tim teknis"
        verbose_name_plural = "rapat tim teknis"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"Rapat tim teknis {tanggal(self.date)} · {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:meeting_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.TERBUKA


class MeetingCandidate(models.Model):
    """A candidate whose submitted assessment is put before the meeting."""

    meeting = models.ForeignKey(
        TechnicalMeeting, on_delete=models.PROTECT, related_name="candidates", verbose_name="rapat"
    )
    assessment = models.ForeignKey(
        "assessment.Assessment", on_delete=models.PROTECT, related_name="meeting_entries", verbose_name="asesmen"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ditambahkan oleh"
    )
    added_at = models.DateTimeField("ditambahkan", auto_now_add=True)
    reconsiders = models.OneToOneField(
        "decisions.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="reconsideration_entry",
        verbose_name="mempertimbangkan ulang keputusan",
        help_text="Keputusan yang bandingnya dikabulkan: rapat ini menetapkan keputusan koreksinya (9.9.7, 9.4.2).",
    )

    class Meta:
        verbose_name = "asesi dalam rapat"
        verbose_name_plural = "asesi dalam rapat"
        ordering = ["meeting", "pk"]
        constraints = [
            # An assessment is decided once: it sits in one meeting, and again only to reconsider an
            # upheld appeal's decision (once per decision: reconsiders is one-to-one).
            models.UniqueConstraint(fields=["assessment"], condition=models.Q(reconsiders__isnull=True),
                                    name="unique_meeting_candidate_assessment"),
        ]

    def __str__(self):
        return f"{self.assessment} @ {self.meeting}"


class Vote(models.Model):
    """One member's judgement on one candidate; the decision follows once a quorum agrees."""

    candidate = models.ForeignKey(MeetingCandidate, on_delete=models.PROTECT, related_name="votes",
                                  verbose_name="asesi")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name="anggota")
    result = models.CharField("keputusan", max_length=2, choices=[("K", "Kompeten"), ("BK", "Belum Kompeten")])
    notes = models.TextField("catatan", blank=True)
    cast_at = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        verbose_name = "suara anggota"
        verbose_name_plural = "suara anggota"
        ordering = ["cast_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["candidate", "member"], name="unique_vote_per_member")]

    def __str__(self):
        return f"{self.member}: {self.result}"


class Decision(models.Model):
    """The certification decision for one assessment (9.4.2): from a meeting, or a corrected
    decision after an upheld appeal (which points at the decision it corrects)."""

    class Result(models.TextChoices):
        K = "K", "Kompeten"
        BK = "BK", "Belum Kompeten"

    assessment = models.ForeignKey(
        "assessment.Assessment", on_delete=models.PROTECT, related_name="decisions", verbose_name="asesmen"
    )
    meeting_candidate = models.OneToOneField(
        MeetingCandidate, null=True, blank=True, on_delete=models.PROTECT, related_name="decision",
        verbose_name="asesi dalam rapat",
    )
    result = models.CharField("keputusan", max_length=2, choices=Result.choices)
    scheme_version = models.PositiveSmallIntegerField("versi skema", default=1,
                                                      help_text="Versi skema yang berlaku saat diputuskan.")
    notes = models.TextField("catatan", blank=True)
    decided_at = models.DateTimeField("diputuskan pada", default=timezone.now)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by",
        verbose_name="mengoreksi keputusan",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="dicatat oleh",
    )
    # 9.9.2: the appeal window runs from the formal notice (the approved SK), not from the vote.
    notified_at = models.DateTimeField("disampaikan resmi kepada asesi", null=True, blank=True)
    # An upheld appeal sends the decision back to a technical-team meeting (9.9.7 with 9.4.2).
    reconsideration_requested_at = models.DateTimeField("dikembalikan ke rapat tim teknis", null=True, blank=True)
    reconsideration_reason = models.TextField("alasan pertimbangan ulang", blank=True)

    class Meta:
        verbose_name = "keputusan sertifikasi"
        verbose_name_plural = "keputusan sertifikasi"
        ordering = ["-decided_at", "-pk"]
        constraints = [
            # An assessment is decided once; every later decision on it is a recorded correction.
            models.UniqueConstraint(fields=["assessment"], condition=models.Q(corrects__isnull=True),
                                    name="one_original_decision_per_assessment"),
        ]

    def __str__(self):
        return f"{self.get_result_display()} · {self.assessment}"

    @property
    def is_kompeten(self) -> bool:
        return self.result == self.Result.K

    @property
    def candidate(self):
        return self.assessment.application.applicant

    @property
    def application(self):
        return self.assessment.application

    @property
    def appeal_deadline(self) -> datetime:
        """End of the appeal window (9.9.2): the day the candidate was formally told (the approved SK;
        the decision day for decisions recorded before notices were kept) + scheme.appeal_window_days,
        23:59 WIB."""
        return appeal_deadline_for(self.notified_at or self.decided_at,
                                   self.assessment.application.scheme.appeal_window_days)

    @property
    def awaits_notice(self) -> bool:
        """A meeting's decision is not yet formally told until its SK is approved (9.4.5)."""
        return bool(self.meeting_candidate_id) and self.notified_at is None

    def deciders(self) -> list:
        """The members who voted in the meeting (the appeals panel must exclude them, 9.9.4)."""
        if not self.meeting_candidate_id:
            return [self.recorded_by] if self.recorded_by_id else []
        return [vote.member for vote in self.meeting_candidate.votes.select_related("member")]


class DecisionLetter(models.Model):
    """Surat Keputusan (9.4.5), based on the meeting's Berita Acara, approved by the signatory."""

    class Status(models.TextChoices):
        DRAF = "draf", "Draf"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan ke staf"
        DISETUJUI = "disetujui", "Disetujui"

    TRANSITIONS = {
        Status.DRAF: {Status.DISETUJUI, Status.DIKEMBALIKAN},
        Status.DIKEMBALIKAN: {Status.DRAF},
        Status.DISETUJUI: set(),
    }

    meeting = models.OneToOneField(
        TechnicalMeeting, on_delete=models.PROTECT, related_name="letter", verbose_name="rapat"
    )
    number = models.CharField("nomor SK", max_length=80, unique=True)
    year = models.PositiveSmallIntegerField("tahun")
    sequence = models.PositiveIntegerField("nomor urut")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAF, db_index=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="disusun oleh"
    )
    drafted_at = models.DateTimeField("disusun", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="disetujui oleh",
    )
    approved_at = models.DateTimeField("disetujui pada", null=True, blank=True)
    return_reason = models.TextField("alasan dikembalikan", blank=True)
    pdf = models.FileField("SK (PDF)", upload_to=document_pdf_path, blank=True)

    class Meta:
        verbose_name = "surat keputusan (SK)"
        verbose_name_plural = "surat keputusan (SK)"
        ordering = ["-drafted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="unique_sk_sequence")]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("decisions:sk_detail", args=[self.pk])


def competence_document_path(instance, filename: str) -> str:
    return _private_name("competence", filename)


class CompetenceRecord(models.Model):
    """9.4.3: a qualification, training or experience of a technical-team or appeal-panel member,
    kept with its date and document, and shown when the person is chosen for a meeting or a panel."""

    class Kind(models.TextChoices):
        QUALIFICATION = "kualifikasi", "Kualifikasi / pendidikan"
        TRAINING = "pelatihan", "Pelatihan"
        CERTIFICATION = "sertifikasi", "Sertifikat kompetensi / asesor"
        EXPERIENCE = "pengalaman", "Pengalaman proses sertifikasi"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competence_records",
                               verbose_name="personel")
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    title = models.CharField("kualifikasi / pelatihan", max_length=200)
    issuer = models.CharField("lembaga penerbit / penyelenggara", max_length=200, blank=True)
    obtained_on = models.DateField("tanggal")
    document = models.FileField("dokumen", upload_to=competence_document_path, max_length=200, blank=True)
    document_name = models.CharField("nama dokumen asli", max_length=200, blank=True)
    document_type = models.CharField("jenis isi dokumen", max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="dicatat oleh")
    recorded_at = models.DateTimeField("dicatat pada", auto_now_add=True)

    class Meta:
        verbose_name = "rekaman kompetensi personel (9.4.3)"
        verbose_name_plural = "rekaman kompetensi personel (9.4.3)"
        ordering = ["person", "-obtained_on", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.obtained_on:%Y})"


def competence_summary(person) -> str:
    """What a chooser reads next to a member's name: their latest records (prefetch
    `competence_records` to keep the list's query count flat)."""
    records = list(person.competence_records.all())[:3]
    if not records:
        return "rekaman kompetensi belum dicatat"
    return "; ".join(f"{r.title} ({r.obtained_on:%Y})" for r in records)
