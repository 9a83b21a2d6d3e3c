"""One log line per event, each carrying the id of the request it belongs to.

The id is the proxy's `X-Request-ID` when it looks like one (nginx's `$request_id`), otherwise one
made here. It goes back in the response's `X-Request-ID`, is tagged on error reports, and travels in
the headers of the Celery tasks the request enqueues, so the worker's lines for that work carry it
too (a task enqueued by the beat scheduler gets `task-<task id>`)."""

import contextvars
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.conf import settings

_current = contextvars.ContextVar("request_id", default="-")
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")
logger = logging.getLogger("skema_lsp.request")
_tokens: dict[str, contextvars.Token] = {}


def current_request_id() -> str:
    return _current.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    """Outermost middleware: every other middleware's and the view's log lines carry the id, and
    each request ends with one line saying what was asked and how it was answered (no query string:
    it may carry personal data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if ACCEPTED.fullmatch(incoming) else uuid.uuid4().hex
        token = _current.set(request_id)
        started = time.monotonic()
        try:
            if settings.SENTRY_DSN:
                import sentry_sdk

                sentry_sdk.set_tag("request_id", request_id)
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            duration_ms = round((time.monotonic() - started) * 1000)
            logger.info("%s %s %s %dms", request.method, request.path, response.status_code, duration_ms,
                        extra={"method": request.method, "path": request.path, "status": response.status_code,
                               "duration_ms": duration_ms})
            return response
        finally:
            _current.reset(token)


@before_task_publish.connect(dispatch_uid="skema_lsp.logs.carry")
def _carry_request_id(headers=None, **kwargs) -> None:
    if headers is not None and _current.get() != "-":
        headers.setdefault("request_id", _current.get())


@task_prerun.connect(dispatch_uid="skema_lsp.logs.adopt")
def _adopt_request_id(task_id=None, task=None, **kwargs) -> None:
    carried = None
    if task is not None:  # a worker sees custom headers as attributes, an eager apply() under .headers
        carried = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
    if not (carried and ACCEPTED.fullmatch(carried)):
        # An eager task runs inside the request that sent it and keeps its id.
        carried = _current.get() if _current.get() != "-" else f"task-{task_id}"
    _tokens[task_id] = _current.set(carried)


@task_postrun.connect(dispatch_uid="skema_lsp.logs.drop")
def _drop_request_id(task_id=None, **kwargs) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        _current.reset(token)
