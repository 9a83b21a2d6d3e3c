from datetime import UTC
from decimal import Decimal

import pytest

from skema_lsp.templatetags.formatting import rupiah


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("3500000"), "Rp3.500.000"),
        (3500000, "Rp3.500.000"),
        ("750000.5", "Rp750.001"),
        (0, "Rp0"),
        (-125000, "-Rp125.000"),
        (999, "Rp999"),
        (None, ""),
        ("bukan angka", ""),
    ],
)
def test_rupiah(value, expected):
    assert rupiah(value) == expected


def test_tanggal_formats_dates_and_iso_strings_in_indonesian():
    from datetime import date

    from skema_lsp.templatetags.formatting import tanggal

    assert tanggal(date(2026, 8, 17)) == "17 Agustus 2026"
    assert tanggal("2029-11-24") == "24 November 2029"
    assert tanggal("") == ""


def test_one_indonesian_style_for_moments_weekdays_and_sizes():
    from datetime import date, datetime

    from skema_lsp.templatetags.formatting import hari_tanggal, ukuran, waktu

    # 12:29 UTC is 19.29 in Jakarta, written with a dot.
    assert waktu(datetime(2026, 12, 3, 12, 29, tzinfo=UTC)) == "3 Des 2026 19.29"
    assert waktu(None) == ""
    assert hari_tanggal(date(2026, 12, 3)) == "Kamis, 3 Desember 2026"
    assert [ukuran(n) for n in (0, 850, 12_697, 3_250_000, 5 * 1024 ** 3, "x")] == [
        "0 B", "850 B", "12,4 KB", "3,1 MB", "5,0 GB", ""]


def test_a_moment_near_midnight_is_dated_in_jakarta():
    from datetime import datetime

    from skema_lsp.templatetags.formatting import tanggal

    assert tanggal(datetime(2026, 12, 3, 18, 30, tzinfo=UTC)) == "4 Desember 2026"


def test_met_number_printed_without_a_doubled_prefix():
    from accounts.models import User

    assert User(met_number="MET.000.012345 2019").met_label == "No. Reg. MET.000.012345 2019"
    assert User(met_number="000.012345 2019").met_label == "No. Reg. MET.000.012345 2019"
    assert User(met_number="").met_label == ""


def test_list_page_shortcuts_give_what_django_gives():
    """tanggal and waktu skip date_format's parsing, url_id skips reverse(): same output."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.urls import reverse
    from django.utils import translation
    from django.utils.formats import date_format

    from skema_lsp.templatetags.formatting import tanggal, url_id, waktu

    moment = datetime(2026, 12, 3, 12, 5, tzinfo=ZoneInfo("UTC"))
    for language in ("id", "en"):
        with translation.override(language):
            for n in range(12):
                day = date(2026, 1, 9) + timedelta(days=31 * n)
                assert tanggal(day) == date_format(day, "j F Y")
                shifted = moment + timedelta(days=31 * n, hours=n)
                from django.utils import timezone

                assert waktu(shifted) == date_format(timezone.localtime(shifted), "j M Y H.i")
    for name, pk in (("decisions:certificate_detail", 7), ("surveillance:holder_detail", 123456),
                     ("assessment:assign", 1)):
        assert url_id(name, pk) == reverse(name, args=[pk])
