import pytest

from assessment import demo
from assessment.models import Assessment
from skema_lsp.management.commands.seed_demo import ensure_users
from skema_lsp.stages import stage_modules

pytestmark = pytest.mark.django_db


def test_demo_puts_candidates_at_every_step_and_is_idempotent():
    users = ensure_users()
    for module in stage_modules("demo"):
        if module.__name__.split(".")[0] in {"accounts", "schemes", "registration"}:
            module.seed(users)
    demo.seed(users)
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert {"unassigned", "proposed", "assigned", "plan_proposed", "plan_agreed", "testing", "not_continued",
            "submitted"} <= statuses
    assert set(Assessment.objects.filter(status="submitted").values_list("recommendation", flat=True)) == {"K", "BK"}
    assert Assessment.objects.get(application__applicant=users["pemohon1"]).status == "plan_proposed"
    count = Assessment.objects.count()
    demo.seed(users)
    assert Assessment.objects.count() == count
