"""The staff list (search, filters, query count) and malformed POSTs to the public form (never a 500)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from accounts.tests.factories import make_user
from complaints import services
from complaints.tests.factories import make_complaint

pytestmark = pytest.mark.django_db


def test_staff_list_searches_and_filters(client, certificate, staff, handler):
    about_holder = make_complaint(certificate=certificate, name="Pengadu Satu")
    about_lsp = make_complaint(name="Pengadu Dua", email="dua@contoh.example")
    services.assign_handler(complaint=about_lsp, handler=handler, by=staff)
    client.force_login(staff)
    url = reverse("complaints:staff_list")

    def refs(**params) -> set[str]:
        page = client.get(url, params).content.decode()
        return {c.reference for c in (about_holder, about_lsp) if c.reference in page}

    assert refs() == {about_holder.reference, about_lsp.reference}
    assert refs(q=certificate.number) == {about_holder.reference}
    assert refs(q="dua@contoh") == {about_lsp.reference}
    assert refs(status="ditangani") == {about_lsp.reference}
    assert refs(subject="pemegang") == {about_holder.reference}
    assert refs(status="bukan-status") == {about_holder.reference, about_lsp.reference}  # invalid filter ignored


def test_only_staff_open_the_list(client, db):
    client.force_login(make_user(Role.TIM_BANDING))
    assert client.get(reverse("complaints:staff_list")).status_code == 403


def test_list_query_count_does_not_grow_with_rows(client, certificate, staff, handler):
    client.force_login(staff)
    url = reverse("complaints:staff_list")
    make_complaint(certificate=certificate)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(6):
        services.assign_handler(complaint=make_complaint(certificate=certificate), handler=handler, by=staff)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_handling_list_query_count_does_not_grow_with_rows(client, certificate, staff, handler):
    client.force_login(handler)
    url = reverse("complaints:handling_list")
    services.assign_handler(complaint=make_complaint(certificate=certificate), handler=handler, by=staff)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    for _ in range(5):
        services.assign_handler(complaint=make_complaint(certificate=certificate), handler=handler, by=staff)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(first.context["items"]) == 1 and len(response.context["items"]) == 6
    assert len(many.captured_queries) == len(one.captured_queries)


FIELDS = ["subject", "certificate_number", "description", "complainant_name", "complainant_email",
          "complainant_phone", "complainant_kind", "attachment"]
BAD = ["\x00", "1\x00abc", "x" * 60_000, "9" * 400, "-1", "2026-02-31", ""]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
VALUE = st.one_of(TEXT, st.sampled_from(BAD), st.lists(TEXT, max_size=3))


@pytest.fixture
def no_rate_limit(settings):
    settings.COMPLAINT_RATE_LIMIT = 10**9


def _ok(response) -> None:
    assert response.status_code < 500


def test_malformed_values_to_the_public_form_never_give_a_server_error(client, certificate, no_rate_limit):
    url = reverse("complaints:file")
    for value in BAD:
        _ok(client.post(url, dict.fromkeys(FIELDS, value)))
        _ok(client.post(url, {"subject": "pemegang", "certificate_number": value, "description": "x" * 30,
                              "complainant_name": "A", "complainant_email": "a@b.example",
                              "complainant_kind": "masyarakat"}))
    for upload in (SimpleUploadedFile("a.pdf", b"bukan pdf", "application/pdf"),
                   SimpleUploadedFile("kosong.png", b"", "image/png"),
                   SimpleUploadedFile("a\x00.pdf", b"%PDF-1.4", "application/pdf")):
        _ok(client.post(url, {"subject": "lsp", "description": "x" * 30, "complainant_name": "A",
                              "complainant_email": "a@b.example", "complainant_kind": "masyarakat",
                              "attachment": upload}))
    _ok(client.post(url, {f: ["1", "\x00"] for f in FIELDS}))
    _ok(client.post(reverse("complaints:track"), {"reference": "\x00", "email": "x" * 60_000}))


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(FIELDS[:-1]), VALUE, max_size=7))
def test_drawn_values_to_the_public_forms_never_give_a_server_error(client, certificate, no_rate_limit, data):
    _ok(client.post(reverse("complaints:file"), data))
    _ok(client.post(reverse("complaints:track"), {"reference": data.get("subject", ""),
                                                  "email": data.get("complainant_email", "")}))


def test_staff_actions_refuse_malformed_posts_with_a_message(client, certificate, staff):
    complaint = make_complaint(certificate=certificate)
    client.force_login(staff)
    for name, data in (("complaints:assign", {"handler": "\x00"}), ("complaints:assign", {"handler": "99999"}),
                       ("complaints:violation", {"category": "z"}), ("complaints:close", {"outcome": "\x00"})):
        response = client.post(reverse(name, args=[complaint.pk]), data)
        assert response.status_code in (302, 403)
    complaint.refresh_from_db()
    assert complaint.status == "diterima"
