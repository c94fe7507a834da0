"""Background jobs with huey: SQLite storage by default, Redis when REDIS_URL, immediate in tests.

Tasks are declared with `@job()` / `@periodic(crontab)` and always run inside the Flask app
context with a database connection, whether in the worker or (tests) in the caller.
"""

import functools
import os
from pathlib import Path

from huey import RedisHuey, SqliteHuey, crontab  # noqa: F401  (crontab re-exported for features)

from app.db import database

_ROOT = Path(__file__).resolve().parent.parent


def _make_huey():
    if os.environ.get("REDIS_URL"):
        return RedisHuey("tif", url=os.environ["REDIS_URL"])
    path = os.environ.get("HUEY_SQLITE_PATH", str(_ROOT / "instance" / "jobs.sqlite3"))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("tif", filename=path)


huey = _make_huey()
_state = {"app": None}


def init_app(app) -> None:
    _state["app"] = app
    if app.config["TESTING"]:
        huey.immediate = True


def _in_app(fn):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with _state["app"].app_context():
            opened = database.connect(reuse_if_open=True)
            try:
                return fn(*args, **kwargs)
            finally:
                if opened and not database.is_closed():
                    database.close()

    return run


def job(**options):
    """Declare a background task; call it like a function to enqueue it."""
    return lambda fn: huey.task(**options)(_in_app(fn))


def periodic(schedule, **options):
    """Declare a task the worker runs on a crontab schedule."""
    return lambda fn: huey.periodic_task(schedule, **options)(_in_app(fn))
