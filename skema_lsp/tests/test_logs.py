"""Logs: one line per event (JSON), each with the request id that the response and the proxy share."""

import io
import json
import logging
import logging.config

import pytest
from django.test import Client

from skema_lsp.celery import app
from skema_lsp.logs import RequestIdFilter, current_request_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines(settings):
    """What the console handler writes in production (LOG_FORMAT=json, the default with DEBUG off;
    the tests run with DEBUG on), one parsed JSON object per line."""
    configurator = logging.config.DictConfigurator(settings.LOGGING)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configurator.configure_formatter(dict(settings.LOGGING["formatters"]["json"])))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_each_request_logs_one_json_line_with_the_proxys_request_id(client, log_lines):
    response = client.get("/healthz/?nik=3273015405900002", HTTP_X_REQUEST_ID="5f2b8c0e9a7d4e1f")
    assert response["X-Request-ID"] == "5f2b8c0e9a7d4e1f"
    [line] = [entry for entry in log_lines() if entry["logger"] == "skema_lsp.request"]
    assert line["request_id"] == "5f2b8c0e9a7d4e1f" and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz/", 200)
    assert "3273015405900002" not in json.dumps(line)  # no query string in the log


def test_a_request_without_a_usable_id_gets_a_fresh_one(client):
    forged = client.get("/healthz/", HTTP_X_REQUEST_ID="x\n{\"level\": \"CRITICAL\"}")
    made = forged["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()
    assert client.get("/healthz/")["X-Request-ID"] != made


def test_an_unhandled_error_is_one_line_with_its_traceback_and_request_id(settings, log_lines):
    settings.ROOT_URLCONF = "skema_lsp.tests.boom_urls"
    response = Client(raise_request_exception=False).get("/boom/", HTTP_X_REQUEST_ID="req-0000beef")
    assert response.status_code == 500
    [error] = [entry for entry in log_lines() if entry["logger"] == "django.request"]
    assert error["request_id"] == "req-0000beef" and error["level"] == "ERROR"
    assert "RuntimeError: boom" in error["exc_info"] and "Traceback" in error["exc_info"]


def test_a_task_run_for_a_request_logs_under_that_requests_id():
    @app.task(name="skema_lsp.tests.report_request_id")
    def report():
        return current_request_id()

    assert report.apply(headers={"request_id": "0123456789abcdef"}).get() == "0123456789abcdef"
    assert report.apply().get().startswith("task-")
    assert current_request_id() == "-"
