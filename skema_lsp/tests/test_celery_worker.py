"""End to end against the real Redis: a real Celery worker process (solo pool) picks up the sweep
task from the broker and sends the reminder that is due, visible in the test database."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import make_user
from skema_lsp.models import Notification, SentReminder
from skema_lsp.tests import reminder_data as data

BASE_DIR = Path(settings.BASE_DIR)


def database_url() -> str:
    """The pytest test database (its NAME is already the test_ one inside a database test)."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.skip("CELERY_BROKER_URL is not set: no Redis to run a worker against")
    from skema_lsp.celery import app

    app.control.purge()  # nothing left over from earlier runs may run against this database
    env = {**os.environ, "CELERY_BROKER_URL": broker, "DATABASE_URL": database_url(), "DEBUG": "true",
           "TESTING": "true", "CONN_MAX_AGE": "0", "DJANGO_SETTINGS_MODULE": "skema_lsp.settings"}
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(celery), "-A", "skema_lsp", "worker", "--pool=solo", "-Q", "celery", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_sweep_task_end_to_end(worker, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    process, log = worker
    draft = data.application(touched=timezone.now() - timedelta(days=8))

    from skema_lsp.queue import enqueue_now
    from skema_lsp.tasks import sweep

    make_user(Role.STAF)
    assert enqueue_now(sweep) is True  # through Redis, not eager
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline and process.poll() is None:
        if SentReminder.objects.filter(kind="registration.incomplete", object_id=str(draft.pk)).exists():
            break
        time.sleep(0.25)
    claim = SentReminder.objects.filter(kind="registration.incomplete", object_id=str(draft.pk)).first()
    assert claim is not None, f"the worker sent nothing:\n{log.read_text()[-3000:]}"
    assert claim.recipient_id == draft.applicant_id
    note = Notification.objects.get(recipient=draft.applicant)
    assert draft.reference in note.subject and "belum diubah sejak" in note.body
    # The claim commits before the task ends (its emails go out after commit): wait for the log line.
    while time.monotonic() < deadline and "succeeded" not in log.read_text():
        time.sleep(0.25)
    assert "skema_lsp.tasks.sweep" in log.read_text() and "succeeded" in log.read_text()
