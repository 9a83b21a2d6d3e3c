import pytest
from django.utils import timezone

from appeals import demo
from appeals.models import Appeal
from schemes.tests.factories import load_renbang
from skema_lsp.management.commands.seed_demo import ensure_users

pytestmark = pytest.mark.django_db


def test_demo_has_an_open_an_overdue_and_a_decided_appeal_and_is_idempotent():
    load_renbang()
    users = ensure_users()
    demo.seed(users)
    demo.seed(users)
    today = timezone.localdate()
    appeals = list(Appeal.objects.order_by("pk"))
    assert len(appeals) == 3
    open_ones = [a for a in appeals if a.is_open and not a.is_overdue(today)]
    overdue = [a for a in appeals if a.is_overdue(today)]
    decided = [a for a in appeals if a.status == Appeal.Status.REJECTED]
    assert len(open_ones) == len(overdue) == len(decided) == 1
    assert open_ones[0].panel.count() == 3 and open_ones[0].votes.count() == 1
    assert decided[0].letter_pdf
    assert len({a.reference for a in appeals}) == 3


def test_full_seed_builds_the_open_appeal_on_the_decisions_demo_meeting():
    from io import StringIO

    from django.core.management import call_command

    load_renbang()
    call_command("seed_demo", "--force", stdout=StringIO())
    call_command("seed_demo", "--force", stdout=StringIO())
    assert Appeal.objects.count() == 3
    open_one = Appeal.objects.get(status=Appeal.Status.UNDER_REVIEW)
    decision = open_one.decision
    assert open_one.appellant.username == "asesi_h" and decision.meeting_candidate_id
    assert not {m.pk for m in decision.deciders()} & set(open_one.panel.values_list("member", flat=True))
