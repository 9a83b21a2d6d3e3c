"""The staff dashboard's whole-table figures (certificates in force, surveillance overdue) are
counted once per DASHBOARD_CACHE_SECONDS for every staff member, not on each visit; the lists they
link to stay live."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from surveillance.tests.factories import make_certificate

pytestmark = pytest.mark.django_db


def _stat(response, label: str) -> int:
    for _template, panel in response.context["panels"]:
        for name, value in panel.get("stats", []):
            if name == label:
                return value
    raise AssertionError(f"no figure {label!r} on the dashboard")


def _visit(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    counts_certificates = [q["sql"] for q in ctx.captured_queries
                           if q["sql"].startswith("SELECT COUNT(*)") and 'FROM "decisions_certificate"' in q["sql"]]
    return response, counts_certificates


def test_staff_figures_are_counted_once_for_every_staff_member_then_again_after_the_window(client, settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    today = timezone.localdate()
    make_certificate(issued_on=today - timedelta(days=30))
    first_staff, second_staff = make_user(Role.STAF), make_user(Role.STAF)

    response, counted = _visit(client, first_staff)
    assert _stat(response, "sertifikat berlaku") == 1 and counted

    make_certificate(issued_on=today - timedelta(days=10))
    response, counted = _visit(client, second_staff)
    assert _stat(response, "sertifikat berlaku") == 1 and counted == []  # the figure of the first visit
    listed = client.get(reverse("decisions:certificates")).context["page"]
    assert len(listed) == 2  # the list itself is live

    cache.clear()  # the window has passed
    response, counted = _visit(client, second_staff)
    assert _stat(response, "sertifikat berlaku") == 2 and counted


def test_without_a_window_every_visit_counts(client, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    today = timezone.localdate()
    staff = make_user(Role.STAF)
    make_certificate(issued_on=today - timedelta(days=30))
    assert _stat(_visit(client, staff)[0], "sertifikat berlaku") == 1
    make_certificate(issued_on=today - timedelta(days=10))
    assert _stat(_visit(client, staff)[0], "sertifikat berlaku") == 2


def test_overdue_holders_show_the_dashboard_figure_and_every_overdue_row(client, settings):
    from dateutil.relativedelta import relativedelta

    settings.DASHBOARD_CACHE_SECONDS = 300
    today = timezone.localdate()
    first = make_certificate(issued_on=today - relativedelta(months=13))
    client.force_login(make_user(Role.STAF))
    url = reverse("surveillance:holders")
    assert client.get(url, {"overdue": "on"}).context["page"].paginator.count == 1

    second = make_certificate(issued_on=today - relativedelta(months=14))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"overdue": "on"})
    assert {row.certificate.pk for row in response.context["rows"]} == {first.pk, second.pk}  # rows read live
    assert response.context["page"].paginator.count == 1  # the count of the dashboard's window
    counted = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert not [sql for sql in counted if "decisions_certificate" in sql]
    # Any other filter beside it counts for itself.
    assert client.get(url, {"overdue": "on", "status": "berlaku"}).context["page"].paginator.count == 2
