"""notify(): an in-app row at once, the email only after the surrounding transaction commits."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction

from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp.models import Notification
from skema_lsp.notify import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_templates(settings, tmp_path):
    folder = tmp_path / "templates" / "uji" / "email"
    folder.mkdir(parents=True)
    (folder / "teks.txt").write_text("Halo {{ user.display_name }}, jadwal {{ jadwal }}: {{ site_url }}{{ url }}")
    (folder / "lengkap.txt").write_text("Teks {{ jadwal }}")
    (folder / "lengkap.html").write_text("<p>HTML {{ jadwal }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path / "templates"]}]


def test_in_app_row_now_email_only_after_commit(email_templates, django_capture_on_commit_callbacks, settings):
    user = make_user(Role.PEMOHON, full_name="Rina Kartika Sari")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note = notify(user=user, subject="Jadwal uji", template="uji/email/teks", context={"jadwal": "5 Mei"},
                      url="/asesmen/1/")
    assert Notification.objects.get(pk=note.pk).recipient == user
    assert note.body == f"Halo Rina Kartika Sari, jadwal 5 Mei: {settings.SITE_URL}/asesmen/1/"
    assert note.url == "/asesmen/1/" and note.read_at is None
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject.endswith("Jadwal uji") and settings.LSP_NAME in message.subject
    assert message.body == note.body
    assert message.alternatives == []


def test_html_part_is_attached_when_the_template_exists(email_templates, django_capture_on_commit_callbacks):
    user = make_user(Role.PEMOHON)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, subject="S", template="uji/email/lengkap", context={"jadwal": "6 Mei"})
    [message] = mail.outbox
    assert message.body == "Teks 6 Mei"
    assert message.alternatives[0].content == "<p>HTML 6 Mei</p>"


def test_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    user = make_user(Role.PEMOHON)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(user=user, subject="Batal", body="tidak jadi")
            raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_plain_body_and_opt_outs(django_capture_on_commit_callbacks):
    without_email = make_user(Role.PEMOHON, email=None)
    user = make_user(Role.PEMOHON)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=without_email, subject="A", body="isi")
        notify(user=user, subject="B", body="isi", email=False)
    assert mail.outbox == []
    assert Notification.objects.filter(body="isi").count() == 2


def test_mail_server_failure_does_not_break_the_committed_action(django_capture_on_commit_callbacks, monkeypatch,
                                                                 caplog):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPException("server down")

    monkeypatch.setattr("skema_lsp.notify.EmailMultiAlternatives.send", refuse)
    user = make_user(Role.PEMOHON)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, subject="Tetap tercatat", body="isi")
    assert Notification.objects.get(recipient=user).subject == "Tetap tercatat"
    assert "server down" in caplog.text
