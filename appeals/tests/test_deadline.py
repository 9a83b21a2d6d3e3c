"""9.9.6: the panel decides within 14 working days of receipt (receipt day not counted), on the shared
calendar with national holidays, cuti bersama and LSP closures; overdue appeals are escalated."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from appeals.dashboard import panels
from appeals.tests.factories import file_appeal, make_decided_case, under_review, wib
from skema_lsp.models import CalendarDay

pytestmark = pytest.mark.django_db


def _file_at(moment, decided_at=None):
    decision = make_decided_case(decided_at=decided_at or moment)
    with time_machine.travel(moment, tick=False):
        return file_appeal(decision)


def test_receipt_just_before_the_2026_idul_fitri_cluster():
    # Tue 17 Mar 2026; 18–24 Mar are Nyepi, Idul Fitri and cuti bersama, 3 Apr is Good Friday:
    # 25,26,27,30,31 Mar, 1,2,6,7,8,9,10,13,14 Apr.
    appeal = _file_at(wib(2026, 3, 17, 10, 0))
    assert appeal.received_on == date(2026, 3, 17)
    assert appeal.due_on == date(2026, 4, 14)


def test_receipt_late_evening_counts_the_jakarta_day():
    # 23:30 WIB on Mon 16 Mar (16:30 UTC): receipt day is 16 Mar, so the 14th working day is 13 Apr.
    appeal = _file_at(wib(2026, 3, 16, 23, 30))
    assert appeal.received_on == date(2026, 3, 16)
    assert appeal.due_on == date(2026, 4, 13)


def test_receipt_just_after_midnight_wib_is_the_next_day():
    # 00:30 WIB on 17 Mar is still 16 Mar in UTC.
    appeal = _file_at(wib(2026, 3, 17, 0, 30), decided_at=wib(2026, 3, 16, 15, 0))
    assert appeal.received_on == date(2026, 3, 17)
    assert appeal.due_on == date(2026, 4, 14)


def test_receipt_before_christmas_cuti_bersama_runs_into_the_new_year():
    # Wed 16 Dec 2026: 17,18,21,22,23 Dec, (24 cuti, 25 Natal), 28,29,30,31 Dec, (1 Jan), 4 Jan,
    # (5 Jan Isra Mikraj 2027), 6,7,8,11 Jan.
    appeal = _file_at(wib(2026, 12, 16, 9, 0))
    assert appeal.due_on == date(2027, 1, 11)


def test_lsp_closure_pushes_the_deadline():
    CalendarDay.objects.create(date=date(2026, 3, 25), is_working_day=False, reason="Penutupan kantor LSP")
    appeal = _file_at(wib(2026, 3, 17, 10, 0))
    assert appeal.due_on == date(2026, 4, 15)


def test_working_days_come_from_the_scheme():
    decision = make_decided_case(decided_at=wib(2026, 3, 17, 9, 0))
    scheme = decision.assessment.application.scheme
    scheme.appeal_working_days = 5
    scheme.save()
    decision.refresh_from_db()
    with time_machine.travel(wib(2026, 3, 17, 10, 0), tick=False):
        appeal = file_appeal(decision)
    assert appeal.due_on == date(2026, 3, 31)  # 25,26,27,30,31 Mar


def test_deadline_is_shown_to_appellant_panel_and_staff(client):
    appeal = _file_at(wib(2026, 3, 17, 10, 0))
    panel_member = make_user(Role.TIM_BANDING)
    from appeals import services

    staff = make_user(Role.STAF)
    services.form_panel(appeal=appeal, members=[panel_member, *[make_user(Role.TIM_BANDING) for _ in range(2)]],
                        by=staff)
    for viewer in (appeal.appellant, panel_member, staff):
        client.force_login(viewer)
        with time_machine.travel(wib(2026, 3, 26, 9, 0), tick=False):
            page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
        assert "Selasa, 14 April 2026" in page, viewer
        assert "sisa 12 hari kerja" in page, viewer
    client.force_login(staff)
    with time_machine.travel(wib(2026, 4, 16, 9, 0), tick=False):
        page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "terlambat 2 hari kerja" in page and "Melewati batas waktu keputusan" in page


def test_overdue_appeal_is_flagged_on_the_staff_dashboard(client):
    appeal = _file_at(wib(2026, 3, 17, 10, 0))
    on_time = under_review()
    staff = make_user(Role.STAF)
    with time_machine.travel(wib(2026, 4, 14, 16, 0), tick=False):
        assert "melewati batas" not in str(panels(staff))
        (template, context), = [p for p in panels(staff) if p[1]["title"] == "Banding"]
        assert context["overdue_count"] == 0
    with time_machine.travel(wib(2026, 4, 15, 8, 0), tick=False):
        (template, context), = [p for p in panels(staff) if p[1]["title"] == "Banding"]
        assert [a.pk for a in context["overdue"]] == [appeal.pk]
        client.force_login(staff)
        page = client.get(reverse("dashboard")).content.decode()
        assert "1 banding melewati batas waktu keputusan" in page
        assert appeal.reference in page
        assert on_time.reference not in page
        listing = client.get(reverse("appeals:staff_list") + "?terlambat=1").content.decode()
        assert appeal.reference in listing and on_time.reference not in listing
