"""The whole sweep with the real reminder kinds: fixed queries whatever the data size, two sweeps in
parallel send each reminder once, and with the broker down a web action still succeeds and the
next sweep catches up."""

import logging
import threading
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment.models import Assessment
from decisions.models import Certificate, DecisionLetter
from schemes.tests.factories import PASFOTO, RECERTIFICATION, make_scheme
from skema_lsp.models import Notification, SentReminder
from skema_lsp.reminders import collect, sweep
from skema_lsp.tests import reminder_data as data

TODAY = date(2026, 7, 1)
# Issue dates that put a certificate in each certificate reminder on TODAY (12-month surveillance,
# 3-year validity): surveillance due in 30 days, in 7 days, overdue; expired; recertification at 6 months.
ISSUED = [date(2025, 7, 31), date(2025, 7, 8), date(2025, 6, 20), date(2023, 6, 25), date(2024, 1, 1)]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def populate_cases() -> None:
    """One object for every reminder that is not about a certificate, each due on TODAY."""
    staff = [make_user(Role.STAF), make_user(Role.STAF)]
    data.application(touched=data.wib(TODAY - timedelta(days=7)))
    data.assessment(status=Assessment.Status.PROPOSED, since=data.wib(TODAY - timedelta(days=2)))
    data.assessment(status=Assessment.Status.ASSIGNED, since=data.wib(TODAY - timedelta(days=3)))
    data.assessment(status=Assessment.Status.PLAN_AGREED, since=data.wib(TODAY - timedelta(days=9)),
                    plan_on=TODAY + timedelta(days=1))
    data.decision(result="BK", decided_at=data.wib(TODAY - timedelta(days=1)))
    data.appeal(due_on=date(2026, 7, 8), panel=[make_user(Role.TIM_BANDING) for _ in range(3)])
    data.appeal(due_on=date(2026, 6, 25))
    data.violation(warning_deadline=TODAY - timedelta(days=1), by=staff[0])


def add_certificates(n: int, start: int = 0) -> None:
    scheme = make_scheme(**RECERTIFICATION)
    for i in range(start, start + n):
        data.certificate(issued_on=ISSUED[i % len(ISSUED)] - timedelta(days=(i // len(ISSUED)) % 3), scheme=scheme)


def sweep_queries(today: date = TODAY) -> tuple[int, list]:
    ContentType.objects.clear_cache()  # a warm cache would hide the first sweep's lookups
    with CaptureQueriesContext(connection) as queries:
        result = sweep(today)
    return len(queries), result.sent


@pytest.mark.django_db
def test_sweep_query_count_is_the_same_with_1_and_50_certificates():
    populate_cases()
    add_certificates(1)
    few, sent_few = sweep_queries()
    SentReminder.objects.all().delete()
    Notification.objects.all().delete()
    add_certificates(49, start=1)
    many, sent_many = sweep_queries()
    assert {r.kind for r in sent_many} >= {
        "registration.incomplete", "assessment.declaration_waiting", "assessment.assigned", "assessment.schedule",
        "appeals.window_closing", "appeals.resolution_5", "appeals.overdue", "surveillance_due_30",
        "surveillance_due_7", "surveillance_overdue", "surveillance_overdue_staff", "recertification_6m",
        "decisions.certificate_expired", "decisions.warning_lapsed",
    }
    assert len(sent_many) > len(sent_few) + 49
    assert many == few


@pytest.mark.django_db
def test_idle_sweep_leaves_claimed_rows_in_the_database_with_flat_queries():
    """Once everything due is claimed, the sweep builds no reminder about a certificate, application,
    assessment or violation (the claim is checked in SQL), with 1 certificate or 50 alike. Only the
    appeals' reminders (open cases and the day's closing windows, a handful by nature) are rebuilt
    and found claimed."""
    populate_cases()
    add_certificates(1)
    assert sweep(TODAY).sent
    few, sent_few = sweep_queries()
    add_certificates(49, start=1)
    assert len(sweep(TODAY).sent) > 49
    many, sent_many = sweep_queries()
    assert sent_few == sent_many == []
    assert many == few
    assert {r.kind for r in collect(TODAY)} == {"appeals.resolution_5", "appeals.overdue", "appeals.window_closing"}


@pytest.mark.django_db
def test_sweep_query_count_is_the_same_before_and_after_an_appeal_panel_is_formed():
    """Panel members come joined to their panel rows: a formed panel adds no query (make bench found
    one more at 100k certificates than at 1,000, where no open appeal had its panel yet)."""
    from appeals.models import PanelMember

    make_user(Role.STAF)  # who is reminded while the appeal has no panel
    appeal = data.appeal(due_on=date(2026, 7, 8))
    before, sent = sweep_queries()
    assert [r.kind for r in sent] == ["appeals.resolution_5"]
    SentReminder.objects.all().delete()
    members = [make_user(Role.TIM_BANDING) for _ in range(3)]
    for member in members:
        PanelMember.objects.create(appeal=appeal, member=member, added_by=member)
    after, sent = sweep_queries()
    assert {r.recipient for r in sent} == set(members)
    assert after == before


def emailed(reminders) -> list:
    """The reminders that go out by email: to an address, and, for a non-essential one (a nudge or an
    offer), only with the recipient's komunikasi consent (accounts/consents.py)."""
    from accounts.consents import email_allowed

    consenting = email_allowed({r.recipient.pk for r in reminders})
    return [r for r in reminders if r.recipient.email and (r.essential or r.recipient.pk in consenting)]


@pytest.mark.django_db
def test_rerun_the_next_day_sends_nothing_new(django_capture_on_commit_callbacks):
    populate_cases()
    add_certificates(5)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep(TODAY)
    count = len(mail.outbox)
    assert count == len(emailed(first.sent)) > 0
    with django_capture_on_commit_callbacks(execute=True):
        again = sweep(TODAY)
    assert again.sent == [] and len(mail.outbox) == count
    assert Notification.objects.count() == SentReminder.objects.count() == len(first.sent)


@pytest.mark.django_db(transaction=True)
def test_two_parallel_sweeps_with_real_kinds_send_each_reminder_once():
    populate_cases()
    add_certificates(10)
    collect_all = collect(TODAY)
    expected = {r.key for r in collect_all}
    barrier = threading.Barrier(2)
    results: list[list] = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            results.append(sweep(TODAY).sent)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sent = [r.key for batch in results for r in batch]
    assert len(sent) == len(set(sent)) == len(expected)
    assert set(sent) == expected
    assert SentReminder.objects.count() == Notification.objects.count() == len(expected)
    assert len(mail.outbox) == len(emailed([r for r in collect_all if r.key in expected]))


# --- broker down ---------------------------------------------------------------------------------

@pytest.fixture
def broker_down(monkeypatch):
    """The project's Celery app pointed at a port where nothing listens, not eager: .delay() fails."""
    from skema_lsp.celery import app

    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_transport_options",
                                            "broker_connection_retry", "broker_connection_max_retries")}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0", broker_connection_retry=False,
                    broker_connection_max_retries=0, broker_transport_options={"max_retries": 0})
    app._after_fork()  # drop pooled connections to the real broker
    yield app
    app.conf.update(saved)
    app._after_fork()


def run_meeting_to_letter(staff, members, assessments):
    from decisions import services

    meeting = services.create_meeting(by=staff, date=timezone.localdate(), place="Ruang rapat LSP", members=members)
    for assessment in assessments:
        entry = services.add_candidate(meeting=meeting, assessment=assessment, by=staff)
        for member in members[:2]:
            services.cast_vote(entry=entry, member=member, result=assessment.recommendation)
    services.close_meeting(meeting=meeting, by=staff)
    return services.draft_letter(meeting=meeting, by=staff)


@pytest.mark.django_db
def test_broker_down_web_action_succeeds_and_next_sweep_catches_up(
    broker_down, client, caplog, django_capture_on_commit_callbacks
):
    from decisions.tests.factories import make_ready_assessment

    caplog.set_level(logging.WARNING)
    staff, director = make_user(Role.STAF), make_user(Role.DIREKTUR)
    members = [make_user(Role.TIM_TEKNIS) for _ in range(3)]
    scheme = make_scheme(elements=0, documents=[PASFOTO])
    kompeten = make_ready_assessment(scheme=scheme)
    belum = make_ready_assessment(scheme=scheme, recommendation="BK")
    letter = run_meeting_to_letter(staff, members, [kompeten, belum])

    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("decisions:sk_approve", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DISETUJUI
    certificate = Certificate.objects.get(holder=kompeten.candidate)
    assert not certificate.pdf  # its rendering task never reached the broker
    assert "sweep" in caplog.text

    with django_capture_on_commit_callbacks(execute=True):
        result = sweep(timezone.localdate() + timedelta(days=1))  # the BK candidate's last appeal day
    assert result.moved == ["PDF sertifikat dibuat ulang: 1"]
    certificate.refresh_from_db()
    assert certificate.pdf
    closing = [r for r in result.sent if r.kind == "appeals.window_closing"]
    assert [r.recipient for r in closing] == [belum.candidate]
    assert any(belum.candidate.email in m.to and "banding" in m.subject.lower() for m in mail.outbox)
