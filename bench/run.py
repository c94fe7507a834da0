"""`make bench`: the portal under gunicorn and wrk, against a bare Flask "hello world".

Steps (all on 127.0.0.1, each wrk run time-bounded):
 1. build the datasets into throw-away databases: the demo data alone, and the national-scale
    dataset (bench/generate.py) on BENCH_DATABASE_URL (default: SQLite under bench/results/);
 2. wrk on the bare Flask app (bench/hello.py) under the same gunicorn settings;
 3. per dataset, the portal under gunicorn; log in once per account (http.client, no extra dependency)
    and wrk every page of bench/pages.py with its session cookie and HTMX headers;
 4. in-process, on the national dataset: HTML and first-view bytes gzip, queries per request,
    server time without queueing;
 5. concurrent writers (bench/writers.py);
 6. a text table on stdout, JSON under bench/results/.

Settings from the environment: BENCH_DURATION (s per page, 10), BENCH_CONNECTIONS (16),
BENCH_THREADS (2), WEB_CONCURRENCY (2 × cores + 1), BENCH_SCALE (1), BENCH_WRITER_PROCESSES (4),
BENCH_WRITES (10 per writer and process), BENCH_PAGES (only pages whose name contains it),
BENCH_DATABASE_URL (the national dataset's database, wiped first; default a SQLite file
under bench/results/; not DATABASE_URL, so that a real database is never wiped by mistake).
"""

import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench import generate, measure, writers
from bench.pages import PAGES, REFERENCES

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
COOKIE = "tif_session"
ANONYMOUS_COOKIE = "tif_anon"
PASSWORD = "demo-password-2026"

# docs/design.md, "Budgets".
BUDGET_HTML_GZIP = 14 * 1024
BUDGET_FIRST_VIEW_GZIP = 40 * 1024
BUDGET_QUERIES = 8
BUDGET_P50_MS = 10
BUDGET_P95_MS = 50
BUDGET_DASHBOARD_P95_MS = 100
BUDGET_RATIO = 0.25


def settings() -> dict:
    cores = os.cpu_count() or 1
    return {
        "duration_s": int(os.environ.get("BENCH_DURATION", 10)),
        "connections": int(os.environ.get("BENCH_CONNECTIONS", 16)),
        "threads": int(os.environ.get("BENCH_THREADS", 2)),
        "workers": int(os.environ.get("WEB_CONCURRENCY", 2 * cores + 1)),
        "cores": cores,
        "scale": float(os.environ.get("BENCH_SCALE", 1)),
        "writer_processes": int(os.environ.get("BENCH_WRITER_PROCESSES", 4)),
        "writes": int(os.environ.get("BENCH_WRITES", 10)),
        "pages": os.environ.get("BENCH_PAGES", ""),
        "database_url": os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{RESULTS / 'national.sqlite3'}",
    }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- databases


def _remove_sqlite(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_database(url: str, national: bool, scale: float) -> float:
    """A fresh database by migrations, with the demo data (and the national dataset)."""
    from app.cli import rebuild_schema
    from app.db import database
    from app.demo import load_demo_data

    _remove_sqlite(url)
    started = time.perf_counter()
    app = generate.make_app(url)
    with app.app_context():
        rebuild_schema()
        if not national:
            load_demo_data()
        database.close()
    if national:
        generate.build(app, scale, log=log)
    return time.perf_counter() - started


# ---------------------------------------------------------------------- servers and clients


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the benchmark's worker count; stopped on exit."""

    def __init__(self, app_spec: str, workers: int, env: dict, log_name: str, probe: str):
        self.port = free_port()
        self.log_file = open(RESULTS / f"{log_name}.log", "w")  # noqa: SIM115  (closed in stop)
        # The access log gives the server time of each request under load (%(D)s: from the
        # request read to the response written, without the time queued before accept).
        self.access_log = RESULTS / f"{log_name}-access.log"
        self.access_log.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                str(ROOT / "bench" / "gunicorn_bench.py"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                "%(s)s %(D)s",
                app_spec,
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request("GET", self.port, probe)[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log_file.name}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer; see {self.log_file.name}")

    def access_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def server_times(self, offset: int) -> dict:
        """Server time percentiles (ms) and statuses of the requests logged since `offset`."""
        time.sleep(0.5)  # the last responses' log lines
        with open(self.access_log, "rb") as f:
            f.seek(offset)
            lines = f.read().decode().split()
        statuses, micros = lines[0::2], sorted(int(x) for x in lines[1::2])
        if not micros:
            return {}

        def pct(p):
            return micros[min(len(micros) - 1, int(p / 100 * len(micros)))] / 1000

        return {
            "server_p50_ms": pct(50),
            "server_p95_ms": pct(95),
            "server_p99_ms": pct(99),
            "statuses": {s: statuses.count(s) for s in sorted(set(statuses))},
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def request(method, port, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def _cookie(headers, name=COOKIE) -> str | None:
    for header, value in headers:
        if header.lower() == "set-cookie":
            jar = SimpleCookie()
            jar.load(value)
            if name in jar and jar[name].value:
                return jar[name].value
    return None


def login(port: int, email: str) -> str:
    """Log in through the real form once; the session cookie's value."""
    status, headers, body = request("GET", port, "/login")
    anonymous = _cookie(headers, ANONYMOUS_COOKIE)  # the login form's CSRF token is in it
    token = measure.csrf_token(body.decode())
    form = urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    status, headers, _ = request(
        "POST",
        port,
        "/login",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{ANONYMOUS_COOKIE}={anonymous}",
        },
    )
    session = _cookie(headers)
    if status != 303 or not session:
        raise RuntimeError(f"login as {email} answered {status}")
    status, _, _ = request("GET", port, "/home", headers={"Cookie": f"{COOKIE}={session}"})
    if status != 200:
        raise RuntimeError(f"/home as {email} answered {status}")
    return session


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    raise SystemExit("wrk is missing: apt-get install -y wrk (make bench does it)")


def wrk(port: int, path: str, headers: dict, cfg: dict) -> dict:
    command = [
        ensure_wrk(),
        f"-t{cfg['threads']}",
        f"-c{cfg['connections']}",
        f"-d{cfg['duration_s']}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=cfg["duration_s"] + 60, check=True
    ).stdout
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"no result from wrk:\n{output}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    errors = sum(raw[k] for k in raw if k.endswith("_errors")) + raw["timeouts"]
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": errors,
        "non_2xx_3xx": raw["status_errors"],
        "socket_errors": {k: raw[k] for k in raw if k.endswith("_errors") and k != "status_errors"}
        | {"timeouts": raw["timeouts"]},
    }


def portal_env(url: str) -> dict:
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-key",
        "HUEY_SQLITE_PATH": str(RESULTS / "jobs.sqlite3"),
        "RATELIMIT_ENABLED": "0",
        "TIF_ENV": "development",
    }


def run_pages(url: str, cfg: dict, pages: list, label: str) -> dict:
    results = {}
    server = Server("wsgi:app", cfg["workers"], portal_env(url), f"gunicorn-{label}", "/healthz")
    try:
        cookies = {}
        for page in pages:
            if page.account and page.account not in cookies:
                cookies[page.account] = login(server.port, page.account)
        for page in pages:
            headers = dict(page.headers)
            if page.account:
                headers["Cookie"] = f"{COOKIE}={cookies[page.account]}"
            log(f"  wrk {label}: {page.name}")
            offset = server.access_offset()
            results[page.name] = wrk(server.port, page.path, headers, cfg)
            results[page.name] |= server.server_times(offset)
    finally:
        server.stop()
    return results


def run_ratio(url: str, cfg: dict, rounds: int = 3) -> dict:
    """Bare Flask and each reference page (the business home, a staff list), all under the
    same gunicorn settings, measured in alternation (round after round), so that whatever
    else loads the machine weighs on them alike; each ratio is the median of its rounds."""
    references = [next(p for p in PAGES if p.name == name) for name in REFERENCES]
    short = {**cfg, "duration_s": max(2, cfg["duration_s"] // 2)}
    hello = Server("bench.hello:app", cfg["workers"], {}, "gunicorn-hello", "/")
    portal = None
    try:
        portal = Server("wsgi:app", cfg["workers"], portal_env(url), "gunicorn-ratio", "/healthz")
        cookies = {page.account: login(portal.port, page.account) for page in references}
        runs = {page.name: [] for page in references}
        for i in range(rounds):
            log(f"  wrk round {i + 1}/{rounds}: bare Flask, then {', '.join(REFERENCES)}")
            offset = hello.access_offset()
            bare = wrk(hello.port, "/", {}, short) | hello.server_times(offset)
            for page in references:
                headers = {**page.headers, "Cookie": f"{COOKIE}={cookies[page.account]}"}
                offset = portal.access_offset()
                result = wrk(portal.port, page.path, headers, short) | portal.server_times(offset)
                runs[page.name].append(
                    {"hello": bare, "portal": result, "ratio": result["rps"] / bare["rps"]}
                )
    finally:
        hello.stop()
        if portal:
            portal.stop()
    ratios = {}
    for name, page_runs in runs.items():
        middle = sorted(page_runs, key=lambda r: r["ratio"])[len(page_runs) // 2]
        ratios[name] = {
            "ratio": middle["ratio"],
            "page": middle["portal"],
            "rounds": [
                {
                    "hello_rps": r["hello"]["rps"],
                    "portal_rps": r["portal"]["rps"],
                    "ratio": round(r["ratio"], 3),
                }
                for r in page_runs
            ],
        }
    return {"hello": runs[REFERENCES[0]][0]["hello"], "ratios": ratios}


def weigh_pages(url: str, pages: list) -> dict:
    """In-process, on the given database: weights, queries, server time without queueing."""
    from app.db import database

    app = generate.make_app(url)
    app.config["SECRET_KEY"] = "bench-secret-key"
    clients, results = {}, {}
    for page in pages:
        if page.account not in clients:
            clients[page.account] = app.test_client()
            if page.account:
                measure.login(clients[page.account], page.account, PASSWORD)
        result = measure.weigh(clients[page.account], page.path, page.headers, samples=30)
        result.pop("sql")
        results[page.name] = result
    database.close()
    return results


# ---------------------------------------------------------------------- report


def kb(size) -> str:
    return "-" if size is None else f"{size / 1024:.1f}"


def budgets(report: dict) -> list[str]:
    """Every budget missed, in words."""
    missed = []
    for name, w in report["weights"].items():
        if w["html_gzip"] > BUDGET_HTML_GZIP:
            missed.append(f"{name}: HTML {kb(w['html_gzip'])} KB gzip > 14 KB")
        if w["first_view_gzip"] and w["first_view_gzip"] > BUDGET_FIRST_VIEW_GZIP:
            missed.append(f"{name}: first view {kb(w['first_view_gzip'])} KB gzip > 40 KB")
        if w["queries"] > BUDGET_QUERIES:
            missed.append(f"{name}: {w['queries']} queries > {BUDGET_QUERIES}")
    dashboards = {p.name for p in PAGES if p.dashboard}
    for dataset, runs in report["wrk"].items():
        for name, r in runs.items():
            if r["errors"]:
                missed.append(f"{dataset} {name}: {r['errors']} errors (non-2xx/3xx or socket)")
            # Server time under load: gunicorn's own measure (the wrk latency adds queueing).
            p50, p95 = r.get("server_p50_ms", 0), r.get("server_p95_ms", 0)
            if dataset == "demo":
                if p50 > BUDGET_P50_MS:
                    missed.append(f"demo {name}: server p50 {p50:.1f} ms > {BUDGET_P50_MS} ms")
                if p95 > BUDGET_P95_MS:
                    missed.append(f"demo {name}: server p95 {p95:.1f} ms > {BUDGET_P95_MS} ms")
            elif name in dashboards and p95 > BUDGET_DASHBOARD_P95_MS:
                missed.append(
                    f"national {name}: server p95 {p95:.1f} ms > {BUDGET_DASHBOARD_P95_MS} ms"
                )
    for name, ratio in report.get("ratios", {}).items():
        if ratio["ratio"] < BUDGET_RATIO:
            missed.append(f"{name} throughput {ratio['ratio']:.1%} of bare Flask < 25 %")
    w = report.get("writers")
    if w and (w["database_is_locked"] or w["errors"] or not w["every_row_counted"]):
        missed.append("concurrent writers: locked, failed or missing rows")
    if w and w["integrity_check"] not in (None, "ok"):
        missed.append(f"integrity_check: {w['integrity_check']}")
    return missed


def table(report: dict) -> str:
    lines = []
    cfg = report["settings"]
    lines.append(
        f"TIF portal benchmark {report['when']} on {cfg['cores']} cores; gunicorn "
        f"{cfg['workers']} sync workers; wrk -t{cfg['threads']} -c{cfg['connections']} "
        f"-d{cfg['duration_s']}s on 127.0.0.1"
    )
    lines.append(f"national dataset ({report['database']}) built in {report['build_s']:.1f} s")
    hello = report["hello"]
    lines.append(
        f"bare Flask hello world: {hello['rps']:.0f} req/s, latency p50 {hello['p50_ms']:.1f} ms,"
        f" p95 {hello['p95_ms']:.1f}, p99 {hello['p99_ms']:.1f}; server p50"
        f" {hello.get('server_p50_ms', 0):.1f} ms; errors {hello['errors']}"
    )
    for name, ratio in report["ratios"].items():
        rounds = ", ".join(f"{r['portal_rps']:.0f}/{r['hello_rps']:.0f}" for r in ratio["rounds"])
        lines.append(
            f"{name} (national) / hello world: {ratio['ratio']:.1%} (budget ≥ 25 %);"
            f" median of alternating rounds (req/s page/hello: {rounds})"
        )
    header = (
        f"{'page':<27} {'data':<8} {'req/s':>6} | {'p50':>5} {'p95':>5} {'p99':>5} |"
        f" {'s50':>5} {'s95':>5} {'s99':>5} | {'idle':>4} {'cpu':>4} | {'err':>3} {'html':>4}"
        f" {'first':>5}"
        f" {'qry':>3}"
    )
    lines += ["", header, "-" * len(header)]
    for dataset, runs in report["wrk"].items():
        for name, r in runs.items():
            w = report.get("weights", {}).get(name, {})
            lines.append(
                f"{name:<27} {dataset:<8} {r['rps']:>6.0f} |"
                f" {r['p50_ms']:>5.1f} {r['p95_ms']:>5.1f} {r['p99_ms']:>5.1f} |"
                f" {r.get('server_p50_ms', 0):>5.1f} {r.get('server_p95_ms', 0):>5.1f}"
                f" {r.get('server_p99_ms', 0):>5.1f} | {w.get('server_ms_p50', 0):>4.1f}"
                f" {w.get('cpu_ms', 0):>4.1f} |"
                f" {r['errors']:>3}"
                f" {kb(w.get('html_gzip')):>4} {kb(w.get('first_view_gzip')):>5}"
                f" {w.get('queries', '-'):>3}"
            )
    lines.append(
        "p50/p95/p99: latency in ms as wrk sees it (queueing included); s50/s95/s99: server time"
        " in ms under the same load (gunicorn %(D)s); idle: in-process server time p50 in ms on the"
        " national dataset without load; cpu: in-process CPU time per request in ms;"
        " err: non-2xx/3xx and socket errors;"
        " html/first: HTML and first view (HTML + CSS + JS) in KB gzip; qry: queries per request"
    )
    w = report.get("writers")
    if w:
        lines.append("")
        lines.append(
            f"concurrent writers ({report['database'].split(':')[0]}): {w['processes']} processes,"
            f" {w['done']} operations ({', '.join(f'{k} {v}' for k, v in w['operations'].items())}"
            f" per kind) in {w['seconds']} s ({w['writes_per_second']}/s); errors {len(w['errors'])},"
            f" 'database is locked' {w['database_is_locked']}, every row counted:"
            f" {w['every_row_counted']} {w['rows_counted']}, integrity_check: {w['integrity_check']}"
        )
    load = report.get("load_average")
    if load:
        lines.append(
            f"load average at the end of the wrk runs: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
        )
    lines.append("")
    missed = budgets(report)
    lines.append("budgets missed: " + ("none" if not missed else ""))
    lines += [f"  - {m}" for m in missed]
    return "\n".join(lines)


def main() -> None:
    cfg = settings()
    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_wrk()
    pages = [p for p in PAGES if cfg["pages"] in p.name]
    national_url = cfg["database_url"]
    demo_url = f"sqlite:///{RESULTS / 'demo.sqlite3'}"
    report = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} {platform.python_version()}",
        "settings": cfg,
        "database": national_url.split("@")[-1],
    }

    log("building the demo database")
    build_database(demo_url, national=False, scale=cfg["scale"])
    log(f"building the national dataset into {report['database']}")
    report["build_s"] = build_database(national_url, national=True, scale=cfg["scale"])

    log(f"wrk: bare Flask against {', '.join(REFERENCES)} (national dataset), alternating")
    ratio = run_ratio(national_url, cfg)
    report["hello"], report["ratios"] = ratio["hello"], ratio["ratios"]
    report["wrk"] = {}
    log("wrk: portal on the national dataset")
    report["wrk"]["national"] = run_pages(national_url, cfg, pages, "national")
    log("wrk: portal on the demo data")
    report["wrk"]["demo"] = run_pages(demo_url, cfg, pages, "demo")
    report["load_average"] = os.getloadavg()

    log("in-process: page weights, queries, server time (national dataset)")
    report["weights"] = weigh_pages(national_url, pages)

    log("concurrent writers")
    report["writers"] = writers.run_writers(national_url, cfg["writer_processes"], cfg["writes"])
    report["budgets_missed"] = budgets(report)

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2, default=str))
    print(table(report))
    log(f"JSON: bench/results/bench-{stamp}.json (and latest.json)")


if __name__ == "__main__":
    main()
