"""Every registered ModelAdmin loads for a superuser: changelist (with a search), add form, and a
change form when a row exists. Protects every app's admin against a broken column, filter or field."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.tests.factories import make_user
from schemes.tests.factories import TUKFactory, load_renbang
from skema_lsp import audit
from skema_lsp.models import CalendarDay

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def superuser_client(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(make_user(is_superuser=True, is_staff=True, username="superadmin"))
    return client


@pytest.fixture
def some_rows():
    # A few rows so change forms and list columns render with data (the scheme catalogue, a TUK,
    # an audit entry, a calendar override; users come from the fixture above).
    load_renbang(with_examples=True)
    tuk = TUKFactory()
    audit.record(obj=tuk, action="uji", to_state="x")
    CalendarDay.objects.create(date="2026-03-07", is_working_day=True, reason="Uji hari Sabtu")


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_admin_pages_load(superuser_client, some_rows, model, model_admin):
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    response = superuser_client.get(changelist)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count()
    if model_admin.search_fields:
        assert superuser_client.get(changelist, {"q": "a"}).status_code == 200
    request = response.wsgi_request
    if model_admin.has_add_permission(request):
        assert superuser_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        assert superuser_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200

