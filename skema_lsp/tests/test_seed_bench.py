"""seed_bench (contract 6): a realistic data set in bulk on which every certificate reminder fires."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from decisions.models import Certificate
from skema_lsp.reminders import collect
from surveillance.models import Surveillance

pytestmark = pytest.mark.django_db


def test_seed_bench_makes_certificates_whose_reminders_fire(capsys):
    call_command("seed_bench", "--certificates", "400", "--today", "2026-07-01")
    assert "400 sertifikat kompetensi" in capsys.readouterr().out
    assert Certificate.objects.count() == 400
    assert Certificate.objects.filter(issued_on__lt=date(2023, 7, 1)).exists()  # some expired
    assert Surveillance.objects.filter(status=Surveillance.Status.DITINJAU).exists()
    kinds = {r.kind for r in collect(date(2026, 7, 1))}
    assert kinds >= {"surveillance_overdue", "surveillance_due_30", "recertification_6m", "recertification_deadline",
                     "decisions.certificate_expired", "registration.incomplete", "assessment.assigned"}


def test_seed_bench_twice_adds_instead_of_colliding():
    call_command("seed_bench", "--certificates", "20", "--today", "2026-07-01")
    call_command("seed_bench", "--certificates", "20", "--today", "2026-07-01")
    assert Certificate.objects.count() == 40


def test_seed_bench_refuses_outside_debug_without_force(settings):
    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_bench", "--certificates", "5")
