"""The BNSP registration number recorded in decisions shows in the holders register."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions.tests.factories import make_certificate

pytestmark = pytest.mark.django_db


def test_recorded_bnsp_number_shows_in_the_holders_register(client, scheme, staff,
                                                            django_capture_on_commit_callbacks):
    certificate = make_certificate(scheme=scheme, signatory=make_user(Role.DIREKTUR), by=staff)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("decisions:certificate_bnsp_number", args=[certificate.pk]),
                    {"bnsp_number": "62090 2421 3"})
    assert "62090 2421 3" in client.get(reverse("surveillance:holders")).content.decode()
