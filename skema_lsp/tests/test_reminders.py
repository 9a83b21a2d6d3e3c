import threading
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp import reminders
from skema_lsp.models import Notification, SentReminder
from skema_lsp.reminders import Reminder, claim_and_send

DUE = date(2026, 12, 1)


def reminder_for(user, kind="uji_coba", due=DUE):
    return Reminder(kind=kind, obj=user, due_date=due, recipient=user, subject="Pengingat uji coba",
                    template="skema_lsp/email/test_reminder", context={"pesan": "jangan lupa"})


@pytest.fixture
def fake_source(monkeypatch):
    """Replace the stage apps' reminder lists with a fixed one for the framework's own tests."""
    items: list[Reminder] = []
    monkeypatch.setattr(reminders, "collect", lambda today: list(items))
    return items


@pytest.mark.django_db
def test_claimed_reminder_is_sent_once_with_notification_and_email(django_capture_on_commit_callbacks):
    user = make_user(Role.PEMOHON)
    with django_capture_on_commit_callbacks(execute=True):
        sent = claim_and_send([reminder_for(user)])
    assert [r.recipient for r in sent] == [user]
    assert SentReminder.objects.filter(kind="uji_coba", recipient=user, due_date=DUE).count() == 1
    assert Notification.objects.get(recipient=user).subject == "Pengingat uji coba"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "jangan lupa" in mail.outbox[0].body


@pytest.mark.django_db
def test_second_run_sends_nothing_new(django_capture_on_commit_callbacks):
    user = make_user(Role.PEMOHON)
    with django_capture_on_commit_callbacks(execute=True):
        claim_and_send([reminder_for(user)])
        again = claim_and_send([reminder_for(user)])
    assert again == []
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=user).count() == 1


@pytest.mark.django_db
def test_a_new_due_date_is_a_new_reminder(django_capture_on_commit_callbacks):
    user = make_user(Role.PEMOHON)
    with django_capture_on_commit_callbacks(execute=True):
        claim_and_send([reminder_for(user)])
        later = claim_and_send([reminder_for(user, due=date(2026, 12, 8))])
    assert len(later) == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_claim_uses_a_fixed_number_of_queries(django_assert_max_num_queries):
    users = [make_user(Role.PEMOHON) for _ in range(25)]
    with django_assert_max_num_queries(8):
        sent = claim_and_send([reminder_for(u) for u in users])
    assert len(sent) == 25


@pytest.mark.django_db
def test_run_reminders_command_prints_what_it_sent(fake_source, capsys):
    user = make_user(Role.PEMOHON)
    fake_source.append(reminder_for(user))
    call_command("run_reminders", "--date", "2026-12-01")
    out = capsys.readouterr().out
    assert "uji_coba" in out and "1 pengingat terkirim" in out
    call_command("run_reminders", "--date", "2026-12-01")
    assert "0 pengingat terkirim" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_parallel_sweeps_send_each_reminder_once():
    users = [make_user(Role.PEMOHON) for _ in range(20)]
    items = [reminder_for(u) for u in users]
    barrier = threading.Barrier(2)
    results: list[list] = []

    def worker():
        try:
            barrier.wait()
            results.append(claim_and_send(items))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r) for r in results)[-1] <= 20
    assert sum(len(r) for r in results) == 20
    assert SentReminder.objects.count() == 20
    assert Notification.objects.count() == 20
