"""Persona × URL: another applicant and an unassigned assessor get 404 on everything of an
application; staff may see; applicants may not use staff pages."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from registration import permissions
from registration.tests.factories import make_applicant, submitted_application

OBJECT_GETS = ["detail", "apl01_pdf", "apl02_pdf", "review"]
OBJECT_POSTS = ["submit", "upload", "payment_proof", "payment_decide"]


@pytest.fixture
def application(scheme):
    return submitted_application(scheme)


def _urls(application):
    ev = application.evidence.get(required_document__code="ktp")
    gets = [reverse(f"registration:{n}", args=[application.pk]) for n in OBJECT_GETS]
    gets += [reverse("registration:evidence_file", args=[ev.pk]),
             reverse("registration:step", args=[application.pk, "data-pribadi"])]
    posts = [reverse(f"registration:{n}", args=[application.pk]) for n in OBJECT_POSTS]
    posts.append(reverse("registration:remove_file", args=[application.pk, ev.pk]))
    return gets, posts


@pytest.mark.parametrize("persona", ["other_applicant", "assessor", "tim_teknis"])
def test_outsiders_get_404_everywhere(client, application, persona):
    user = {"other_applicant": lambda: make_applicant(username="lain", nik=""),
            "assessor": lambda: make_user(Role.ASESOR), "tim_teknis": lambda: make_user(Role.TIM_TEKNIS)}[persona]()
    client.force_login(user)
    gets, posts = _urls(application)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url).status_code == 404, url
    application.refresh_from_db()
    assert application.status == "submitted" and application.payment.status == "unpaid"


def test_anonymous_redirected_to_login(client, application):
    gets, _ = _urls(application)
    for url in gets + [reverse("registration:my_applications"), reverse("registration:staff_queue")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_owner_may_not_use_staff_pages(client, application):
    client.force_login(application.applicant)
    assert client.get(reverse("registration:staff_queue")).status_code == 403
    assert client.get(reverse("registration:review", args=[application.pk])).status_code == 403
    assert client.post(reverse("registration:payment_decide", args=[application.pk]),
                       {"aksi": "konfirmasi"}).status_code == 403


def test_staff_sees_but_cannot_edit_applicant_form(client, application, staff):
    client.force_login(staff)
    for name in ["detail", "review", "apl01_pdf"]:
        assert client.get(reverse(f"registration:{name}", args=[application.pk])).status_code == 200
    assert client.get(reverse("registration:step", args=[application.pk, "data-pribadi"])).status_code == 403
    assert client.get(reverse("registration:my_applications")).status_code == 403


def test_extra_viewer_hook_lets_a_later_stage_grant_access(client, application, monkeypatch):
    assessor = make_user(Role.ASESOR)
    monkeypatch.setattr(permissions, "EXTRA_VIEWERS", [lambda user, app: user.pk == assessor.pk])
    client.force_login(assessor)
    ev = application.evidence.get(required_document__code="pasfoto")
    assert client.get(reverse("registration:evidence_file", args=[ev.pk])).status_code == 200
    assert client.get(reverse("registration:apl02_pdf", args=[application.pk])).status_code == 200
    assert client.get(reverse("registration:review", args=[application.pk])).status_code == 403
