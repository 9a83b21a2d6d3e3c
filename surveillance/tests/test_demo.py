"""seed(users) leaves holders with surveillance due, overdue, submitted and done, and recertifications
in progress; running it again changes nothing."""

import pytest
from django.utils import timezone

from decisions.models import Certificate
from surveillance import demo, queries, schedule
from surveillance.models import RecertificationRequest, Surveillance

pytestmark = pytest.mark.django_db


def test_demo_cases_and_idempotence(scheme, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed({"staf": staff})
    counts = (Certificate.objects.count(), Surveillance.objects.count(), RecertificationRequest.objects.count())
    demo.seed({"staf": staff})
    assert (Certificate.objects.count(), Surveillance.objects.count(),
            RecertificationRequest.objects.count()) == counts == (6, 6, 2)

    today = timezone.localdate()

    def first_state(username):
        certificate = Certificate.objects.get(holder__username=username)
        rows = {s.period: s for s in certificate.surveillances.all()}
        return schedule.period_states(certificate, rows, today, active=True)[0].state

    assert [first_state(u) for u in ("pemegang5", "pemegang6", "pemegang7", "pemegang8")] == [
        "terbuka", "terlambat", "selesai", "diajukan"]
    assert Surveillance.objects.get(certificate__holder__username="pemegang7").report_pdf
    on_time = RecertificationRequest.objects.get(certificate__holder__username="pemegang9")
    assert on_time.status == "berjalan" and on_time.application.purpose == "sertifikasi_ulang"
    assert on_time.application.evidence.count() == 2
    late = RecertificationRequest.objects.get(certificate__holder__username="pemegang10")
    assert late.status == "menunggu_izin" and late.application is None
    assert queries.overdue_count(today) == 1
