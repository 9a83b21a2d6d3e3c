"""Staff see the audit timeline ("Riwayat") on every case page, with every audit row of the case."""

import pytest
from django.urls import reverse

from skema_lsp import audit

pytestmark = pytest.mark.django_db

# route, demo object (the case whose audit rows the page must show), kwargs
CASES = {
    "registration:review": (lambda d: d.application("pemohon1"), lambda o: {"pk": o.pk}),
    "registration:detail": (lambda d: d.application("pemohon1"), lambda o: {"pk": o.pk}),
    "assessment:detail": (lambda d: d.assessment("asesi_e"), lambda o: {"pk": o.pk}),
    "decisions:meeting_detail": (lambda d: d.meeting(), lambda o: {"pk": o.pk}),
    "decisions:certificate_detail": (lambda d: d.certificate("asesi_g"), lambda o: {"pk": o.pk}),
    "decisions:violation_detail": (lambda d: d.violation("pemegang2"), lambda o: {"pk": o.pk}),
    "surveillance:detail": (lambda d: d.surveillance("pemegang8"), lambda o: {"pk": o.pk}),
    # the holder record: the certificate with its surveillances and renewals
    "surveillance:holder_detail": (lambda d: d.certificate("pemegang7"), lambda o: {"certificate_pk": o.pk}),
    "surveillance:recertification_detail": (lambda d: d.recertification("pemegang9"), lambda o: {"pk": o.pk}),
    "appeals:detail": (lambda d: d.appeal("asesi_h"), lambda o: {"pk": o.pk}),
}


@pytest.mark.parametrize("name", sorted(CASES), ids=str)
def test_staff_see_the_audit_timeline_of_the_case(client, demo, name):
    find, kwargs = CASES[name]
    case = find(demo)
    holder_record = name == "surveillance:holder_detail"
    related = [*case.surveillances.all(), *case.recertification_requests.all()] if holder_record else []
    expected = {row.pk for row in audit.timeline(case, *related)}
    assert expected, "the demo case has audit rows"
    client.force_login(demo.user("staf"))
    response = client.get(reverse(name, kwargs=kwargs(case)))
    assert response.status_code == 200
    shown = {row.pk for row in response.context["timeline"]}
    assert expected <= shown
    assert "Riwayat" in response.content.decode()
