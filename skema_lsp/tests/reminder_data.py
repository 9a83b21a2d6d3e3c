"""Rows for the reminder tests, built directly (no hidden behaviour): one object per reminder kind,
each with dates chosen so its reminder falls on a known day."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals.models import Appeal, PanelMember
from assessment.models import Assessment, AssessmentPlan
from decisions.models import Decision, Violation
from registration.models import Application
from schemes.models import TUK
from schemes.tests.factories import RECERTIFICATION, make_scheme
from surveillance.tests.factories import make_certificate

WIB = ZoneInfo("Asia/Jakarta")


def wib(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=WIB)


def certificate(*, issued_on: date, **fields):
    # A stored PDF name: the sweep's PDF catch-up (decisions.reminders.advance) has nothing to render.
    return make_certificate(issued_on=issued_on, pdf="private/certificates/uji.pdf", **fields)


def application(*, status=Application.Status.DRAFT, touched: datetime, scheme=None, applicant=None) -> Application:
    app = Application.objects.create(applicant=applicant or make_user(Role.PEMOHON),
                                     scheme=scheme or make_scheme(**RECERTIFICATION), status=status)
    Application.objects.filter(pk=app.pk).update(updated_at=touched)  # update() skips auto_now
    app.refresh_from_db()
    return app


def assessment(*, status: str, since: datetime, scheme=None, assessor=None, plan_on: date | None = None) -> Assessment:
    app = application(status=Application.Status.ACCEPTED, touched=since, scheme=scheme)
    row = Assessment.objects.create(application=app, assessor=assessor or make_user(Role.ASESOR), status=status,
                                    assigned_at=since if status != Assessment.Status.PROPOSED else None)
    Assessment.objects.filter(pk=row.pk).update(updated_at=since)
    if plan_on:
        tuk = TUK.objects.create(name=f"TUK Uji {row.pk}", address="Jl. Uji 1, Jakarta", is_verified=True)
        AssessmentPlan.objects.create(assessment=row, evidence_to_collect="Dokumen", date=plan_on, time=time(9),
                                      tuk=tuk, proposed_at=since, accepted_at=since, confidentiality_accepted_at=since)
    row.refresh_from_db()
    return row


def decision(*, result: str = "BK", decided_at: datetime, scheme=None) -> Decision:
    row = assessment(status=Assessment.Status.SUBMITTED, since=decided_at, scheme=scheme)
    return Decision.objects.create(assessment=row, result=result, decided_at=decided_at)


_seq = {"n": 0}


def appeal(*, due_on: date, panel: list | None = None, scheme=None) -> Appeal:
    """An open appeal whose panel deadline is `due_on` (set directly: the calendar rule has its own tests)."""
    _seq["n"] += 1
    received = due_on - timedelta(days=20)
    case = decision(decided_at=wib(received - timedelta(days=1)), scheme=scheme)
    row = Appeal.objects.create(
        decision=case, appellant=case.candidate, reference=f"BND/UJI/{_seq['n']:05d}", year=2099, sequence=_seq["n"],
        status=Appeal.Status.UNDER_REVIEW if panel else Appeal.Status.RECEIVED, process_explained=True,
        discussed_with_assessor=True, involves_other_person=False, reasons="Alasan uji", filed_at=wib(received),
        received_on=received, due_on=due_on,
    )
    for member in panel or []:
        PanelMember.objects.create(appeal=row, member=member, added_by=member)
    return row


def violation(*, warning_deadline: date, by) -> Violation:
    cert = certificate(issued_on=warning_deadline - timedelta(days=300))
    return Violation.objects.create(
        certificate=cert, category=Violation.Category.A, description="Uji", evidence="private/violations/uji.pdf",
        recorded_by=by, status=Violation.Status.DIPERINGATKAN, warning_text="Hentikan",
        warning_deadline=warning_deadline, warned_at=timezone.now(),
    )
