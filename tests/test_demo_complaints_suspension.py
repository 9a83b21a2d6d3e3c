"""The demo data of issue 17 (contract 2): one complaint in handling and one closed, one suspension
with a remediation deadline, competence records of the team and panel members."""

import pytest
from django.utils import timezone

from complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_demo_shows_a_complaint_a_suspension_with_a_deadline_and_competence_records(demo):
    open_one = demo.complaint("pemegang5")
    assert open_one.status == "ditangani" and open_one.handler.username == "banding1" and open_one.attachment
    assert open_one.complainant is None  # filed without an account
    closed = Complaint.objects.get(complainant__username="pemohon1")
    assert closed.status == "selesai" and closed.outcome_text
    suspended = demo.certificate("pemegang1")
    assert suspended.status == "dibekukan" and suspended.remediation_deadline > timezone.localdate()
    assert suspended.suspension_category == "surveilan" and "logbook" in suspended.suspension_note
    assert "logbook" not in suspended.public_reason()
    assert demo.competence_record("teknis1").document


def test_demo_suspension_shows_its_deadline_to_the_holder(client, demo):
    client.force_login(demo.user("pemegang1"))
    page = client.get(demo.certificate("pemegang1").get_absolute_url()).content.decode()
    assert "batas perbaikan" in page
