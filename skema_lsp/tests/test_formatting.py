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
