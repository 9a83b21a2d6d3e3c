"""The staff page of sent reminders: staff only, filters, flat query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp.reminders import Reminder, claim_and_send
from skema_lsp.tests import reminder_data as data

pytestmark = pytest.mark.django_db
URL = reverse("sent_reminders")


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def send(kind: str, obj, recipient, due=date(2026, 7, 1), subject="Pengingat uji"):
    claim_and_send([Reminder(kind=kind, obj=obj, due_date=due, recipient=recipient, subject=subject,
                             template="skema_lsp/email/test_reminder", context={"pesan": "x"})])


@pytest.mark.parametrize("role", [Role.PEMOHON, Role.ASESOR, Role.TIM_BANDING, Role.DIREKTUR])
def test_other_roles_are_refused(client, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_sees_sent_reminders_and_filters_by_kind_recipient_and_due_date(client):
    staff = make_user(Role.STAF)
    draft = data.application(touched=data.wib(date(2026, 6, 1)))
    cert = data.certificate(issued_on=date(2023, 6, 1))
    send("registration.incomplete", draft, draft.applicant, subject=f"Permohonan {draft.reference} belum diajukan")
    send("decisions.certificate_expired", cert, cert.holder, due=date(2026, 6, 1),
         subject=f"Sertifikat {cert.number} telah kedaluwarsa")
    client.force_login(staff)

    page = client.get(URL).content.decode()
    assert draft.reference in page and cert.number in page and "Permohonan belum lengkap" in page
    assert reverse("registration:review", args=[draft.pk]) in page
    only_expired = client.get(URL, {"kind": "decisions.certificate_expired"}).content.decode()
    assert cert.number in only_expired and draft.reference not in only_expired
    by_name = client.get(URL, {"recipient": draft.applicant.username}).content.decode()
    assert draft.reference in by_name and cert.number not in by_name
    by_due = client.get(URL, {"due_from": "2026-06-15"}).content.decode()
    assert draft.reference in by_due and cert.number not in by_due


def test_query_count_does_not_grow_with_rows(client):
    staff = make_user(Role.STAF)
    client.force_login(staff)
    holder = make_user(Role.PEMOHON)
    send("registration.incomplete", data.application(touched=data.wib(date(2026, 6, 1))), holder)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(30):
        send("registration.incomplete", data.application(touched=data.wib(date(2026, 6, 1))), make_user(Role.PEMOHON))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.content.decode().count("Permohonan belum lengkap") >= 31
    assert len(many) == len(one)
