"""9.9.2: an appeal may be filed until 23:59 Asia/Jakarta of the day after the decision; later
attempts are refused with a clear message, by the service and by a direct POST."""

import pytest
import time_machine
from django.urls import reverse

from appeals import services
from appeals.models import Appeal
from appeals.tests.factories import ANSWERS, file_appeal, make_decided_case, wib

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("decided_at", [wib(2026, 5, 4, 0, 1), wib(2026, 5, 4, 23, 59)],
                         ids=["decided-0001", "decided-2359"])
def test_filing_one_minute_before_close_is_accepted(decided_at):
    decision = make_decided_case(decided_at=decided_at)
    with time_machine.travel(wib(2026, 5, 5, 23, 58), tick=False):
        appeal = file_appeal(decision)
    assert appeal.decision == decision
    assert appeal.received_on.isoformat() == "2026-05-05"


@pytest.mark.parametrize("decided_at", [wib(2026, 5, 4, 0, 1), wib(2026, 5, 4, 23, 59)],
                         ids=["decided-0001", "decided-2359"])
def test_filing_one_minute_after_close_is_refused(decided_at):
    decision = make_decided_case(decided_at=decided_at)
    with time_machine.travel(wib(2026, 5, 6, 0, 0), tick=False):
        with pytest.raises(services.AppealError, match="Batas waktu pengajuan banding telah berakhir pada 5 Mei 2026"):
            file_appeal(decision)
    assert not Appeal.objects.exists()


def test_filing_during_the_last_minute_is_accepted():
    decision = make_decided_case(decided_at=wib(2026, 5, 4, 23, 59))
    with time_machine.travel(wib(2026, 5, 5, 23, 59, 30), tick=False):
        assert file_appeal(decision).pk


def test_window_counts_the_jakarta_day_not_the_utc_day():
    # 00:01 WIB on 4 May is still 3 May in UTC; the window must follow the Jakarta date.
    decision = make_decided_case(decided_at=wib(2026, 5, 4, 0, 1))
    assert services.filing_closes_at(decision) == wib(2026, 5, 5, 23, 59, 59)
    assert services.window_is_open(decision, wib(2026, 5, 5, 23, 59))
    assert not services.window_is_open(decision, wib(2026, 5, 6, 0, 0))


def test_window_length_comes_from_the_scheme():
    decision = make_decided_case(decided_at=wib(2026, 5, 4, 10, 0))
    scheme = decision.assessment.application.scheme
    scheme.appeal_window_days = 3
    scheme.save()
    decision.refresh_from_db()
    with time_machine.travel(wib(2026, 5, 7, 23, 58), tick=False):
        assert file_appeal(decision).pk


def test_form_is_shown_while_open_and_gone_after_close(client):
    decision = make_decided_case(decided_at=wib(2026, 5, 4, 9, 0))
    client.force_login(decision.candidate)
    url = reverse("appeals:file", args=[decision.pk])
    with time_machine.travel(wib(2026, 5, 5, 12, 0), tick=False):
        listing = client.get(reverse("appeals:my_appeals")).content.decode()
        assert "Ajukan banding" in listing
        page = client.get(url).content.decode()
        assert "Apakah proses banding telah dijelaskan kepada Anda?" in page
        assert "5 Mei 2026 pukul 23.59 WIB" in page
    with time_machine.travel(wib(2026, 5, 6, 0, 0), tick=False):
        listing = client.get(reverse("appeals:my_appeals")).content.decode()
        assert "Ajukan banding" not in listing
        page = client.get(url).content.decode()
        assert 'name="process_explained"' not in page and "Kirim banding" not in page
        assert "Batas waktu pengajuan banding telah berakhir" in page


def test_direct_post_after_close_is_refused_with_a_message(client):
    decision = make_decided_case(decided_at=wib(2026, 5, 4, 9, 0))
    client.force_login(decision.candidate)
    data = {"process_explained": "ya", "discussed_with_assessor": "tidak", "involves_other_person": "tidak",
            "reasons": ANSWERS.reasons}
    with time_machine.travel(wib(2026, 5, 6, 0, 0), tick=False):
        response = client.post(reverse("appeals:file", args=[decision.pk]), data, follow=True)
    assert not Appeal.objects.exists()
    assert "Batas waktu pengajuan banding telah berakhir pada 5 Mei 2026 pukul 23.59 WIB" in response.content.decode()
