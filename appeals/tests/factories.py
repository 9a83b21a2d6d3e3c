"""Appeals test data: a decided case built from plain rows (scheme, accepted application, a submitted
assessment by one assessor, a technical meeting whose members voted, the decision), panel users,
and a helper that files an appeal through the service. No hidden behaviour."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals import services
from appeals.models import Appeal
from assessment.models import Assessment
from assessment.tests.factories import make_application, make_assessor
from decisions.models import Decision, MeetingCandidate, TechnicalMeeting, Vote
from decisions.services import finalise_assessment
from schemes.tests.factories import make_scheme

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def make_decided_case(*, decided_at: datetime | None = None, result: str = "BK", applicant=None, assessor=None,
                      deciders: list | None = None, scheme=None) -> Decision:
    scheme = scheme or make_scheme(units=1, elements=1, criteria=1)
    application = make_application(scheme=scheme, applicant=applicant)
    assessor = assessor or make_assessor()
    staff = make_user(Role.STAF)
    assessment = Assessment.objects.create(
        application=application, round=1, assessor=assessor, status=Assessment.Status.SUBMITTED,
        recommendation=result, assigned_by=staff, assigned_at=timezone.now(), submitted_at=timezone.now(),
    )
    deciders = deciders if deciders is not None else [make_user(Role.TIM_TEKNIS), make_user(Role.TIM_TEKNIS)]
    meeting = TechnicalMeeting.objects.create(date=date(2026, 5, 4), place="Ruang rapat LSP", created_by=staff)
    meeting.members.set(deciders)
    entry = MeetingCandidate.objects.create(meeting=meeting, assessment=assessment, added_by=staff)
    for member in deciders:
        Vote.objects.create(candidate=entry, member=member, result=result, notes="Sesuai rekomendasi.")
    # Told formally at the moment given (the approved SK, 9.9.2): the appeal window counts from it.
    moment = decided_at or timezone.now()
    decision = Decision.objects.create(assessment=assessment, meeting_candidate=entry, result=result,
                                       decided_at=moment, notified_at=moment, recorded_by=staff)
    finalise_assessment(decision, by=staff)
    return decision


def make_panel_users(n: int = 3, **fields) -> list:
    return [make_user(Role.TIM_BANDING, **fields) for _ in range(n)]


ANSWERS = services.FilingAnswers(process_explained=True, discussed_with_assessor=True, involves_other_person=False,
                                 reasons="Unit 1 dinilai tanpa mempertimbangkan portofolio yang saya serahkan.")


def file_appeal(decision: Decision, **kwargs) -> Appeal:
    return services.file_appeal(decision=decision, by=decision.candidate, answers=kwargs.pop("answers", ANSWERS),
                                **kwargs)


def under_review(decision: Decision | None = None, *, panel: list | None = None) -> Appeal:
    """A filed appeal with a formed panel of three uninvolved members."""
    decision = decision or make_decided_case()
    appeal = file_appeal(decision)
    panel = panel or make_panel_users(3)
    return services.form_panel(appeal=appeal, members=panel, by=make_user(Role.STAF))
