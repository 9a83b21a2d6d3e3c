"""Every registered ModelAdmin, on the demo data: the changelist, the add page and the change page of
a real row of each model open for the superuser without a server error (an inline naming a field it
cannot edit, a broken column or filter, would answer 500)."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def rows_the_demo_does_not_make() -> None:
    """A calendar override, django-axes' login records (the demo never fails a login) and a
    destruction log row (the demo's identity files are all within their retention period)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from registration.models import Evidence, PersonalFileDestruction
    from skema_lsp.models import CalendarDay

    CalendarDay.objects.create(date="2026-03-07", is_working_day=True, reason="Uji hari Sabtu")
    who = {"username": "staf", "ip_address": "203.0.113.7", "user_agent": "Uji", "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(**who, get_data="", post_data="", failures_since_start=3)
    AccessFailureLog.objects.create(**who, locked_out=False)
    AccessLog.objects.create(**who)
    ktp = Evidence.objects.filter(required_document__code="ktp").order_by("pk").first()
    PersonalFileDestruction.objects.create(evidence=ktp, application=ktp.application, document="KTP",
                                           sha256=ktp.sha256, retention_until="2026-01-31")


@pytest.fixture
def superuser(client, demo):
    rows_the_demo_does_not_make()
    client.force_login(demo.user("admin"))
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=[m._meta.label for m in REGISTERED])
def test_admin_pages_of_every_model_open_on_demo_data(superuser, model):
    info = (model._meta.app_label, model._meta.model_name)
    pages = [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
    obj = model._default_manager.order_by("pk").last()
    assert obj is not None, f"no {model._meta.label} row: add one to rows_the_demo_does_not_make()"
    pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    for url in pages:
        response = superuser.get(url)
        assert response.status_code in (200, 403), f"{url} → {response.status_code}"
    changelist = superuser.get(pages[0], {"q": "a\x00"})
    assert changelist.status_code < 500
