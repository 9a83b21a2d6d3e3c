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


def test_seed_bench_fills_every_staff_list():
    """Rows for each staff list page, linked as the lifecycle links them (foreign keys are checked
    when the test's transaction ends)."""
    from assessment.models import TestSession
    from decisions.models import Decision, DecisionLetter, TechnicalMeeting
    from registration.models import Application
    from skema_lsp.models import SentReminder

    call_command("seed_bench", "--certificates", "2000", "--today", "2026-07-01")
    assert Application.objects.filter(status=Application.Status.SUBMITTED, submitted_at__isnull=False).exists()
    assert Application.objects.filter(status=Application.Status.ACCEPTED, assessments__isnull=False).exists()
    assert TestSession.objects.filter(assessors__isnull=False, assessments__isnull=False).exists()
    assert Surveillance.objects.filter(status=Surveillance.Status.DIAJUKAN).exists()  # the review queue
    meeting = TechnicalMeeting.objects.filter(status=TechnicalMeeting.Status.DITUTUP).first()
    assert meeting.members.count() == 3 and meeting.letter.status == DecisionLetter.Status.DISETUJUI
    assert not Decision.objects.filter(meeting_candidate__isnull=True).exists()
    assert SentReminder.objects.filter(kind="surveillance_due_30").count() > 1000  # reminders already sent


def test_seed_bench_twice_adds_instead_of_colliding():
    call_command("seed_bench", "--certificates", "20", "--today", "2026-07-01")
    call_command("seed_bench", "--certificates", "20", "--today", "2026-07-01")
    assert Certificate.objects.count() == 40


def test_seed_bench_refuses_outside_debug_without_force(settings):
    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_bench", "--certificates", "5")
