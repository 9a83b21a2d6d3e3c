"""Contract 6: `seed_bench --certificates N` makes a large, realistic data set fast (bulk inserts).

Holders with certificates issued over the last four years (so surveillance, recertification and
expiry reminders fire), their surveillance history (most periods done, a few overdue), some
recertification requests, applications left as drafts, assessments at several stages, BK decisions,
open appeals with panels and warned violations. Every row gets a run tag, so a second run adds to
the first instead of colliding. Meant for a throwaway database: refuses when DEBUG is off unless
--force.
"""

import random
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

BATCH = 5000
FIRST_NAMES = ["Adi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari",
               "Made", "Nur", "Putu", "Rina", "Sari", "Teguh", "Wahyu", "Yusuf"]
LAST_NAMES = ["Pratama", "Saputra", "Wijaya", "Hidayat", "Siregar", "Nasution", "Lubis", "Harahap", "Setiawan",
              "Kusuma", "Santoso", "Wibowo", "Simanjuntak", "Purnomo", "Rahmawati", "Susanti"]


class Command(BaseCommand):
    help = "Membuat data uji beban dalam jumlah besar (pemegang, sertifikat, surveilan, permohonan, banding)."

    def add_arguments(self, parser):
        parser.add_argument("--certificates", type=int, required=True, help="Jumlah sertifikat.")
        parser.add_argument("--today", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, Asia/Jakarta).")
        parser.add_argument("--seed", type=int, default=2026, help="Benih acak (hasil dapat diulang).")
        parser.add_argument("--force", action="store_true", help="Jalankan walaupun DEBUG mati.")

    def handle(self, *args, **options):
        # Lazy imports: the command module is imported by `manage.py help` before apps are needed.
        from django.db import transaction
        from django.utils import timezone

        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["force"]):
            raise CommandError("seed_bench hanya untuk basis data uji; gunakan --force bila memang dimaksudkan.")
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


class Seeder:
    def __init__(self, *, n: int, today: date, rng: random.Random, tag: str):
        from django.contrib.auth.hashers import make_password
        from django.utils import timezone

        self.n, self.today, self.rng, self.tag = n, today, rng, tag
        self.tz = timezone.get_default_timezone()
        self.now = datetime.combine(today, time(8), tzinfo=self.tz)
        self.password = make_password("demo-lsp-2026")  # hashed once, shared by every bench user
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        self.scheme = self._scheme()
        self.staff = self._users("staf", 3, "staf")
        self.assessors = self._users("asesor", 8, "asesor", met_number="MET.BENCH")
        self.panel = self._users("banding", 6, "tim_banding")
        holders = self._users("pemegang", self.n, "pemohon")
        certificates = self._certificates(holders)
        self._surveillances(certificates)
        self._recertification_requests(certificates)
        applicants = self._users("pemohon", max(1, self.n // 10), "pemohon")
        self._draft_applications(applicants[: len(applicants) // 2])
        decisions = self._assessments_and_decisions(applicants[len(applicants) // 2:] or applicants)
        self._appeals(decisions)
        self._violations(certificates)
        return self.counts

    def _at(self, day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour, self.rng.randrange(60)), tzinfo=self.tz)

    def _bulk(self, model, rows: list) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        label = model._meta.verbose_name_plural
        self.counts[str(label)] = self.counts.get(str(label), 0) + len(created)
        return created

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
        CompetencyUnit.objects.create(scheme=scheme, order=1, code="O.84PPB01.007.1",
                                      title="Mengoordinasikan Pelaksanaan Rencana Pembangunan")
        CompetencyUnit.objects.create(scheme=scheme, order=2, code="O.84PPB01.008.1",
                                      title="Mengendalikan Pelaksanaan Rencana Pembangunan")
        return scheme

    def _users(self, prefix: str, count: int, role: str, **fields) -> list:
        from django.contrib.auth.models import Group

        from accounts.models import User

        rows = []
        for i in range(count):
            username = f"{prefix}-{self.tag}-{i:06d}"
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            rows.append(User(username=username, email=f"{username}@bench.lsp-renbang.id", full_name=name,
                             password=self.password, date_joined=self.now, email_verified_at=self.now, **fields))
        users = self._bulk(User, rows)
        group, _ = Group.objects.get_or_create(name=role)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=BATCH
        )
        return users

    # --- certificates and what follows them ------------------------------------------------------

    def _certificates(self, holders: list) -> list:
        from decisions.models import Certificate

        CS = Certificate.Status
        # Above every existing number, so a second run adds instead of colliding.
        first = (Certificate.objects.filter(scheme=self.scheme).aggregate(m=Max("sequence"))["m"] or 0) + 1
        rows = []
        for i, holder in enumerate(holders):
            issued = self.today - timedelta(days=self.rng.randrange(4 * 365))
            roll = self.rng.random()
            status = CS.BERLAKU if roll < 0.9 else CS.DIBEKUKAN if roll < 0.93 else (
                CS.DICABUT if roll < 0.95 else CS.DIGANTIKAN)
            rows.append(Certificate(
                number=f"RENBANG/KLS/B{self.tag}/{issued.year}/{first + i:06d}", scheme=self.scheme, year=issued.year,
                sequence=first + i, public_code=secrets.token_urlsafe(16), holder=holder, issued_on=issued,
                valid_until=self.scheme.valid_until(issued), holder_name=holder.full_name,
                scheme_name=self.scheme.name, scheme_number=self.scheme.document_number,
                units=[{"code": "O.84PPB01.007.1", "title": "Mengoordinasikan Pelaksanaan Rencana Pembangunan"}],
                signatory_name="Ir. Wahyu Hidayat, M.T.", status=status,
                status_reason="" if status == CS.BERLAKU else "Data uji beban",
                # Marked rendered: the sweep's PDF catch-up would otherwise render every one of them.
                pdf="private/certificates/bench.pdf", pdf_rendered_at=self.now,
            ))
        return self._bulk(Certificate, rows)

    def _surveillances(self, certificates: list) -> None:
        """Periods are done in order; most holders keep up, about one in twenty falls behind."""
        from surveillance.models import Surveillance
        from surveillance.schedule import due_dates

        SS = Surveillance.Status
        rows = []
        for certificate in certificates:
            for period, due in enumerate(due_dates(certificate), start=1):
                # Past periods: 95% done; the next 30 days: a third already submitted early.
                upcoming = due > self.today
                if due > self.today + timedelta(days=30) or self.rng.random() < (0.67 if upcoming else 0.05):
                    break
                submitted = self._at(min(due, self.today) - timedelta(days=self.rng.randrange(1, 45)))
                reviewed = self.rng.random() < 0.9
                rows.append(Surveillance(
                    certificate=certificate, period=period, due_date=due,
                    status=SS.DITINJAU if reviewed else SS.DIAJUKAN, submitted_at=submitted,
                    method_logbook=True, method_supervisor=True,
                    result=Surveillance.Result.TERPELIHARA if reviewed else "",
                    follow_up=Surveillance.FollowUp.TIDAK_ADA if reviewed else "",
                    reviewed_at=submitted + timedelta(days=7) if reviewed else None,
                    reviewed_by=self.rng.choice(self.staff) if reviewed else None,
                ))
        self._bulk(Surveillance, rows)

    def _recertification_requests(self, certificates: list) -> None:
        from decisions.models import Certificate
        from surveillance.models import RecertificationRequest
        from surveillance.schedule import recertification_window

        rows = []
        for certificate in certificates:
            if certificate.status != Certificate.Status.BERLAKU or self.rng.random() > 0.4:
                continue
            window = recertification_window(certificate)
            if not window.opens <= self.today <= window.closes:
                continue
            requested_on = window.opens + timedelta(days=self.rng.randrange((self.today - window.opens).days + 1))
            rows.append(RecertificationRequest(
                certificate=certificate, status=RecertificationRequest.Status.BERJALAN, requested_by=certificate.holder,
                requested_on=requested_on, deadline=window.deadline, is_late=requested_on > window.deadline,
            ))
        self._bulk(RecertificationRequest, rows)

    # --- the earlier stages ------------------------------------------------------------------------

    def _applications(self, applicants: list, status: str) -> list:
        from registration.models import Application

        return self._bulk(Application, [
            Application(applicant=a, scheme=self.scheme, status=status, full_name=a.full_name, email=a.email,
                        institution="Bappeda Provinsi", position="Perencana Ahli Muda")
            for a in applicants
        ])

    def _draft_applications(self, applicants: list) -> None:
        """Drafts and returned applications last touched up to a month ago (auto_now is set on
        insert, so the dates are spread afterwards with one UPDATE per day offset)."""
        from django.db.models import Q

        from registration.models import Application

        drafts = self._applications(applicants, Application.Status.DRAFT)
        by_age: dict[int, list[int]] = {}
        for application in drafts:
            by_age.setdefault(self.rng.randrange(31), []).append(application.pk)
        returned = [a.pk for a in drafts if self.rng.random() < 0.2]
        for age, pks in by_age.items():
            Application.objects.filter(pk__in=pks).update(updated_at=self._at(self.today - timedelta(days=age)))
        Application.objects.filter(Q(pk__in=returned)).update(status=Application.Status.RETURNED)

    def _assessments_and_decisions(self, applicants: list) -> list:
        from assessment.models import Assessment, AssessmentPlan
        from decisions.models import Decision
        from schemes.models import TUK

        AS = Assessment.Status
        applications = self._applications(applicants, "accepted")
        tuk = TUK.objects.create(name=f"TUK Bench {self.tag}", address="Jakarta", is_verified=True,
                                 verified_on=self.today)
        stages = [AS.PROPOSED, AS.ASSIGNED, AS.PLAN_AGREED, AS.SUBMITTED, AS.SUBMITTED]
        assessments = self._bulk(Assessment, [
            Assessment(application=a, assessor=self.rng.choice(self.assessors), status=self.rng.choice(stages),
                       assigned_at=self._at(self.today - timedelta(days=self.rng.randrange(1, 20))),
                       recommendation="BK" if i % 3 == 0 else "K")
            for i, a in enumerate(applications)
        ])
        plans = [
            AssessmentPlan(assessment=a, methods=["observasi"], evidence_to_collect="Dokumen rencana", tuk=tuk,
                           date=self.today + timedelta(days=self.rng.randrange(-3, 15)), time=time(9),
                           proposed_at=a.assigned_at, accepted_at=a.assigned_at,
                           confidentiality_accepted_at=a.assigned_at)
            for a in assessments if a.status == AS.PLAN_AGREED
        ]
        self._bulk(AssessmentPlan, plans)
        submitted = [a for a in assessments if a.status == AS.SUBMITTED]
        decisions = self._bulk(Decision, [
            Decision(assessment=a, result=a.recommendation, notes="Data uji beban",
                     decided_at=self._at(self.today - timedelta(days=self.rng.randrange(0, 60))))
            for a in submitted
        ])
        for decision in decisions:  # a decided record is final (assessment.services.record_decision)
            decision.assessment.decided_at = decision.decided_at
        Assessment.objects.bulk_update([d.assessment for d in decisions], ["decided_at"], batch_size=BATCH)
        return decisions

    def _appeals(self, decisions: list) -> None:
        from appeals.models import Appeal, PanelMember

        appealed = [d for d in decisions if d.result == "BK" and self.rng.random() < 0.3]
        first = (Appeal.objects.filter(year=self.today.year).aggregate(m=Max("sequence"))["m"] or 0) + 1
        appeals = self._bulk(Appeal, [
            Appeal(decision=d, appellant=d.assessment.application.applicant,
                   reference=f"BND/B{self.tag}/{first + i:05d}", year=self.today.year, sequence=first + i,
                   status=Appeal.Status.UNDER_REVIEW if i % 4 else Appeal.Status.RECEIVED,
                   process_explained=True, discussed_with_assessor=True, involves_other_person=False,
                   reasons="Bukti portofolio belum dipertimbangkan.", filed_at=d.decided_at + timedelta(hours=3),
                   received_on=d.decided_at.date(), due_on=self.today + timedelta(days=self.rng.randrange(-5, 20)))
            for i, d in enumerate(appealed)
        ])
        self._bulk(PanelMember, [
            PanelMember(appeal=a, member=member, added_by=self.staff[0])
            for a in appeals if a.status == Appeal.Status.UNDER_REVIEW
            for member in self.rng.sample(self.panel, 3)
        ])

    def _violations(self, certificates: list) -> None:
        from decisions.models import Certificate, Violation

        active = [c for c in certificates if c.status == Certificate.Status.BERLAKU]
        chosen = self.rng.sample(active, min(len(active), max(1, self.n // 2000)))
        self._bulk(Violation, [
            Violation(certificate=c, category=Violation.Category.A, description="Penggunaan sertifikat di luar ruang "
                      "lingkup.", evidence="private/violations/bench.pdf", recorded_by=self.staff[0],
                      status=Violation.Status.DIPERINGATKAN, warning_text="Hentikan penggunaan di luar ruang lingkup.",
                      warning_deadline=self.today + timedelta(days=self.rng.randrange(-10, 10)), warned_at=self.now)
            for c in chosen
        ])
