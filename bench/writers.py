"""Concurrent writers: several processes writing at once through the app's own code paths.

Each writer in WRITERS picks, in the parent, the distinct objects its operations use
(`prepare`), runs one operation with a Flask test client in a child process (`run`, which
raises when the answer is not what a user gets), and says how many rows each operation adds
per table (`adds`). The parent checks that every row is counted, that no request met
"database is locked" and, on SQLite, that `PRAGMA integrity_check` answers ok.

A feature adds its writers as `WRITERS` in its module of bench/parts/ (orders: a business
orders stickers; contacts: a business logs a contact; surveys: a business answers a round).
"""

import logging
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.measure import csrf_token

PASSWORD = "demo-password-2026"


@dataclass(frozen=True)
class Writer:
    name: str
    prepare: Callable[[int], list]  # n -> n arguments (inside an app context)
    run: Callable  # (client, argument) -> None; raises on a wrong answer
    adds: dict  # table -> rows added per operation


def _expect(response, status: int) -> None:
    if response.status_code != status:
        raise RuntimeError(f"answered {response.status_code}, expected {status}")


def _users(role_filter, n: int) -> list[str]:
    """The first `n` generated accounts of `role_filter` that can log in: not disabled, and
    not of a business that is suspended or not yet approved."""
    from app.accounts.models import User
    from app.businesses.models import Business

    inactive = Business.select(Business.id).where(Business.status != "active")
    can_log_in = User.disabled_at.is_null() & (
        User.business.is_null() | User.business.not_in(inactive)
    )
    emails = [
        u.email
        for u in User.select(User.email)
        .where(role_filter(User) & can_log_in & User.email.endswith("@bench.example"))
        .order_by(User.id)
        .limit(n)
    ]
    if len(emails) < n:
        raise RuntimeError(f"only {len(emails)} users for {n} writes")
    return emails


def _login(client, email: str) -> None:
    token = csrf_token(client.get("/login").text)  # in the signed anonymous cookie
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    _expect(response, 303)


def _forgot(client, email: str) -> None:
    token = csrf_token(client.get("/password/forgot").text)
    _expect(client.post("/password/forgot", data={"email": email, "csrf_token": token}), 303)


KERNEL_WRITERS = [
    # Staff login: a session row, last_login_at, an audit entry.
    Writer(
        "staff login",
        lambda n: _users(lambda U: U.role == "police", n),
        _login,
        {"session": 1, "audit_entry": 1},
    ),
    # Business login: a new session and last_login_at (business logins are not audited).
    Writer(
        "business login",
        lambda n: _users(lambda U: U.role == "business", n),
        _login,
        {"session": 1},
    ),
    # Password-reset request: a token and an outbox mail (an anonymous visitor has no session
    # row: the form's CSRF token travels in a signed cookie).
    Writer(
        "password reset request",
        lambda n: _users(lambda U: U.role == "municipality", n),
        _forgot,
        {"token": 1, "outbox_mail": 1},
    ),
]


def _all_writers() -> list[Writer]:
    from bench.parts import collect

    return [*KERNEL_WRITERS, *collect("WRITERS")]


WRITERS = _all_writers()


class _Problems(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        self.messages.append(text)


def _child(url: str, jobs: list, start, results) -> None:
    from bench.generate import make_app

    app = make_app(url)
    problems = _Problems()
    logging.getLogger().addHandler(problems)
    by_name = {w.name: w for w in WRITERS}
    done, errors = 0, []
    start.wait()
    started = time.perf_counter()
    for name, argument in jobs:
        client = app.test_client()
        try:
            by_name[name].run(client, argument)
            done += 1
        except Exception as error:  # noqa: BLE001  (counted and reported)
            errors.append(f"{name}: {type(error).__name__}: {error}")
    results.put(
        {
            "done": done,
            "errors": errors,
            "log_problems": problems.messages,
            "seconds": time.perf_counter() - started,
        }
    )


def run_writers(url: str, processes: int = 4, per_writer: int = 10) -> dict:
    """`processes` processes, each doing `per_writer` operations of every writer, interleaved."""
    from app.db import database, is_sqlite
    from app.models import MODELS
    from bench.generate import make_app

    app = make_app(url)
    with app.app_context():
        database.connect(reuse_if_open=True)
        arguments = {w.name: w.prepare(processes * per_writer) for w in WRITERS}
        before = {m._meta.table_name: m.select().count() for m in MODELS}
        database.close()

    plans = [[] for _ in range(processes)]
    for p in range(processes):
        for i in range(per_writer):
            for writer in WRITERS:
                plans[p].append((writer.name, arguments[writer.name][p * per_writer + i]))

    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    children = [context.Process(target=_child, args=(url, plan, start, results)) for plan in plans]
    for child in children:
        child.start()
    time.sleep(2)  # let every child import and build its app, then start them together
    started = time.perf_counter()
    start.set()
    outcomes = [results.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    seconds = time.perf_counter() - started

    with app.app_context():
        database.connect(reuse_if_open=True)
        after = {m._meta.table_name: m.select().count() for m in MODELS}
        integrity = None
        if is_sqlite():
            integrity = database.execute_sql("PRAGMA integrity_check").fetchone()[0]
        database.close()

    operations = processes * per_writer
    expected = {}
    for writer in WRITERS:
        for table, rows in writer.adds.items():
            expected[table] = expected.get(table, 0) + rows * operations
    counted = {table: after[table] - before[table] for table in expected}
    errors = [e for o in outcomes for e in o["errors"]]
    problems = [m for o in outcomes for m in o["log_problems"]]
    everything = " ".join(errors + problems).lower()
    return {
        "processes": processes,
        "operations": {w.name: operations for w in WRITERS},
        "done": sum(o["done"] for o in outcomes),
        "seconds": round(seconds, 2),
        "writes_per_second": round(sum(o["done"] for o in outcomes) / seconds, 1),
        "errors": errors,
        "log_problems": problems[:20],
        "database_is_locked": everything.count("database is locked"),
        "rows_expected": expected,
        "rows_counted": counted,
        "every_row_counted": counted == expected,
        "integrity_check": integrity,
    }


def main() -> None:
    """`python -m bench.writers`: only the concurrent writers, on an already built dataset."""
    import json
    import os
    from pathlib import Path

    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{Path(__file__).parent / 'results' / 'national.sqlite3'}"
    )
    processes = int(os.environ.get("BENCH_WRITER_PROCESSES", 4))
    writes = int(os.environ.get("BENCH_WRITES", 10))
    print(json.dumps(run_writers(url, processes, writes), indent=2))


if __name__ == "__main__":
    main()
