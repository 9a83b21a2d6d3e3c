"""Appeals and complaints are numbered cases: one home for the numbering, the open/overdue rule and
the reference as a file name (skema_lsp.cases)."""

from datetime import date

import pytest

from appeals.models import Appeal
from complaints.models import Complaint
from skema_lsp.cases import NumberedCase


@pytest.mark.parametrize("model,reference", [(Appeal, "BND/2026/0007"), (Complaint, "ADU/2026/0007")])
def test_a_case_is_numbered_per_year_with_its_prefix(model, reference):
    assert issubclass(model, NumberedCase)
    assert model.numbering(2026, 7) == {"year": 2026, "sequence": 7, "reference": reference}
    assert model(reference=reference).file_stem == reference.replace("/", "-")


@pytest.mark.parametrize("model", [Appeal, Complaint])
def test_only_an_open_case_past_its_deadline_is_overdue(model):
    open_status, closed_status = model.OPEN_STATUSES[0], next(s for s in model.Status if s not in model.OPEN_STATUSES)
    case = model(status=open_status, due_on=date(2026, 5, 4))
    assert case.is_open and not case.is_overdue(date(2026, 5, 4)) and case.is_overdue(date(2026, 5, 5))
    case.status = closed_status
    assert not case.is_open and not case.is_overdue(date(2026, 6, 1))
