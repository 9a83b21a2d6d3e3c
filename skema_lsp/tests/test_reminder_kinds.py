"""Every reminder kind of DESIGN.md "Background work" fires on its day and not the day before, to the
right people, once; a sweep that missed the day catches up once."""

from datetime import date, timedelta

import pytest
from django.core import mail

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals.models import Appeal
from assessment import reminders as assessment_reminders
from assessment.models import Assessment
from decisions.models import Certificate
from registration.models import Application
from skema_lsp.reminders import CATCH_UP_DAYS, collect, sweep
from skema_lsp.tests import reminder_data as data
from skema_lsp.workdays import add_working_days
from surveillance.models import RecertificationRequest

pytestmark = pytest.mark.django_db
D = date(2026, 7, 1)  # a Wednesday


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff():
    return [make_user(Role.STAF), make_user(Role.STAF)]


def fired(today: date, kind: str, obj) -> set[tuple]:
    """(recipient pk, due date) of the `kind` reminders about `obj` that the sweep would send on `today`."""
    return {(r.recipient.pk, r.due_date) for r in collect(today) if r.kind == kind and r.obj.pk == obj.pk
            and type(r.obj) is type(obj)}


def assert_fires_on(day: date, kind: str, obj, recipients, due: date | None = None) -> None:
    due = due or day
    assert fired(day - timedelta(days=1), kind, obj) == set()
    assert fired(day, kind, obj) == {(u.pk, due) for u in recipients}


# --- registration -------------------------------------------------------------------------------

def test_incomplete_draft_reminds_applicant_seven_days_after_last_touch():
    draft = data.application(touched=data.wib(D, 23))  # late evening WIB is still D
    assert_fires_on(D + timedelta(days=7), "registration.incomplete", draft, [draft.applicant])
    assert fired(D + timedelta(days=9), "registration.incomplete", draft) == {(draft.applicant.pk, D + timedelta(7))}


def test_returned_application_reminds_and_a_new_upload_moves_the_reminder():
    from registration.samples import sample_pdf
    from surveillance.tests.factories import add_evidence

    returned = data.application(status=Application.Status.RETURNED, touched=data.wib(D))
    assert_fires_on(D + timedelta(days=7), "registration.incomplete", returned, [returned.applicant])
    upload = add_evidence(returned, sample_pdf(), "ktp.pdf", "application/pdf")
    type(upload).objects.filter(pk=upload.pk).update(uploaded_at=data.wib(D + timedelta(days=3)))
    assert fired(D + timedelta(days=9), "registration.incomplete", returned) == set()
    assert_fires_on(D + timedelta(days=10), "registration.incomplete", returned, [returned.applicant])


def test_submitted_application_gets_no_incomplete_reminder():
    submitted = data.application(status=Application.Status.SUBMITTED, touched=data.wib(D))
    assert fired(D + timedelta(days=30), "registration.incomplete", submitted) == set()


# --- assessment ---------------------------------------------------------------------------------

def test_proposed_assessor_is_reminded_to_declare_after_two_days():
    proposed = data.assessment(status=Assessment.Status.PROPOSED, since=data.wib(D))
    assert_fires_on(D + timedelta(days=2), "assessment.declaration_waiting", proposed, [proposed.assessor])


def test_assigned_assessor_and_candidate_are_reminded_while_no_plan():
    assigned = data.assessment(status=Assessment.Status.ASSIGNED, since=data.wib(D))
    assert_fires_on(D + timedelta(days=3), "assessment.assigned", assigned,
                    [assigned.assessor, assigned.application.applicant])
    Assessment.objects.filter(pk=assigned.pk).update(status=Assessment.Status.PLAN_PROPOSED)
    assert fired(D + timedelta(days=4), "assessment.assigned", assigned) == set()


def test_schedule_reminds_candidate_and_assessor_before_the_test_day():
    agreed = data.assessment(status=Assessment.Status.PLAN_AGREED, since=data.wib(D), plan_on=D + timedelta(days=20))
    test_day = D + timedelta(days=20)
    assert_fires_on(test_day - timedelta(days=assessment_reminders.SCHEDULE_LEAD_DAYS), "assessment.schedule",
                    agreed, [agreed.assessor, agreed.application.applicant], due=test_day)


# --- appeals ------------------------------------------------------------------------------------

def test_appeal_window_closing_reminds_bk_candidate_on_the_last_day_only():
    bk = data.decision(result="BK", decided_at=data.wib(D, 15))
    k = data.decision(result="K", decided_at=data.wib(D, 15))
    last_day = D + timedelta(days=1)  # scheme.appeal_window_days = 1
    assert_fires_on(last_day, "appeals.window_closing", bk, [bk.candidate])
    assert fired(last_day + timedelta(days=1), "appeals.window_closing", bk) == set()  # closed: nothing to say
    assert fired(last_day, "appeals.window_closing", k) == set()


def test_appeal_window_closing_not_sent_once_appealed():
    bk = data.decision(result="BK", decided_at=data.wib(D, 9))
    Appeal.objects.create(decision=bk, appellant=bk.candidate, reference="BND/UJI/X", year=2098, sequence=1,
                          process_explained=True, discussed_with_assessor=True, involves_other_person=False,
                          reasons="x", filed_at=data.wib(D, 11), received_on=D, due_on=D + timedelta(days=20))
    assert fired(D + timedelta(days=1), "appeals.window_closing", bk) == set()


def test_appeal_resolution_reminds_panel_at_five_and_two_working_days_left(staff):
    due_on = date(2026, 7, 17)  # Friday
    panel = [make_user(Role.TIM_BANDING) for _ in range(3)]
    appeal = data.appeal(due_on=due_on, panel=panel)
    five, two = date(2026, 7, 10), date(2026, 7, 15)
    assert add_working_days(five, 5) == due_on and add_working_days(two, 2) == due_on
    assert_fires_on(five, "appeals.resolution_5", appeal, panel)
    assert fired(two - timedelta(days=1), "appeals.resolution_2", appeal) == set()
    assert fired(two, "appeals.resolution_2", appeal) == {(m.pk, two) for m in panel}
    assert fired(two, "appeals.resolution_5", appeal) == set()  # the latest stage only


def test_appeal_without_panel_reminds_staff_and_overdue_escalates_to_all_staff(staff):
    due_on = date(2026, 7, 17)
    appeal = data.appeal(due_on=due_on)
    assert fired(date(2026, 7, 10), "appeals.resolution_5", appeal) == {(s.pk, date(2026, 7, 10)) for s in staff}
    assert_fires_on(due_on + timedelta(days=1), "appeals.overdue", appeal, staff, due=due_on)
    Appeal.objects.filter(pk=appeal.pk).update(status=Appeal.Status.REJECTED)
    assert fired(due_on + timedelta(days=2), "appeals.overdue", appeal) == set()


# --- surveillance and recertification ------------------------------------------------------------

def test_surveillance_due_in_30_and_7_days_then_overdue_to_holder_and_staff(staff):
    cert = data.certificate(issued_on=date(2025, 7, 1))  # period 1 due 1 July 2026
    due = date(2026, 7, 1)
    assert_fires_on(due - timedelta(days=30), "surveillance_due_30", cert, [cert.holder], due=due)
    assert_fires_on(due - timedelta(days=7), "surveillance_due_7", cert, [cert.holder], due=due)
    assert_fires_on(due + timedelta(days=1), "surveillance_overdue", cert, [cert.holder], due=due)
    assert_fires_on(due + timedelta(days=1), "surveillance_overdue_staff", cert, staff, due=due)


def test_recertification_six_and_three_months_and_deadline():
    cert = data.certificate(issued_on=date(2024, 7, 1))  # valid until 30 June 2027
    assert cert.valid_until == date(2027, 6, 30)
    holder = [cert.holder]
    assert_fires_on(date(2026, 12, 30), "recertification_6m", cert, holder)
    assert_fires_on(date(2027, 3, 30), "recertification_3m", cert, holder)
    assert_fires_on(date(2027, 4, 30), "recertification_deadline", cert, holder)


def test_no_recertification_reminder_once_a_request_exists():
    cert = data.certificate(issued_on=date(2024, 7, 1))
    RecertificationRequest.objects.create(certificate=cert, status=RecertificationRequest.Status.BERJALAN,
                                          requested_by=cert.holder, requested_on=date(2026, 12, 1),
                                          deadline=date(2027, 4, 30))
    assert fired(date(2026, 12, 30), "recertification_6m", cert) == set()


# --- decisions ----------------------------------------------------------------------------------

def test_certificate_expired_reminds_holder_the_day_after_the_last_valid_day():
    cert = data.certificate(issued_on=date(2023, 7, 1))
    assert cert.valid_until == date(2026, 6, 30)
    assert_fires_on(date(2026, 7, 1), "decisions.certificate_expired", cert, [cert.holder])
    assert cert.effective_status(date(2026, 7, 1)) == "kedaluwarsa"


def test_revoked_or_superseded_certificate_gets_no_expiry_reminder():
    cert = data.certificate(issued_on=date(2023, 7, 1), status=Certificate.Status.DIGANTIKAN)
    assert fired(date(2026, 7, 1), "decisions.certificate_expired", cert) == set()


def test_lapsed_warning_tells_staff_it_is_ready_for_revocation(staff):
    violation = data.violation(warning_deadline=D, by=staff[0])
    assert_fires_on(D + timedelta(days=1), "decisions.warning_lapsed", violation, staff)
    assert violation.warning_ignored(D + timedelta(days=1))


# --- catch-up and once ---------------------------------------------------------------------------

def test_missed_day_catches_up_once_and_a_rerun_sends_nothing_new(staff, django_capture_on_commit_callbacks):
    cert = data.certificate(issued_on=date(2023, 7, 1))  # expired: reminder due 1 July 2026
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep(date(2026, 7, 4))  # the sweep did not run on 1–3 July
    expired = [r for r in first.sent if r.kind == "decisions.certificate_expired"]
    assert [(r.obj.pk, r.due_date) for r in expired] == [(cert.pk, date(2026, 7, 1))]
    sent_mail = len(mail.outbox)
    assert any(cert.number in m.subject and cert.holder.email in m.to for m in mail.outbox)
    html = [m for m in mail.outbox if cert.number in m.subject][0].alternatives[0].content
    assert "kedaluwarsa" in html.lower()
    with django_capture_on_commit_callbacks(execute=True):
        again = sweep(date(2026, 7, 5))
    assert again.sent == [] and len(mail.outbox) == sent_mail


def _catch_up_cases(staff) -> list[tuple[str, object, list, date]]:
    """(kind, object, recipients, the day it falls due) for each kind with no later stage to take over."""
    draft = data.application(touched=data.wib(D))
    proposed = data.assessment(status=Assessment.Status.PROPOSED, since=data.wib(D))
    assigned = data.assessment(status=Assessment.Status.ASSIGNED, since=data.wib(D))
    appeal = data.appeal(due_on=D)
    violation = data.violation(warning_deadline=D, by=staff[0])
    expired = data.certificate(issued_on=date(2023, 7, 2))  # valid until 1 July 2026
    return [
        ("registration.incomplete", draft, [draft.applicant], D + timedelta(days=7)),
        ("assessment.declaration_waiting", proposed, [proposed.assessor], D + timedelta(days=2)),
        ("assessment.assigned", assigned, [assigned.assessor, assigned.application.applicant], D + timedelta(days=3)),
        ("appeals.overdue", appeal, staff, D + timedelta(days=1)),
        ("decisions.warning_lapsed", violation, staff, D + timedelta(days=1)),
        ("decisions.certificate_expired", expired, [expired.holder], D + timedelta(days=1)),
    ]


def test_a_missed_reminder_is_caught_up_for_catch_up_days_and_then_dropped(staff):
    """skema_lsp.reminders' rule: a sweep looks back CATCH_UP_DAYS at most; older reminders are not
    sent late (the first sweep after a long outage or a data import does not flood anyone)."""
    for kind, obj, recipients, due_day in _catch_up_cases(staff):
        fires_on = due_day if kind != "appeals.overdue" else D  # an overdue appeal's claim is its due_on
        last_day = due_day + timedelta(days=CATCH_UP_DAYS)
        assert fired(last_day, kind, obj) == {(u.pk, fires_on) for u in recipients}, kind
        assert fired(last_day + timedelta(days=1), kind, obj) == set(), kind
