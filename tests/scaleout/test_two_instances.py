"""Several hosts: two app instances (gunicorn with gunicorn.conf.py) and a worker and a
scheduler, sharing one PostgreSQL database, one Redis and one upload directory, all started
here from the distribution's packages on free ports.

A throttle hit on one instance holds on the other, a job queued by one runs on the worker
(with the request's id in the worker's log), a session made on one is valid on the other, and
/healthz reports the queue down when Redis goes away.

Skipped locally when redis-server or PostgreSQL's initdb is missing (or no `postgres` user to
run it as root); with CI=true it fails instead. Not repeated in the suite's PostgreSQL run.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "demo-password-2026"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="runs its own PostgreSQL; covered by the suite's SQLite run",
)


def unavailable(reason):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the scale-out test must run)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="module")
def postgres():
    bindir = pg_bin()
    if bindir is None:
        unavailable("PostgreSQL's initdb is missing (apt-get install postgresql)")
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode:
        unavailable("no postgres user to run PostgreSQL as")
    # Directly under /tmp: pytest's own temporary folders are closed to other users.
    tmp = Path(tempfile.mkdtemp(prefix="tif-scaleout-pg-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    port = free_port()
    data = tmp / "data"
    subprocess.run(
        as_postgres(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(tmp / "log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    subprocess.run(
        as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
        capture_output=True,
    )
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    server = shutil.which("redis-server")
    if server is None:
        unavailable("redis-server is missing (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: _answers(port), "redis")
    yield process, f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def _answers(port) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Cluster:
    def __init__(self, env, urls, logs):
        self.env, self.urls, self.logs = env, urls, logs


@pytest.fixture(scope="module")
def cluster(postgres, redis, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hosts")
    env = {
        **os.environ,
        "TIF_ENV": "development",
        "DATABASE_URL": postgres,
        "REDIS_URL": redis[1],
        "UPLOAD_DIR": str(tmp / "uploads"),  # the shared directory (NFS in a real setup)
        "SECRET_KEY": "two-hosts-secret-key",
        "TOTP_KEY": "n0MEYDTrDKEn5b3X1kTbfeaQ2Y2l2_fy1nMbf9qNyF0=",
        "ARGON2_PROFILE": "test",
        "MAIL_URL": "",
        "LOG_FORMAT": "json",
        "WEB_CONCURRENCY": "2",
        # Behind one reverse proxy: each test's browser has its own client address.
        "TRUSTED_PROXIES": "1",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["demo-data"]):
        done = subprocess.run(flask + command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    processes, urls, logs = [], [], {}
    for name in ("host-a", "host-b"):
        port = free_port()
        logs[name] = tmp / f"{name}.log"
        processes.append(
            _start(
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                {**env, "BIND": f"127.0.0.1:{port}"},
                logs[name],
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    logs["worker"] = tmp / "worker.log"
    processes.append(_start(flask + ["worker", "--no-scheduler"], env, logs["worker"]))
    logs["scheduler"] = tmp / "scheduler.log"
    processes.append(_start(flask + ["scheduler"], env, logs["scheduler"]))
    for url in urls:
        wait_for(lambda url=url: _status(url + "/healthz") == 200, f"{url}/healthz")
    yield Cluster(env, urls, logs)
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _start(command, env, log_path):
    with open(log_path, "w") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _status(url) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=15) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One client: its cookies go to both hosts (as to one site behind a proxy), and the proxy
    names its address in X-Forwarded-For."""

    addresses = iter(range(10, 250))

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.opener.addheaders = [("X-Forwarded-For", f"192.0.2.{next(self.addresses)}")]

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=10) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf(self, url) -> str:
        _, _, page = self.request(url + "/login")
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_throttle_hit_on_one_instance_holds_on_the_other(cluster):
    a, b = cluster.urls
    browser = Browser()
    token = browser.csrf(a)
    wrong = {"csrf_token": token, "email": "ingen@example.com", "password": "fel lösenord 2026"}
    statuses = [browser.request(a + "/login", wrong)[0] for _ in range(10)]
    assert statuses == [422] * 10
    assert browser.request(b + "/login", wrong)[0] == 429


def test_a_job_queued_by_one_instance_runs_on_the_worker(cluster):
    import psycopg

    a, _ = cluster.urls
    browser = Browser()
    status, headers, _ = browser.request(
        a + "/password/forgot", {"csrf_token": browser.csrf(a), "email": "ombud@example.com"}
    )
    assert status == 303
    request_id = headers["X-Request-ID"]

    def sent():
        with psycopg.connect(cluster.env["DATABASE_URL"]) as db:
            row = db.execute(
                "SELECT status FROM outbox_mail WHERE recipient = %s ORDER BY id DESC LIMIT 1",
                ("ombud@example.com",),
            ).fetchone()
        return row is not None and row[0] == "sent"

    wait_for(sent, "the worker to send the mail")
    lines = [
        json.loads(line)
        for line in cluster.logs["worker"].read_text().splitlines()
        if line.startswith("{")
    ]
    assert any(
        line["request_id"] == request_id and line["logger"] == "tif.mail" for line in lines
    ), (request_id, cluster.logs["worker"].read_text()[-3000:])


def test_a_session_made_on_one_instance_is_valid_on_the_other(cluster):
    a, b = cluster.urls
    browser = Browser()
    login = {"csrf_token": browser.csrf(a), "email": "ombud@example.com", "password": PASSWORD}
    status, headers, _ = browser.request(a + "/login", login)
    assert status == 303 and headers["Location"].endswith("/home")
    status, _, page = browser.request(b + "/home")
    assert status == 200 and "Kiosken Stenstan" in page


def test_health_reports_the_queue_when_redis_goes_away(cluster, redis):
    a, b = cluster.urls
    assert _status(a + "/healthz") == _status(b + "/healthz") == 200
    process, _ = redis
    process.send_signal(signal.SIGSTOP)  # unreachable, not gone: the cluster can stop cleanly
    try:
        status = _status(a + "/healthz")
    finally:
        process.send_signal(signal.SIGCONT)
    assert status == 503
    assert _status(b + "/healthz") == 200
