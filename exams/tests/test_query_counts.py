"""List pages of the exams stage: the number of queries does not grow with the rows listed."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment.models import TestSession
from assessment.tests.factories import make_application, make_tuk
from exams import services
from exams.tests.factories import walk_to

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _session(scheme, assessor):
    session = TestSession.objects.create(scheme=scheme, date=timezone.localdate() + timedelta(days=3),
                                         start_time=time(9), tuk=make_tuk(), capacity=20)
    session.assessors.add(assessor)
    return session


def test_schedule_list_and_page_and_bank_do_not_grow_with_rows(client, scheme, assessor, staff):
    session = _session(scheme, assessor)
    first = walk_to(make_application(scheme=scheme), assessor=assessor, staff=staff)
    services.place_candidates(session=session, assessments=[first], by=staff)
    services.finish_attempt(attempt=services.start_attempt(assessment=first, by=first.candidate),
                            by=first.candidate)
    client.force_login(staff)
    pages = ["/ujian/jadwal/", f"/ujian/jadwal/{session.pk}/", f"/ujian/bank-soal/?skema={scheme.pk}"]
    one = [_queries(client, url) for url in pages]
    _session(scheme, assessor)
    more = [walk_to(make_application(scheme=scheme), assessor=assessor, staff=staff) for _ in range(3)]
    services.place_candidates(session=session, assessments=more, by=staff)
    for assessment in more:
        services.finish_attempt(attempt=services.start_attempt(assessment=assessment, by=assessment.candidate),
                                by=assessment.candidate)
    many = [_queries(client, url) for url in pages]
    assert many == one
