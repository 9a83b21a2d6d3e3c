from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import reminders
from assessment.models import AssessmentPlan
from assessment.tests.factories import make_application, make_assessor, make_staff, walk
from skema_lsp.reminders import _render as render

pytestmark = pytest.mark.django_db


def test_schedule_reminds_candidate_and_assessor_once_per_test_day_with_fixed_queries():
    staff, assessor = make_staff(), make_assessor()
    first = walk(make_application(), assessor=assessor, staff=staff, to="plan_agreed")
    test_day = first.plan.date
    with CaptureQueriesContext(connection) as one:
        due = reminders.due(test_day - timedelta(days=1))
    assert {(r.kind, r.recipient.pk) for r in due} == {
        ("assessment.schedule", first.candidate.pk), ("assessment.schedule", assessor.pk)}
    assert {r.due_date for r in due} == {test_day}
    text, _ = render(due[0])
    assert "Pengingat: uji kompetensi" in text and first.plan.tuk.name in text
    for _ in range(3):
        walk(make_application(), assessor=assessor, staff=staff, to="testing")
    with CaptureQueriesContext(connection) as many:
        due = reminders.due(test_day - timedelta(days=1))
    assert len(due) == 8 and len(many) == len(one)
    assert reminders.due(test_day - timedelta(days=5)) == []


def test_plan_waiting_reminds_the_candidate():
    staff, assessor = make_staff(), make_assessor()
    assessment = walk(make_application(), assessor=assessor, staff=staff, to="plan_proposed")
    proposed = AssessmentPlan.objects.get(assessment=assessment).proposed_at.date()
    assert reminders.due(proposed) == []
    later = reminders.due(proposed + timedelta(days=3))
    assert [(r.kind, r.recipient) for r in later] == [("assessment.plan_waiting", assessment.candidate)]
    assert isinstance(later[0].due_date, date)
