"""Links in e-mails and QR codes use the configured SITE_URL, never the Host a request claims."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp.notify import notify

pytestmark = pytest.mark.django_db
SITE = "https://sertifikasi.lsp-renbang.id"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]  # so a forged Host reaches the view at all


def test_verification_link_ignores_the_host_header(client, site, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), {
            "username": "dina", "full_name": "Dina Marlina", "email": "dina@contoh.id",
            "password1": "Rencana-Pembangunan-77", "password2": "Rencana-Pembangunan-77", "consent": "on",
        }, HTTP_HOST="penyerang.contoh")
    [mail] = mailoutbox
    assert f"{SITE}/accounts/verifikasi/" in mail.body and "penyerang.contoh" not in mail.body


def test_password_reset_link_ignores_the_host_header(client, site, mailoutbox):
    make_user(Role.PEMOHON, email="budi@contoh.id")
    client.post(reverse("password_reset"), {"email": "budi@contoh.id"}, HTTP_HOST="penyerang.contoh")
    [mail] = mailoutbox
    assert f"{SITE}/accounts/reset/" in mail.body and "penyerang.contoh" not in mail.body


def test_a_notice_without_its_own_template_links_to_its_page(site, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(Role.STAF, email="staf@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, subject="SK menunggu", body="Draf SK dikembalikan.", url="/keputusan/sk/7/")
    assert f"Buka: {SITE}/keputusan/sk/7/" in mailoutbox[0].body
    assert user.notifications.get().body == "Draf SK dikembalikan."  # the in-app note links by itself
