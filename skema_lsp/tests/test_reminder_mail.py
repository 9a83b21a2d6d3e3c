"""A sweep that sends many reminders reuses one mailer connection (one SMTP session) per batch, sends
each reminder exactly once, and a batch the mail server refuses does not stop the others."""

import smtplib
from datetime import date

import pytest
from django.core.mail.backends.locmem import EmailBackend

from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp import reminders
from skema_lsp.models import Notification, SentReminder
from skema_lsp.reminders import Reminder, claim_and_send

pytestmark = pytest.mark.django_db
DUE = date(2026, 12, 1)


class CountingBackend(EmailBackend):
    """A mailer that records its connections: each instance is one, open between open() and close()."""

    connections: list["CountingBackend"] = []
    refuse_batch: int | None = None  # the n-th connection's send fails like a mail server that hangs up

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_open, self.opened, self.sent = False, 0, []
        CountingBackend.connections.append(self)

    def open(self):
        self.is_open, self.opened = True, self.opened + 1
        return True

    def close(self):
        self.is_open = False

    def send_messages(self, messages):
        assert self.is_open, "sent without an open connection: a new SMTP session per message"
        if len(CountingBackend.connections) == CountingBackend.refuse_batch:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        self.sent.extend(recipient for message in messages for recipient in message.to)
        return super().send_messages(messages)


@pytest.fixture
def counting_mailer(settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(CountingBackend, "connections", [])
    monkeypatch.setattr(CountingBackend, "refuse_batch", None)
    monkeypatch.setattr(reminders, "EMAIL_BATCH_SIZE", 10)
    return CountingBackend


def reminders_for(users) -> list[Reminder]:
    return [Reminder(kind="uji_coba", obj=user, due_date=DUE, recipient=user, subject="Pengingat uji coba",
                     template="skema_lsp/email/test_reminder", context={"pesan": "jangan lupa"}) for user in users]


def test_many_reminders_go_out_in_batches_each_over_one_connection_and_once(
    counting_mailer, django_capture_on_commit_callbacks
):
    users = [make_user(Role.PEMOHON) for _ in range(25)]
    with django_capture_on_commit_callbacks(execute=True):
        sent = claim_and_send(reminders_for(users))
    assert len(sent) == 25
    connections = counting_mailer.connections
    assert [len(c.sent) for c in connections] == [10, 10, 5]
    assert all(c.opened == 1 and not c.is_open for c in connections)  # opened once, closed after its batch
    assert sorted(r for c in connections for r in c.sent) == sorted(u.email for u in users)

    with django_capture_on_commit_callbacks(execute=True):
        again = claim_and_send(reminders_for(users))
    assert again == [] and len(counting_mailer.connections) == 3  # nothing new, no connection opened


def test_a_refused_batch_is_logged_and_the_other_batches_still_go_out(
    counting_mailer, django_capture_on_commit_callbacks, caplog
):
    counting_mailer.refuse_batch = 2
    users = [make_user(Role.PEMOHON) for _ in range(25)]
    with django_capture_on_commit_callbacks(execute=True):
        sent = claim_and_send(reminders_for(users))
    assert [len(c.sent) for c in counting_mailer.connections] == [10, 0, 5]
    assert "a batch of 10 failed" in caplog.text
    # Claimed and in every recipient's notification list; a later sweep does not send them again.
    assert SentReminder.objects.count() == Notification.objects.count() == len(sent) == 25
    with django_capture_on_commit_callbacks(execute=True):
        assert claim_and_send(reminders_for(users)) == []
    assert len(counting_mailer.connections) == 3
