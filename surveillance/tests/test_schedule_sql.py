"""The SQL twin of surveillance.schedule's month arithmetic agrees with relativedelta, so the sweep's
indexed ranges and claim checks pick exactly the certificates and due dates the Python rule would."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from decisions.models import Certificate
from schemes.tests.factories import RECERTIFICATION, make_scheme
from skema_lsp.sqldates import MonthsAfter
from surveillance import schedule
from surveillance.tests.factories import make_certificate

EDGES = [date(2024, 1, 31), date(2024, 2, 29), date(2025, 8, 31), date(2023, 3, 31), date(2026, 12, 31)]


@pytest.mark.django_db
def test_months_after_in_sql_clamps_like_relativedelta(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scheme = make_scheme(**RECERTIFICATION)
    for day in EDGES:
        make_certificate(scheme=scheme, issued_on=day)
    for months in [1, 12, 24, 36, -2, -3, -6]:
        shifted = Certificate.objects.annotate(shifted=MonthsAfter("issued_on", months))
        assert {(c.issued_on, c.shifted) for c in shifted} == {(d, d + relativedelta(months=months)) for d in EDGES}


@pytest.mark.parametrize("months", [1, 12, 36, -2, -6])
def test_first_reaching_is_the_earliest_day_whose_shift_reaches_the_target(months):
    shift = relativedelta(months=months)
    for target in [*EDGES, date(2026, 3, 1), date(2027, 2, 28)]:
        first = schedule.first_reaching(target, months)
        assert first + shift >= target
        assert (first - timedelta(days=1)) + shift < target
