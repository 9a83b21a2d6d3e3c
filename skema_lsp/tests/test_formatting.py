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
