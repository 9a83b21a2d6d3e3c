"""Staff lists without a query-count test of their own: the number of queries a page makes is the
same with one row and with many (no query per row)."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment.models import TestSession
from assessment.tests.factories import make_assessor, make_scheme, make_tuk
from decisions import services as decision_services
from decisions.models import CompetenceRecord

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def _record(person, staff, title: str) -> CompetenceRecord:
    return decision_services.record_competence(person=person, kind=CompetenceRecord.Kind.values[0], title=title,
                                               obtained_on=timezone.localdate(), by=staff)


def test_personnel_competence_list_does_not_grow_with_members_or_records(client):
    staff = make_user(Role.STAF)
    first = make_user(Role.TIM_TEKNIS, full_name="Anggota Satu")
    _record(first, staff, "Pelatihan perencanaan")
    make_user(Role.PEMOHON, full_name="Pemohon Bukan Personel")
    client.force_login(staff)
    url = reverse("decisions:competence")
    one, response = _queries(client, url)
    assert [p.full_name for p in response.context["people"]] == ["Anggota Satu"]
    for n in range(4):
        member = make_user(Role.TIM_BANDING if n % 2 else Role.TIM_TEKNIS, full_name=f"Anggota {n + 2}")
        _record(member, staff, "Pelatihan banding")
        _record(member, staff, "Sertifikat asesor")
    many, response = _queries(client, url)
    assert len(response.context["people"]) == 5
    assert "Pemohon Bukan Personel" not in response.content.decode()
    assert many == one


def _session(scheme, day: int) -> TestSession:
    session = TestSession.objects.create(scheme=scheme, date=timezone.localdate() + timedelta(days=day),
                                         start_time=time(9), tuk=make_tuk(), capacity=10)
    session.assessors.add(make_assessor(), make_assessor())
    return session


def test_assessment_schedule_list_does_not_grow_with_sessions(client):
    scheme = make_scheme(units=1)
    _session(scheme, 3)
    client.force_login(make_user(Role.STAF))
    url = reverse("assessment:sessions")
    one, _ = _queries(client, url)
    for day in range(4, 9):
        _session(scheme, day)
    many, response = _queries(client, url)
    assert len(response.context["sessions"]) == 6
    assert many == one


def test_schedule_lists_count_seats_taken_without_cancelled_rounds(client):
    from assessment.models import Assessment
    from assessment.tests.factories import make_application

    scheme = make_scheme(units=1)
    session = _session(scheme, 3)
    _session(scheme, 4)  # an empty one beside it
    for status in (Assessment.Status.ASSIGNED, Assessment.Status.TESTING, Assessment.Status.CANCELLED):
        Assessment.objects.create(application=make_application(scheme=scheme), session=session, status=status)
    client.force_login(make_user(Role.STAF))
    for url in (reverse("assessment:sessions"), reverse("exams:sessions")):
        taken = {s.pk: s.taken for s in client.get(url).context["sessions"]}
        assert sorted(taken.values()) == [0, 2] and taken[session.pk] == 2, url
