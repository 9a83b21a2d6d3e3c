"""The LSP's calendar kept by staff in the app: a closure added on the calendar page moves a
working-day deadline computed afterwards (the appeal's 14 working days), removing it moves it back."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals.services import resolution_due_on
from skema_lsp.models import AuditEntry, CalendarDay
from skema_lsp.workdays import is_working_day

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 7)  # a Monday with no national holiday in the following three weeks


def test_a_closure_added_and_removed_by_staff_moves_the_deadline(client):
    staff = make_user(Role.STAF, full_name="Sari Staf")
    before = resolution_due_on(RECEIVED, 14)
    closed = next(RECEIVED + timedelta(days=n) for n in range(1, 10) if is_working_day(RECEIVED + timedelta(days=n)))
    client.force_login(staff)
    response = client.post(reverse("calendar_days"), {"date": closed.isoformat(), "kind": "libur",
                                                      "reason": "Penutupan kantor LSP"})
    assert response.status_code == 302
    entry = CalendarDay.objects.get(date=closed)
    assert entry.is_working_day is False and entry.reason == "Penutupan kantor LSP"
    after = resolution_due_on(RECEIVED, 14)
    assert after > before and is_working_day(after)
    assert sum(is_working_day(before + timedelta(days=n)) for n in range(1, (after - before).days + 1)) == 1
    assert "Penutupan kantor LSP" in client.get(reverse("calendar_days")).content.decode()

    assert client.post(reverse("calendar_day_remove", args=[entry.pk])).status_code == 302
    assert not CalendarDay.objects.filter(date=closed).exists()
    assert resolution_due_on(RECEIVED, 14) == before
    assert list(AuditEntry.objects.filter(action__startswith="skema_lsp.calendar_day.").order_by("pk")
                .values_list("action", "actor__username")) == [
        ("skema_lsp.calendar_day.set", staff.username), ("skema_lsp.calendar_day.removed", staff.username)]


def test_a_saturday_made_a_working_day_brings_the_deadline_forward(client):
    client.force_login(make_user(Role.STAF))
    before = resolution_due_on(RECEIVED, 14)
    saturday = RECEIVED + timedelta(days=5)
    client.post(reverse("calendar_days"),
                {"date": saturday.isoformat(), "kind": "kerja", "reason": "Hari kerja pengganti"})
    assert is_working_day(saturday) and resolution_due_on(RECEIVED, 14) < before


def test_a_refused_form_keeps_what_was_typed_and_saves_nothing(client):
    client.force_login(make_user(Role.STAF))
    page = client.post(reverse("calendar_days"), {"date": "2026-09-08", "kind": "libur", "reason": "   "})
    assert page.status_code == 200 and 'value="2026-09-08"' in page.content.decode()
    bad_date = client.post(reverse("calendar_days"), {"date": "31-31-2026", "kind": "libur", "reason": "Tutup"})
    assert bad_date.status_code == 200 and "Tutup" in bad_date.content.decode()
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize("role", [Role.ASESOR, Role.DIREKTUR, Role.PEMOHON, Role.TIM_BANDING])
def test_calendar_is_staff_only(client, role):
    entry = CalendarDay.objects.create(date=date(2026, 9, 8), is_working_day=False, reason="Tutup")
    client.force_login(make_user(role))
    assert client.get(reverse("calendar_days")).status_code == 403
    added = client.post(reverse("calendar_days"), {"date": "2026-09-09", "kind": "libur", "reason": "x"})
    assert added.status_code == 403
    assert client.post(reverse("calendar_day_remove", args=[entry.pk])).status_code == 403
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2026, 9, 8)]


def test_calendar_page_queries_do_not_grow_with_rows(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user(Role.STAF))
    counts = []
    for batch in range(2):
        for n in range(1 if batch == 0 else 6):
            CalendarDay.objects.create(date=date(2027, 1 + batch, 1 + n), is_working_day=False, reason="Tutup")
            CalendarDay.objects.create(date=date(2024, 1 + batch, 1 + n), is_working_day=False, reason="Lalu")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("calendar_days")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
