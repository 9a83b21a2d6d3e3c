import logging

import pytest
from celery import Celery

from skema_lsp.queue import enqueue, enqueue_now


@pytest.fixture
def dead_broker_task(monkeypatch):
    """A task on an app whose broker port has nothing listening: the broker is down."""
    # Celery lets the CELERY_BROKER_URL environment variable override the broker given here.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    app = Celery("broker_down_test", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_retry = False
    app.conf.broker_connection_max_retries = 0
    app.conf.broker_transport_options = {"max_retries": 0}

    @app.task(name="broker_down_test.noop")
    def noop(x):
        return x

    return noop


def test_enqueue_with_broker_down_logs_and_does_not_raise(dead_broker_task, caplog):
    caplog.set_level(logging.WARNING, logger="skema_lsp.queue")
    assert enqueue_now(dead_broker_task, 1) is False
    assert "left for the sweep" in caplog.text


@pytest.mark.django_db
def test_enqueue_waits_for_commit(dead_broker_task, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.WARNING, logger="skema_lsp.queue")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue(dead_broker_task, 1)
    assert len(callbacks) == 1 and caplog.text == ""
    callbacks[0]()
    assert "left for the sweep" in caplog.text
