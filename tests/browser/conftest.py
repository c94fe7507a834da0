"""Real-browser fixtures: the app served by gunicorn on a free port over a throw-away SQLite
database with the demo data, and Debian's Chromium driven by Playwright (never downloaded).

Run with `make test-browser`. In CI (CI=true) a missing browser fails the run; locally the
tests are skipped with a message saying how to install it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESET_ACCOUNTS = ("reset-js@example.com", "reset-nojs@example.com")
RESET_PASSWORD = "first lantern granite 2026"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(f"{reason}; install it with `apt-get install chromium` to run the browser tests")


@pytest.fixture(autouse=True)
def clean_tables():
    """The in-process test database of tests/conftest.py is not used here."""
    yield


def pytest_configure(config):
    """Screenshots of this run only (tests/browser/screenshots/ is git-ignored), cleared once
    – by pytest-xdist's controller, not by each worker while the others take theirs."""
    from harness import SCREENSHOTS

    if not hasattr(config, "workerinput") and SCREENSHOTS.is_dir():
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Base URL of the real app; `server.db_path` is its SQLite file (for reading the outbox)."""
    tmp = tmp_path_factory.mktemp("browser-app")
    env = {
        **os.environ,
        "TIF_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp / 'tif.sqlite3'}",
        "HUEY_SQLITE_PATH": str(tmp / "jobs.sqlite3"),
        "SECRET_KEY": "browser-test-secret",
        "ARGON2_PROFILE": "test",
        # Every journey logs in from 127.0.0.1 many times a minute; per-IP limits are tested
        # in the normal suite.
        "RATELIMIT_ENABLED": "0",
        "MAIL_URL": "",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    commands = [["db", "upgrade"], ["demo-data"]]
    # Own accounts for journeys that change a password, so the demo accounts stay as they are.
    commands += [["create-admin", email, "--password", RESET_PASSWORD] for email in RESET_ACCOUNTS]
    for command in commands:
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(tmp / "server.log", "w")  # noqa: SIM115 (open for the whole session)
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--threads", "4"]
        + ["--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the app did not start; see {tmp / 'server.log'}")
        time.sleep(0.1)

    class Server(str):
        db_path = tmp / "tif.sqlite3"
        log_path = tmp / "server.log"

    yield Server(base)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    text = (tmp / "server.log").read_text()
    assert "Traceback" not in text, f"the server logged an error:\n{text[-4000:]}"


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (make test-browser installs it)")
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which("chromium") == CHROMIUM):
        _missing(f"{CHROMIUM} is missing")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request) -> bool:
    return request.param


@pytest.fixture
def tour(browser, server, js, request):
    """A fresh browser context (no cookies), JavaScript on or off, wrapped in a Tour."""
    from harness import Tour

    context = browser.new_context(
        base_url=server,
        java_script_enabled=js,
        viewport={"width": 1280, "height": 800},
        locale="sv-SE",  # a Swedish browser; the language switch journey goes to English
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    tour = Tour(page, js=js, name=request.node.name)
    yield tour
    context.close()
    tour.assert_clean()
