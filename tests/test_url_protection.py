"""Every URL in the project is either on the short list of public pages or needs login. A new view
that forgets its protection makes this fail."""

import pytest

from tests.urlwalk import all_routes, unnamed_patterns

# Contract 8: the public pages. Anything else needs login.
PUBLIC = {
    "home", "healthz", "schemes:list", "schemes:detail",
    "verification_search", "verification_detail", "verification_json",
    "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "signup", "signup_done", "verify_email", "resend_verification", "set_language",
    # ISO/IEC 17024 9.9: anyone, with or without an account, files and tracks a complaint
    "complaints:file", "complaints:filed", "complaints:track",
}


def test_every_pattern_has_a_name():
    assert unnamed_patterns() == []


def test_public_list_names_only_existing_routes():
    names = {r.name for r in all_routes()}
    assert PUBLIC - names == set()


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in all_routes() if r.name not in PUBLIC], ids=lambda r: r.name)
def test_anonymous_is_sent_to_login(client, route):
    url = route.url()
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405), f"{method.upper()} {url} → {response.status_code}"
        if response.status_code == 302:
            location = response["Location"]
            assert location.startswith("/accounts/login/"), f"{method.upper()} {url} → {location}"


@pytest.mark.django_db
def test_admin_needs_staff_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
