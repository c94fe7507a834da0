"""Background jobs with huey: SQLite storage by default, Redis when REDIS_URL, immediate in tests.

Tasks are declared with `@job()` / `@periodic(crontab)` when their module is imported, and
always run inside the Flask app context with a database connection, whether in the worker or
(tests) in the caller. Where the queue lives comes from the app's configuration at
`init_app`, not from the environment at import.
"""

import functools
from pathlib import Path

from huey import Huey, crontab  # noqa: F401  (crontab re-exported for features)
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from app.db import database

# Declared before any app exists; `init_app` gives it the configured storage.
huey = Huey("tif", storage_class=MemoryStorage)
_state = {"app": None}


def init_app(app) -> None:
    _state["app"] = app
    if app.config["TESTING"]:
        huey.immediate = True
        return
    huey.immediate = False
    if app.config["REDIS_URL"]:
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": app.config["REDIS_URL"]}
    else:
        path = Path(app.config["HUEY_SQLITE_PATH"])
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(path)}
    huey.storage = huey.create_storage()


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
