"""Logs: one line of JSON per record in production (LOG_FORMAT=json), readable text in
development, and a request id on every line a request – or a job it queued – writes.

The request id comes from the reverse proxy's X-Request-ID when the proxy is trusted
(TRUSTED_PROXIES), else it is made here; the response carries it back, and `app.jobs` hands it
to the jobs a request queues, so one id follows a request into the worker.
"""

import datetime
import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar

from flask import Flask, g, request

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-") on every record."""

    def filter(self, record):
        record.request_id = request_id_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(log_format: str) -> None:
    """The root logger's one handler, on stderr (gunicorn and systemd collect it)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "tif_handler", False)]:
        root.removeHandler(old)
    handler.tif_handler = True
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def init_app(app: Flask) -> None:
    if not app.config["TESTING"]:  # the test runner captures logs its own way
        configure(app.config["LOG_FORMAT"])

    @app.before_request
    def _request_id():
        incoming = request.headers.get(HEADER, "") if app.config["TRUSTED_PROXIES"] else ""
        request_id = incoming if _VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_id_token = request_id_var.set(request_id)

    @app.after_request
    def _answer_with_it(response):
        request_id = request_id_var.get()
        if request_id:
            response.headers[HEADER] = request_id
        return response

    # After the request's other teardowns: the mails it wrote are queued (with its id) when
    # its app context ends.
    @app.teardown_appcontext
    def _forget(exc):
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id_var.reset(token)
