"""Staff open a surveillance for a holder (9.6), even before the period's submission window opens."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp.models import AuditEntry
from surveillance import services
from surveillance.models import Surveillance
from surveillance.services import SurveillanceError
from surveillance.tests.factories import make_certificate

pytestmark = pytest.mark.django_db


def test_staff_open_the_next_period_early_and_the_holder_is_told(holder, scheme, staff, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2026, 6, 1))
    with pytest.raises(SurveillanceError):  # the holder cannot start it yet: the window is not open
        services.start_surveillance(certificate=certificate, by=holder, today=date(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        surveillance = services.open_for_holder(certificate=certificate, by=staff, reason="Pengaduan ADU/2026/0001",
                                                today=date(2026, 12, 1))
    assert (surveillance.period, surveillance.status) == (1, Surveillance.Status.BELUM_DIAJUKAN)
    assert any(holder.email in m.to and certificate.number in m.subject for m in mailoutbox)
    entry = AuditEntry.objects.get(action="surveillance.surveillance.opened_by_staff")
    assert entry.actor == staff and entry.details["reason"] == "Pengaduan ADU/2026/0001"
    with pytest.raises(SurveillanceError, match="sudah dibuka"):
        services.open_for_holder(certificate=certificate, by=staff, reason="lagi", today=date(2026, 12, 1))


def test_only_staff_open_and_only_for_a_certificate_in_force(holder, scheme, staff):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2026, 6, 1))
    with pytest.raises(SurveillanceError):
        services.open_for_holder(certificate=certificate, by=holder, reason="x")
    suspended = make_certificate(holder=holder, scheme=scheme, issued_on=date(2026, 6, 1), status="dibekukan")
    with pytest.raises(SurveillanceError):
        services.open_for_holder(certificate=suspended, by=staff, reason="x")
    assert not Surveillance.objects.exists()


def test_open_view(client, holder, scheme, staff):
    certificate = make_certificate(holder=holder, scheme=scheme, issued_on=date(2026, 6, 1))
    url = reverse("surveillance:open_for_holder", args=[certificate.pk])
    client.force_login(make_user(Role.DIREKTUR))
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(staff)
    page = client.get(reverse("surveillance:holder_detail", args=[certificate.pk])).content.decode()
    assert url in page
    client.post(url, {"reason": "\x00"})
    assert not Surveillance.objects.exists()
    response = client.post(url, {"reason": "Pengaduan pemberi kerja"})
    assert response.status_code == 302 and Surveillance.objects.filter(certificate=certificate).count() == 1
