"""Optional error reporting: with SENTRY_DSN set, an unhandled error in a request reaches the
collector, tagged with the request id and without personal data."""

import gzip
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings

SCRIPT = """
import django, sentry_sdk
django.setup()
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="skema_lsp.tests.boom_urls"):
    status = Client(raise_request_exception=False).get(
        "/boom/", HTTP_X_REQUEST_ID="req-5e47ed01", HTTP_COOKIE="sessionid=rahasia-sesi-123",
    ).status_code
sentry_sdk.flush(5)
print(status)
"""


def decode(body: bytes, encoding: str | None) -> bytes:
    if encoding == "br":  # sentry-sdk compresses with brotli where that module is installed
        import brotli

        return brotli.decompress(body)
    return gzip.decompress(body) if encoding == "gzip" else body


@pytest.fixture
def collector():
    """A stand-in for the Sentry server on 127.0.0.1: records every envelope it is sent."""
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(decode(body, self.headers.get("Content-Encoding")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], received
    server.shutdown()


def test_unhandled_error_reaches_sentry_with_request_id_and_no_personal_data(collector):
    port, received = collector
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SENTRY_DSN"}}
    env.update(DEBUG="true", TESTING="true", SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1",
               DJANGO_SETTINGS_MODULE="skema_lsp.settings")
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip().endswith("500"), result.stderr[-2000:]
    events = b"".join(received).decode()
    assert "RuntimeError" in events and "boom: a failure no view should have" in events
    assert "req-5e47ed01" in events
    assert "rahasia-sesi-123" not in events


def test_a_malformed_sentry_dsn_stops_start_up_naming_it():
    from skema_lsp.tests.test_settings import start

    result = start(DEBUG="true", SENTRY_DSN="bukan-dsn")
    assert result.returncode != 0 and "SENTRY_DSN" in result.stderr.strip().splitlines()[-1]
