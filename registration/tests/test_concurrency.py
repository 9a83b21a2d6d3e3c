"""Two staff deciding the same application at the same moment: exactly one wins."""

import threading

import pytest
from django.db import connection

from accounts.roles import Role
from accounts.tests.factories import make_user
from registration import services
from registration.models import Application
from registration.tests.conftest import ensure_role_groups
from registration.tests.factories import all_memenuhi, submitted_application
from schemes.tests.factories import load_renbang


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_and_reject_one_wins():
    ensure_role_groups()
    application = submitted_application(load_renbang(with_examples=True))
    staff = [make_user(Role.STAF), make_user(Role.STAF)]
    verdicts = all_memenuhi(application)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(i: int) -> None:
        stale = Application.objects.get(pk=application.pk)
        barrier.wait()
        try:
            if i == 0:
                services.accept_application(application=stale, by=staff[0], verdicts=verdicts)
            else:
                services.reject_application(application=stale, by=staff[1], reason="Tidak relevan")
            outcomes.append("ok")
        except services.TransitionRefused as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "ok" in outcomes and len(outcomes) == 2
    assert "sudah berstatus" in next(o for o in outcomes if o != "ok")
    final = Application.objects.get(pk=application.pk)
    assert final.status in {"accepted", "rejected"}
    from skema_lsp.audit import timeline

    decisions = [e.action for e in timeline(final) if e.action in {"registration.application.accepted",
                                                                   "registration.application.rejected"}]
    assert len(decisions) == 1


@pytest.mark.django_db(transaction=True)
def test_starting_an_application_twice_at_once_yields_one_draft(monkeypatch):
    """Double click or two tabs: both requests pass the 'no open application' check before either
    inserts; the database keeps one draft and the losing request is sent to it (no 500)."""
    from django.test import Client
    from django.urls import reverse

    ensure_role_groups()
    scheme = load_renbang(with_examples=True)
    applicant = make_user(Role.PEMOHON)
    barrier = threading.Barrier(2, timeout=10)
    real_save = Application.save

    def wait_then_insert(self, *args, **kwargs):
        if self.pk is None:  # both requests have checked for an open application; now both insert
            barrier.wait()
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Application, "save", wait_then_insert)
    responses = []

    def start() -> None:
        client = Client()
        client.force_login(applicant)
        try:
            responses.append(client.post(reverse("registration:start"), {"scheme": scheme.pk}))
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    draft = Application.objects.get(applicant=applicant)
    assert draft.status == Application.Status.DRAFT
    assert sorted(r.status_code for r in responses) == [302, 302]
    assert sorted(r["Location"] for r in responses) == sorted([
        reverse("registration:detail", args=[draft.pk]), reverse("registration:step", args=[draft.pk, "data-pribadi"]),
    ])
