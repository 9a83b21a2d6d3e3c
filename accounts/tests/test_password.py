import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kata-Sandi-Baru-2026"


def test_password_reset_mails_a_link_that_sets_a_new_password(client, mailoutbox):
    user = make_user(Role.PEMOHON, email="budi@contoh.id")
    response = client.post(reverse("password_reset"), {"email": "budi@contoh.id"}, follow=True)
    assert "Periksa email Anda" in response.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["budi@contoh.id"]
    assert "kata sandi baru" in mailoutbox[0].body
    path = re.search(r"/accounts/reset/[^/\s]+/[^/\s]+/", mailoutbox[0].body).group(0)
    form_page = client.get(path, follow=True)  # Django swaps the token for a session-held one
    assert "Atur kata sandi baru" in form_page.content.decode()
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_email_sends_nothing(client, mailoutbox):
    client.post(reverse("password_reset"), {"email": "siapa@contoh.id"})
    assert mailoutbox == []


def test_password_change(client):
    user = make_user(Role.PEMOHON)
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    }, follow=True)
    assert "Kata sandi Anda berhasil diubah" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_logout_ends_the_session(client):
    client.force_login(make_user(Role.PEMOHON))
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_invalid_reset_link_says_so_in_indonesian(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "salah-token"]))
    html = response.content.decode()
    assert "tidak valid" in html and reverse("password_reset") in html


def test_logged_out_template_is_indonesian(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("registration/logged_out.html", request=request)
    assert "Anda telah keluar" in html
