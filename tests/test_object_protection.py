"""Every object URL, pointed at real demo objects: someone entitled reaches it, an unrelated
applicant and an unrelated assessor get 404 (GET and POST), so nobody learns that it exists."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import make_user
from tests.objects import NOT_A_CASE, OBJECT_ROUTES
from tests.test_url_protection import PUBLIC
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

ROUTES = {r.name: r for r in all_routes() if r.converters and r.name not in PUBLIC}


def test_every_object_route_is_in_the_table():
    missing = sorted(set(ROUTES) - set(OBJECT_ROUTES))
    assert missing == [], f"add these routes to tests/objects.py OBJECT_ROUTES: {missing}"
    assert sorted(set(OBJECT_ROUTES) - set(ROUTES)) == [], "routes in the table that no longer exist"


def _privileged_status(client, url: str) -> int:
    """GET; a POST-only view answers 405 before looking anything up, so POST (empty form: the view
    finds the object, refuses the form or the move, and redirects; the test's savepoint rolls back)."""
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url).status_code
    return status


def _outsider_statuses(client, url: str) -> tuple[int, int]:
    return client.get(url).status_code, client.post(url).status_code


@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES), ids=str)
def test_object_url_is_reachable_for_its_people_and_404_for_outsiders(client, demo, name):
    persona, kwargs = OBJECT_ROUTES[name]
    url = ROUTES[name].url(**kwargs(demo))

    client.force_login(demo.user(persona))
    status = _privileged_status(client, url)
    assert status != 404 and status < 500, f"{persona} {url} → {status}: the kwargs must point at a real object"

    outsiders = {"pemohon (unrelated)": make_user(Role.PEMOHON), "asesor2 (unrelated)": demo.user("asesor2")}
    for label, user in outsiders.items():
        client.force_login(user)
        get, post = _outsider_statuses(client, url)
        if name in NOT_A_CASE:
            assert (get, post) == (403, 403), f"{label} {url} → GET {get}, POST {post}"
            continue
        # 405 on GET only from a POST-only view, which answers so before any lookup (for anyone).
        assert get in (404, 405) and post == 404, f"{label} {url} → GET {get}, POST {post}"
