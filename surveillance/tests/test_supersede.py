"""The recertification chain end to end on the data side: the renewal's application gets a Kompeten
decision, decisions issues the new certificate by its own rule, and the old one reads digantikan."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment.models import Assessment
from decisions.models import Certificate, Decision
from decisions.services import issue_certificate
from decisions.tests.factories import make_payment
from registration.models import Application
from surveillance import queries, services
from surveillance.tests.factories import make_accepted_application, make_certificate

pytestmark = pytest.mark.django_db


def test_new_certificate_supersedes_the_old_which_verifies_as_digantikan(holder, scheme, staff, client):
    old = make_certificate(holder=holder, scheme=scheme, issued_on=date(2024, 5, 1), valid_until=date(2027, 4, 30),
                           application=make_accepted_application(holder=holder, scheme=scheme))
    request = services.request_recertification(certificate=old, by=holder, today=date(2026, 12, 1))
    # registration, assessment and decisions run their course (9.7.2–9.7.4), shortened to the rows they leave.
    Application.objects.filter(pk=request.application_id).update(status=Application.Status.ACCEPTED)
    assessment = Assessment.objects.create(
        application=request.application, assessor=make_user(Role.ASESOR), status=Assessment.Status.SUBMITTED,
        recommendation="K", submitted_at=timezone.now(),
    )
    make_payment(request.application, confirmed=True)
    decision = Decision.objects.create(assessment=assessment, result=Decision.Result.K)
    new = issue_certificate(decision=decision, signatory=make_user(Role.DIREKTUR), by=staff,
                            issued_on=date(2027, 3, 15))

    old.refresh_from_db()
    assert new.supersedes == old and old.superseded_by == new
    assert old.status == Certificate.Status.DIGANTIKAN and old.effective_status() == "digantikan"
    assert queries.new_certificate_for(request) == new
    public = client.get(f"/verifikasi/{old.public_code}.json").json()
    assert public["status"] == "digantikan" and new.number in public["alasan"]

    # The holders register shows the chain, and only the new certificate carries a surveillance schedule.
    client.force_login(staff)
    page = client.get("/surveilan/pemegang/", {"status": "digantikan"}).content.decode()
    assert old.number in page and f"→ {new.number}" in page and new.number in page
    rows = {row.certificate.pk: row for row in (
        queries.register_row(c, date(2027, 3, 20)) for c in queries.holders_register(queries.RegisterFilter()))}
    assert rows[old.pk].next_due is None and rows[new.pk].next_due == date(2028, 3, 15)
