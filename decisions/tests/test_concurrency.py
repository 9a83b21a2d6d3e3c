"""Concurrency against PostgreSQL: real threads, each with its own connection and transaction."""

import threading
from datetime import date

import pytest
from django.db import connection

from decisions import services
from decisions.models import Certificate, Decision
from decisions.services import DecisionError
from decisions.tests.factories import make_decision, make_ready_assessment

# Role groups wiped by the flush are restored by the root conftest's _role_groups fixture.
pytestmark = pytest.mark.django_db(transaction=True)


def run_together(functions) -> list:
    """Start every function at the same moment; collect each result or exception."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def worker(index, fn):
        try:
            barrier.wait()
            results[index] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_parallel_issuance_gives_distinct_gap_free_numbers(scheme, director, staff, monkeypatch):
    monkeypatch.setattr(services, "enqueue_certificate_pdf", lambda pk: True)  # PDFs are not the point here
    decisions = [make_decision(scheme=scheme, decided_on=date(2026, 5, 4)) for _ in range(8)]
    results = run_together([
        (lambda d=d: services.issue_certificate(decision=d, signatory=director, by=staff, issued_on=date(2026, 5, 4)))
        for d in decisions
    ])
    assert all(isinstance(r, Certificate) for r in results), results
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 9))
    numbers = set(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 8


def test_two_members_deciding_at_once_make_one_decision(scheme, staff, members, settings):
    settings.DECISION_QUORUM = 1
    meeting = services.create_meeting(by=staff, date=date(2026, 11, 20), place="Ruang rapat", members=members)
    entry = services.add_candidate(meeting=meeting, assessment=make_ready_assessment(scheme=scheme), by=staff)
    results = run_together([
        (lambda m=m: services.cast_vote(entry=entry, member=m, result="K")) for m in members
    ])
    assert Decision.objects.count() == 1
    assert sum(isinstance(r, Decision) for r in results) == 1
    assert all(isinstance(r, DecisionError) for r in results if not isinstance(r, Decision))
