"""Contract 6: `seed_bench --certificates N` makes a large, realistic data set fast: rows go in through
PostgreSQL's COPY (a million certificates in minutes), ids reserved from each table's sequence.

Holders with certificates issued over the last four years (so surveillance, recertification and
expiry reminders fire), their surveillance history (most periods done, a few overdue, recent
submissions waiting for review) and the reminders already sent for it, some recertification
requests, applications left as drafts or waiting for verification, test sessions, assessments at
several stages, decisions taken in closed technical meetings with an approved SK, open appeals with
panels and warned violations: every staff list and every reminder has rows. Every row gets a run
tag, so a second run adds to the first instead of colliding. Meant for a throwaway PostgreSQL
database: refuses when DEBUG is off unless --force, and locks each table while it fills it.
"""

import io
import json
import random
import secrets
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

CHUNK = 100_000  # rows per COPY statement
FIRST_NAMES = ["Adi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari",
               "Made", "Nur", "Putu", "Rina", "Sari", "Teguh", "Wahyu", "Yusuf"]
LAST_NAMES = ["Pratama", "Saputra", "Wijaya", "Hidayat", "Siregar", "Nasution", "Lubis", "Harahap", "Setiawan",
              "Kusuma", "Santoso", "Wibowo", "Simanjuntak", "Purnomo", "Rahmawati", "Susanti"]
UNIT = {"code": "O.84PPB01.007.1", "title": "Mengoordinasikan Pelaksanaan Rencana Pembangunan"}


class Command(BaseCommand):
    help = "Membuat data uji beban dalam jumlah besar (pemegang, sertifikat, surveilan, permohonan, banding)."

    def add_arguments(self, parser):
        parser.add_argument("--certificates", type=int, required=True, help="Jumlah sertifikat.")
        parser.add_argument("--today", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, Asia/Jakarta).")
        parser.add_argument("--seed", type=int, default=2026, help="Benih acak (hasil dapat diulang).")
        parser.add_argument("--force", action="store_true", help="Jalankan walaupun DEBUG mati.")

    def handle(self, *args, **options):
        # Lazy imports: the command module is imported by `manage.py help` before apps are needed.
        from django.db import connection, transaction
        from django.utils import timezone

        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["force"]):
            raise CommandError("seed_bench hanya untuk basis data uji; gunakan --force bila memang dimaksudkan.")
        if connection.vendor != "postgresql":
            raise CommandError("seed_bench membutuhkan PostgreSQL (COPY).")
        n = options["certificates"]
        if n < 1:
            raise CommandError("--certificates harus minimal 1.")
        today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        seeder = Seeder(n=n, today=today, rng=random.Random(options["seed"]), tag=secrets.token_hex(3))
        with transaction.atomic():
            counts = seeder.run()
        self.stdout.write(self.style.SUCCESS(
            "seed_bench: " + ", ".join(f"{count} {name}" for name, count in counts.items())
        ))


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, (date, time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, (list, dict)):
        value = json.dumps(value)
    return str(value).translate(_ESCAPES)


class Copier:
    """Rows into a model's table with one COPY per CHUNK rows. Columns not given take the field's
    default (auto_now fields take `now`), computed once: unique columns must be given."""

    def __init__(self, now: datetime):
        self.now = now
        self.counts: dict[str, int] = {}

    def __call__(self, model, columns: Sequence[str], rows: Iterable[tuple], **constants) -> range:
        from django.db import connection

        rows = rows if isinstance(rows, list) else list(rows)
        fixed = {**self._defaults(model, {*columns, *constants}), **constants}
        names = ["id", *columns, *fixed]
        tail = "".join("\t" + _copy_text(value) for value in fixed.values()) + "\n"
        table = model._meta.db_table
        first = self._reserve(table, len(rows))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), CHUNK):
                buffer = io.StringIO()
                buffer.writelines(
                    str(first + start + i) + "".join("\t" + _copy_text(v) for v in row) + tail
                    for i, row in enumerate(rows[start:start + CHUNK])
                )
                buffer.seek(0)
                cursor.copy_expert(f'COPY "{table}" ({", ".join(map(connection.ops.quote_name, names))}) FROM STDIN',
                                   buffer)
        label = str(model._meta.verbose_name_plural)
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        return range(first, first + len(rows))

    def _defaults(self, model, given: set[str]) -> dict:
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.attname in given:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                values[field.attname] = self.now
                continue
            value = field.get_default()
            if value is None and not field.null:
                raise CommandError(f"seed_bench: {model.__name__}.{field.attname} needs a value")
            values[field.attname] = value
        return values

    @staticmethod
    def _reserve(table: str, count: int) -> int:
        """The first of `count` ids taken from the table's sequence (the table is locked against
        other writers until the seed's transaction ends)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            if count > 1:
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first


class Seeder:
    def __init__(self, *, n: int, today: date, rng: random.Random, tag: str):
        from django.contrib.auth.hashers import make_password
        from django.utils import timezone

        self.n, self.today, self.rng, self.tag = n, today, rng, tag
        self.tz = timezone.get_default_timezone()
        self.now = datetime.combine(today, time(8), tzinfo=self.tz)
        self.password = make_password("demo-lsp-2026")  # hashed once, shared by every bench user
        self.copy = Copier(self.now)

    def run(self) -> dict[str, int]:
        self.scheme = self._scheme()
        self.staff = self._users("staf", 3, "staf")
        self.assessors = self._users("asesor", 8, "asesor", met_number="MET.BENCH")
        self.panel = self._users("banding", 6, "tim_banding")
        self.team = self._users("teknis", 5, "tim_teknis")
        self.director = self._users("direktur", 1, "direktur")[0]
        holders = self._users("pemegang", self.n, "pemohon")
        certificates = self._certificates(holders)
        self._surveillances(certificates)
        self._recertification_requests(certificates)
        self._violations(certificates)
        applicants = self._users("pemohon", max(1, self.n // 10), "pemohon")
        drafts, waiting = int(len(applicants) * 0.45), int(len(applicants) * 0.1)
        self._draft_applications(applicants[:drafts])
        self._applications(applicants[drafts:drafts + waiting], "submitted")
        decisions = self._assessments_and_decisions(applicants[drafts + waiting:] or applicants)
        self._appeals(decisions)
        return self.copy.counts

    def _at(self, day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour, self.rng.randrange(60)), tzinfo=self.tz)

    def _days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randrange(low, high))

    # --- people and the scheme -----------------------------------------------------------------

    def _scheme(self):
        from schemes.models import CompetencyUnit, Scheme

        scheme = Scheme.objects.filter(is_active=True).order_by("pk").first()
        if scheme:
            return scheme
        scheme = Scheme.objects.create(
            code=f"bench-{self.tag}", document_number=f"SKM/BENCH/{self.tag}", type=Scheme.Type.KLASTER,
            name="Mengelola Pelaksanaan Rencana Pembangunan", approved_on=date(2020, 8, 19), fee=3500000,
        )
        CompetencyUnit.objects.create(scheme=scheme, order=1, code=UNIT["code"], title=UNIT["title"])
        CompetencyUnit.objects.create(scheme=scheme, order=2, code="O.84PPB01.008.1",
                                      title="Mengendalikan Pelaksanaan Rencana Pembangunan")
        return scheme

    def _users(self, prefix: str, count: int, role: str, **fields) -> list[tuple[int, str, str]]:
        """(id, full name, email) of `count` new users in the `role` group."""
        from django.contrib.auth.models import Group

        from accounts.models import User

        people = []
        for i in range(count):
            username = f"{prefix}-{self.tag}-{i:06d}"
            people.append((username, f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                           f"{username}@bench.lsp-renbang.id"))
        ids = self.copy(User, ("username", "full_name", "email"), people, password=self.password,
                        date_joined=self.now, email_verified_at=self.now, **fields)
        group, _ = Group.objects.get_or_create(name=role)
        self.copy(User.groups.through, ("user_id",), [(pk,) for pk in ids], group_id=group.pk)
        return [(pk, name, email) for pk, (_, name, email) in zip(ids, people, strict=True)]

    # --- certificates and what follows them ------------------------------------------------------

    def _certificates(self, holders: list) -> list[tuple]:
        """(id, holder id, issued on, valid until, status) of one certificate per holder."""
        from decisions.models import Certificate

        CS = Certificate.Status
        # Above every existing number, so a second run adds instead of colliding.
        first = (Certificate.objects.filter(scheme=self.scheme).aggregate(m=Max("sequence"))["m"] or 0) + 1
        rows, facts = [], []
        for i, (holder, name, _) in enumerate(holders):
            issued = self._days_ago(0, 4 * 365)
            roll = self.rng.random()
            status = CS.BERLAKU if roll < 0.9 else CS.DIBEKUKAN if roll < 0.93 else (
                CS.DICABUT if roll < 0.95 else CS.DIGANTIKAN)
            valid_until = self.scheme.valid_until(issued)
            rows.append((f"RENBANG/KLS/B{self.tag}/{issued.year}/{first + i:07d}", issued.year, first + i,
                         secrets.token_urlsafe(16), holder, issued, valid_until, name, status,
                         "" if status == CS.BERLAKU else "Data uji beban"))
            facts.append((holder, issued, valid_until, status))
        ids = self.copy(
            Certificate, ("number", "year", "sequence", "public_code", "holder_id", "issued_on", "valid_until",
                          "holder_name", "status", "status_reason"), rows,
            scheme_id=self.scheme.pk, scheme_name=self.scheme.name, scheme_number=self.scheme.document_number,
            units=[UNIT], signatory_name="Ir. Wahyu Hidayat, M.T.",
            # Marked rendered: the sweep's PDF catch-up would otherwise render every one of them.
            pdf="private/certificates/bench.pdf", pdf_rendered_at=self.now,
        )
        return [(pk, *fact) for pk, fact in zip(ids, facts, strict=True)]

    def _surveillances(self, certificates: list) -> None:
        """Periods are done in order; most holders keep up, about one in twenty falls behind. Staff
        review within weeks, so only recent submissions wait. Each past period was reminded 30 days
        ahead: those claims are the history the sent-reminders page and the sweep's checks read (the
        periods still ahead are left for the first sweep to remind)."""
        from django.contrib.contenttypes.models import ContentType

        from decisions.models import Certificate
        from skema_lsp.models import SentReminder
        from surveillance.models import Surveillance
        from surveillance.schedule import due_date, period_count

        SS = Surveillance.Status
        interval = self.scheme.surveillance_interval_months
        rows, reminded = [], []
        for certificate, holder, issued, valid_until, _ in certificates:
            for period in range(1, period_count(issued, valid_until, interval) + 1):
                due = due_date(issued, interval, period)
                if due <= self.today:
                    reminded.append((str(certificate), due, holder, self._at(due - timedelta(days=30), 7)))
                # Past periods: 95% done; the next 30 days: a third already submitted early.
                upcoming = due > self.today
                if due > self.today + timedelta(days=30) or self.rng.random() < (0.67 if upcoming else 0.05):
                    break
                submitted = self._at(min(due, self.today) - timedelta(days=self.rng.randrange(1, 45)))
                reviewed = (self.today - submitted.date()).days > 45 or self.rng.random() < 0.5
                rows.append((certificate, period, due, SS.DITINJAU if reviewed else SS.DIAJUKAN, submitted,
                             "terpelihara" if reviewed else "", "tidak_ada" if reviewed else "",
                             submitted + timedelta(days=7) if reviewed else None,
                             self.rng.choice(self.staff)[0] if reviewed else None))
        self.copy(Surveillance, ("certificate_id", "period", "due_date", "status", "submitted_at", "result",
                                 "follow_up", "reviewed_at", "reviewed_by_id"), rows,
                  method_logbook=True, method_supervisor=True)
        self.copy(SentReminder, ("object_id", "due_date", "recipient_id", "sent_at"), reminded,
                  kind="surveillance_due_30", content_type_id=ContentType.objects.get_for_model(Certificate).pk,
                  subject="Surveilan sertifikat jatuh tempo", claim_token=uuid.uuid4())

    def _recertification_requests(self, certificates: list) -> None:
        from dateutil.relativedelta import relativedelta

        from decisions.models import Certificate
        from surveillance.models import RecertificationRequest
        from surveillance.schedule import RECERTIFICATION_OPENS_MONTHS

        lead = relativedelta(months=self.scheme.recertification_lead_months)
        rows = []
        for certificate, holder, _, valid_until, status in certificates:
            if status != Certificate.Status.BERLAKU or self.rng.random() > 0.4:
                continue
            opens = valid_until - relativedelta(months=RECERTIFICATION_OPENS_MONTHS)
            if not opens <= self.today <= valid_until:
                continue
            requested_on = opens + timedelta(days=self.rng.randrange((self.today - opens).days + 1))
            deadline = valid_until - lead
            rows.append((certificate, holder, requested_on, deadline, requested_on > deadline))
        self.copy(RecertificationRequest, ("certificate_id", "requested_by_id", "requested_on", "deadline", "is_late"),
                  rows, status=RecertificationRequest.Status.BERJALAN)

    def _violations(self, certificates: list) -> None:
        from decisions.models import Certificate, Violation

        active = [c[0] for c in certificates if c[4] == Certificate.Status.BERLAKU]
        chosen = self.rng.sample(active, min(len(active), max(1, self.n // 2000)))
        self.copy(Violation, ("certificate_id", "warning_deadline"),
                  [(c, self.today + timedelta(days=self.rng.randrange(-10, 10))) for c in chosen],
                  category=Violation.Category.A, description="Penggunaan sertifikat di luar ruang lingkup.",
                  evidence="private/violations/bench.pdf", recorded_by_id=self.staff[0][0],
                  status=Violation.Status.DIPERINGATKAN, warning_text="Hentikan penggunaan di luar ruang lingkup.",
                  warned_at=self.now)

    # --- the earlier stages ------------------------------------------------------------------------

    def _applications(self, applicants: list, status: str, touched: list[datetime] | None = None) -> list[int]:
        from registration.models import Application

        submitted = status != Application.Status.DRAFT
        rows = []
        for i, (applicant, name, email) in enumerate(applicants):
            at = touched[i] if touched else self._at(self._days_ago(1, 60))
            rows.append((applicant, name, email, at, at if submitted else None))
        return list(self.copy(Application, ("applicant_id", "full_name", "email", "updated_at", "submitted_at"), rows,
                              scheme_id=self.scheme.pk, status=status, institution="Bappeda Provinsi",
                              position="Perencana Ahli Muda"))

    def _draft_applications(self, applicants: list) -> None:
        """Drafts, a fifth of them returned for revision, last touched up to a month ago."""
        from registration.models import Application

        returned = int(len(applicants) * 0.2)
        touched = [self._at(self._days_ago(0, 31)) for _ in applicants]
        self._applications(applicants[:returned], Application.Status.RETURNED, touched[:returned])
        self._applications(applicants[returned:], Application.Status.DRAFT, touched[returned:])

    def _assessments_and_decisions(self, applicants: list) -> list[tuple]:
        """(decision id, result, decided at, applicant id) of the assessments already decided."""
        from assessment.models import Assessment, AssessmentPlan, TestSession
        from decisions.models import Decision
        from schemes.models import TUK

        AS = Assessment.Status
        applications = self._applications(applicants, "accepted")
        tuk = TUK.objects.create(name=f"TUK Bench {self.tag}", address="Jakarta", is_verified=True,
                                 verified_on=self.today)
        session_days = [self.today + timedelta(days=d) for d in range(-60, 31, 3)]
        sessions = self.copy(TestSession, ("date",), [(day,) for day in session_days], scheme_id=self.scheme.pk,
                             tuk_id=tuk.pk, start_time=time(9), capacity=40, created_by_id=self.staff[0][0])
        self.copy(TestSession.assessors.through, ("testsession_id", "user_id"),
                  [(s, a[0]) for s in sessions for a in self.rng.sample(self.assessors, 2)])
        stages = [AS.PROPOSED, AS.ASSIGNED, AS.PLAN_AGREED, AS.SUBMITTED, AS.SUBMITTED]
        rows = []
        for i, application in enumerate(applications):
            status = self.rng.choice(stages)
            assigned = self._at(self._days_ago(1, 20))
            # A decided record is final: its decided_at is the decision's (assessment.services.record_decision).
            decided_at = self._at(self._days_ago(0, 60)) if status == AS.SUBMITTED else None
            rows.append((application, self.rng.choice(self.assessors)[0], status, assigned, assigned,
                         "BK" if i % 3 == 0 else "K", self.rng.choice(sessions) if status != AS.PROPOSED else None,
                         assigned + timedelta(days=5) if status == AS.SUBMITTED else None, decided_at))
        assessments = self.copy(Assessment, ("application_id", "assessor_id", "status", "assigned_at", "updated_at",
                                             "recommendation", "session_id", "submitted_at", "decided_at"), rows)
        facts = list(zip(assessments, rows, [a[0] for a in applicants], strict=True))
        plan_columns = ("assessment_id", "date", "proposed_at", "accepted_at", "confidentiality_accepted_at")
        plans = [(pk, self.today + timedelta(days=self.rng.randrange(-3, 15)), row[3], row[3], row[3])
                 for pk, row, _ in facts if row[2] == AS.PLAN_AGREED]
        self.copy(AssessmentPlan, plan_columns, plans,
                  methods=["observasi"], evidence_to_collect="Dokumen rencana", tuk_id=tuk.pk, time=time(9))
        decided = [(pk, row[5], row[8], applicant) for pk, row, applicant in facts if row[2] == AS.SUBMITTED]
        candidates = self._meetings(decided)
        ids = self.copy(Decision, ("assessment_id", "result", "decided_at", "meeting_candidate_id"),
                        [(*d[:3], c) for d, c in zip(decided, candidates, strict=True)], notes="Data uji beban")
        return [(pk, result, at, applicant) for pk, (_, result, at, applicant) in zip(ids, decided, strict=True)]

    def _meetings(self, decided: list) -> list[int]:
        """Decisions are taken in closed technical meetings of up to 30 candidates, each with an
        approved SK. Returns the meeting candidate of each (assessment, result, decided at, _)."""
        from decisions.models import DecisionLetter, MeetingCandidate, TechnicalMeeting

        order = sorted(range(len(decided)), key=lambda i: decided[i][2])
        groups = [order[i:i + 30] for i in range(0, len(order), 30)]
        staff = self.staff[0][0]
        meetings = self.copy(TechnicalMeeting, ("date", "closed_at", "ba_number"), [
            (decided[group[-1]][2].date(), decided[group[-1]][2], f"BA/B{self.tag}/{i + 1:05d}")
            for i, group in enumerate(groups)
        ], place="Ruang rapat LSP", status=TechnicalMeeting.Status.DITUTUP, created_by_id=staff, closed_by_id=staff)
        self.copy(TechnicalMeeting.members.through, ("technicalmeeting_id", "user_id"),
                  [(m, member[0]) for m in meetings for member in self.team[:3]])
        seated = [(m, i) for m, group in zip(meetings, groups, strict=True) for i in group]
        ids = self.copy(MeetingCandidate, ("meeting_id", "assessment_id"), [(m, decided[i][0]) for m, i in seated],
                        added_by_id=staff)
        candidate_of = {i: pk for pk, (_, i) in zip(ids, seated, strict=True)}
        first = (DecisionLetter.objects.filter(year=self.today.year).aggregate(m=Max("sequence"))["m"] or 0) + 1
        self.copy(DecisionLetter, ("meeting_id", "number", "sequence", "approved_at"), [
            (m, f"SK/B{self.tag}/{first + i:05d}", first + i, self.now) for i, m in enumerate(meetings)
        ], year=self.today.year, status=DecisionLetter.Status.DISETUJUI, drafted_by_id=staff,
            approved_by_id=self.director[0])
        return [candidate_of[i] for i in range(len(decided))]

    def _appeals(self, decisions: list) -> None:
        from appeals.models import Appeal, PanelMember

        appealed = [d for d in decisions if d[1] == "BK" and self.rng.random() < 0.3]
        first = (Appeal.objects.filter(year=self.today.year).aggregate(m=Max("sequence"))["m"] or 0) + 1
        statuses = [Appeal.Status.UNDER_REVIEW if i % 4 else Appeal.Status.RECEIVED for i in range(len(appealed))]
        columns = ("decision_id", "appellant_id", "reference", "sequence", "status", "filed_at", "received_on",
                   "due_on")
        appeals = self.copy(Appeal, columns, [
            (decision, applicant, f"BND/B{self.tag}/{first + i:05d}", first + i, statuses[i],
             decided_at + timedelta(hours=3), decided_at.date(), self.today + timedelta(self.rng.randrange(-5, 20)))
            for i, (decision, _, decided_at, applicant) in enumerate(appealed)
        ], year=self.today.year, process_explained=True, discussed_with_assessor=True, involves_other_person=False,
            reasons="Bukti portofolio belum dipertimbangkan.")
        self.copy(PanelMember, ("appeal_id", "member_id"), [
            (appeal, member[0]) for appeal, status in zip(appeals, statuses, strict=True)
            if status == Appeal.Status.UNDER_REVIEW for member in self.rng.sample(self.panel, 3)
        ], added_by_id=self.staff[0][0])
