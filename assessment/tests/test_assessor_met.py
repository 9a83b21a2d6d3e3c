"""Staff keep assessors' MET registration (number and end date) in the app, audited; assignment
reads it, so a registration set to have lapsed refuses the assessor until it is extended."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment.services import assessor_refusal
from assessment.tests.factories import make_application, make_assessor
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_staff_record_the_met_registration_and_assignment_follows_it(client):
    staff = make_user(Role.STAF, full_name="Sari Staf")
    assessor = make_assessor(met_number="", met_valid_until=None)
    application = make_application()
    assert "belum memiliki nomor registrasi MET" in assessor_refusal(assessor=assessor, application=application)
    url = reverse("assessment:assessor_met", args=[assessor.pk])
    client.force_login(staff)
    assert assessor.display_name in client.get(reverse("assessment:assessor_list")).content.decode()

    yesterday = timezone.localdate() - timedelta(days=1)
    assert client.post(url, {"met_number": " MET.000.004321  2019 ",
                             "met_valid_until": yesterday.isoformat()}).status_code == 302
    assessor.refresh_from_db()
    assert (assessor.met_number, assessor.met_valid_until) == ("MET.000.004321 2019", yesterday)
    assert "berakhir" in assessor_refusal(assessor=assessor, application=application)

    later = timezone.localdate() + timedelta(days=365 * 3)
    client.post(url, {"met_number": "MET.000.004321 2019", "met_valid_until": later.isoformat()})
    assessor.refresh_from_db()
    assert assessor.met_valid_until == later and assessor_refusal(assessor=assessor, application=application) is None

    entries = AuditEntry.objects.filter(action="accounts.user.met_updated", object_id=str(assessor.pk)).order_by("pk")
    assert [(e.actor, e.to_state) for e in entries] == [
        (staff, f"MET.000.004321 2019 s.d. {yesterday:%d-%m-%Y}"),
        (staff, f"MET.000.004321 2019 s.d. {later:%d-%m-%Y}"),
    ]
    page = client.get(url).content.decode()
    assert "Registrasi MET asesor diperbarui" in page and "No. Reg. MET.000.004321 2019" in page


def test_a_number_held_by_another_assessor_is_refused_and_the_input_kept(client):
    make_assessor(met_number="MET.000.000001 2020")
    other = make_assessor(met_number="MET.000.000002 2020")
    client.force_login(make_user(Role.STAF))
    page = client.post(reverse("assessment:assessor_met", args=[other.pk]),
                       {"met_number": "met.000.000001 2020", "met_valid_until": "2029-01-31"})
    body = page.content.decode()
    assert page.status_code == 200 and "sudah tercatat" in body and 'value="2029-01-31"' in body
    other.refresh_from_db()
    assert other.met_number == "MET.000.000002 2020"
    assert not AuditEntry.objects.filter(action="accounts.user.met_updated").exists()


def test_met_pages_are_staff_only_and_only_for_assessors(client):
    assessor = make_assessor()
    for role in (Role.ASESOR, Role.DIREKTUR, Role.PEMOHON, Role.TIM_TEKNIS):
        client.force_login(make_user(role))
        assert client.get(reverse("assessment:assessor_list")).status_code == 403
        assert client.post(reverse("assessment:assessor_met", args=[assessor.pk]),
                           {"met_number": "X", "met_valid_until": "2030-01-01"}).status_code == 403
    client.force_login(assessor)  # not even their own
    assert client.get(reverse("assessment:assessor_met", args=[assessor.pk])).status_code == 403
    client.force_login(make_user(Role.STAF))
    assert client.get(reverse("assessment:assessor_met", args=[make_user(Role.PEMOHON).pk])).status_code == 404


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_assessor_list_queries_do_not_grow_with_rows(client):
    client.force_login(make_user(Role.STAF))
    make_assessor()
    one = _queries(client, reverse("assessment:assessor_list"))
    for _ in range(5):
        make_assessor(met_valid_until=timezone.localdate())
    assert _queries(client, reverse("assessment:assessor_list")) == one
