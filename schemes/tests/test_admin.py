import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import make_user
from schemes.models import TUK
from schemes.tests.factories import CriterionFactory, TUKFactory, load_renbang
from skema_lsp.audit import timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def test_tuk_verification_only_through_the_action(admin_client):
    tuk = TUKFactory(is_verified=False, verified_on=None)
    response = admin_client.post(
        "/admin/schemes/tuk/", {"action": "verify", "_selected_action": [tuk.pk]}, follow=True
    )
    assert "1 TUK diverifikasi." in response.content.decode()
    tuk.refresh_from_db()
    assert tuk.is_verified and tuk.verified_by.is_superuser
    assert [e.action for e in timeline(tuk)] == ["schemes.tuk.verified"]
    # The change form shows the verification read-only: posting is_verified=off changes nothing.
    admin_client.post(f"/admin/schemes/tuk/{tuk.pk}/change/", {
        "name": tuk.name, "kind": tuk.kind, "address": tuk.address, "contact": "", "is_verified": "",
    })
    assert TUK.objects.get(pk=tuk.pk).is_verified


def test_scheme_list_shows_rupiah_and_unit_count(admin_client):
    load_renbang()
    html = admin_client.get("/admin/schemes/scheme/").content.decode()
    assert "Rp3.500.000" in html


def test_document_list_shows_requirement_codes(admin_client):
    load_renbang()
    html = admin_client.get("/admin/schemes/requireddocument/").content.decode()
    assert "6.2, 6.3, 6.4" in html


@pytest.mark.parametrize("url", ["/admin/schemes/performancecriterion/", "/admin/schemes/requireddocument/",
                                 "/admin/schemes/element/", "/admin/schemes/tuk/"])
def test_admin_lists_have_flat_query_counts(admin_client, url):
    load_renbang(with_examples=True)
    TUKFactory(verified_by=make_user())
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    CriterionFactory.create_batch(5)
    TUKFactory.create_batch(3, verified_by=make_user())
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)
    assert len(many) == len(few)
