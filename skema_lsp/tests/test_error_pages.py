"""403, 404 and 500 speak Indonesian and use the site layout."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import get_resolver

from accounts.tests.factories import make_user
from schemes.tests.factories import TUKFactory
from skema_lsp import audit, views

pytestmark = pytest.mark.django_db


def test_404_is_indonesian(client):
    response = client.get("/halaman-yang-tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert 'lang="id"' in html
    assert "Not Found" not in html


def test_root_urlconf_uses_the_indonesian_handlers():
    resolver = get_resolver()
    assert resolver.resolve_error_handler(403) is views.error_403
    assert resolver.resolve_error_handler(404) is views.error_404
    assert resolver.resolve_error_handler(500) is views.error_500


def test_403_is_indonesian():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = views.error_403(request, PermissionDenied())
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_403_from_a_view_through_the_handler(client, settings):
    # The admin's delete view for the read-only audit log raises PermissionDenied.
    entry = audit.record(obj=TUKFactory(), action="a")
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.post(f"/admin/skema_lsp/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_500_is_indonesian():
    request = RequestFactory().get("/")
    response = views.error_500(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert 'lang="id"' in html
    assert "Terjadi kesalahan" in html


def test_csrf_failure_is_indonesian():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir tidak dapat diproses" in html
    assert "LSP Renbang" in html
