"""Operating the portal: /healthz, JSON logs with a request id that follows a request into the
jobs it queues, the worker and scheduler commands, the gunicorn settings."""

import json
import logging
import runpy

import pytest

from app import health, jobs, logs
from app.config import ROOT


def test_healthz_is_ok_with_no_details_for_the_public(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("part", ["database", "queue", "storage"])
def test_healthz_is_503_when_a_part_fails_and_only_the_log_says_why(
    client, login, monkeypatch, caplog, part
):
    def broken():
        raise ConnectionError("secret-host:6379 refused")

    monkeypatch.setitem(health.CHECKS, part, broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    assert "secret-host" not in response.text
    assert f"health check {part} failed" in caplog.text and "secret-host" in caplog.text
    admin = login("admin@example.com").get("/healthz").get_json()
    assert admin["checks"][part] == "failing"
    assert [name for name, state in admin["checks"].items() if state == "ok"] == [
        name for name in ("database", "queue", "storage") if name != part
    ]
    assert "checks" not in login("polis@example.com").get("/healthz").get_json()


def test_healthz_finds_an_upload_directory_it_cannot_write(app, client, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    kept, app.config["UPLOAD_DIR"] = app.config["UPLOAD_DIR"], str(blocked)
    try:
        assert client.get("/healthz").status_code == 503
    finally:
        app.config["UPLOAD_DIR"] = kept


def test_every_answer_carries_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["X-Request-ID"]) == 32
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_the_proxys_request_id_is_used_only_behind_a_trusted_proxy(app, client):
    sent = {"X-Request-ID": "proxy-1234abcd"}
    assert client.get("/healthz", headers=sent).headers["X-Request-ID"] != "proxy-1234abcd"
    app.config["TRUSTED_PROXIES"] = 1
    try:
        assert client.get("/healthz", headers=sent).headers["X-Request-ID"] == "proxy-1234abcd"
        hostile = client.get("/healthz", headers={"X-Request-ID": '"}{"level": "forged'})
        assert "forged" not in hostile.headers["X-Request-ID"]
    finally:
        app.config["TRUSTED_PROXIES"] = 0


seen_by_job = []


@jobs.job()
def remember_request_id():
    seen_by_job.append(logs.current_request_id())
    logging.getLogger("tif.test").info("job ran")


def test_a_job_carries_the_id_of_the_request_that_queued_it_to_the_worker(app):
    """Queued in a request, the task holds the request's id; the worker (here: outside any
    request) runs it with that id in its log context."""
    seen_by_job.clear()
    jobs.huey.immediate = False
    try:
        with app.test_request_context("/healthz"):
            app.preprocess_request()
            request_id = logs.current_request_id()
            remember_request_id()
        logs.request_id_var.set(None)
        task = jobs.huey.dequeue()
        assert task.kwargs[jobs.REQUEST_ID_ARGUMENT] == request_id
        jobs.huey.execute(task)
    finally:
        jobs.huey.immediate = True
    assert seen_by_job == [request_id] and request_id
    remember_request_id()  # queued outside a request: no id
    assert seen_by_job[-1] is None


def test_json_log_lines_name_the_request():
    record = logging.LogRecord("tif.mail", logging.INFO, __file__, 1, "mail to %s", ("x",), None)
    token = logs.request_id_var.set("abc123def456")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id_var.reset(token)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["request_id"] == "abc123def456"
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "tif.mail", "mail to x")


def test_worker_and_scheduler_commands(app):
    runner = app.test_cli_runner()
    assert "--no-scheduler" in runner.invoke(args=["worker", "--help"]).output
    assert runner.invoke(args=["scheduler", "--help"]).exit_code == 0


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("BIND", "0.0.0.0:8000")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (settings["workers"], settings["bind"]) == (3, "0.0.0.0:8000")
    assert settings["graceful_timeout"] >= 30 and settings["timeout"] == 30
    assert settings["max_requests"] > 0 and settings["accesslog"] == "-"
