"""Background jobs with huey: SQLite storage by default, Redis when REDIS_URL, immediate in tests.

Tasks are declared with `@job()` / `@periodic(crontab)` when their module is imported, and
always run inside the Flask app context with a database connection, whether in the worker or
(tests) in the caller. Where the queue lives comes from the app's configuration at
`init_app`, not from the environment at import. A job queued during a request carries the
request's id (app/logs.py), so the worker's log lines name the request that caused them.
"""

import functools
from pathlib import Path

from huey import Huey, crontab  # noqa: F401  (crontab re-exported for features)
from huey.api import Task
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from redis import ConnectionPool

from app.config import REDIS_TIMEOUTS
from app.db import database
from app.logs import current_request_id, request_id_var

REQUEST_ID_ARGUMENT = "_request_id"


class RequestIdHuey(Huey):
    """Huey that adds the current request's id to each task it queues."""

    def enqueue(self, task):
        request_id = current_request_id()
        if request_id and isinstance(task, Task):
            task.kwargs = {**task.kwargs, REQUEST_ID_ARGUMENT: request_id}
        return super().enqueue(task)


# Declared before any app exists; `init_app` gives it the configured storage.
huey = RequestIdHuey("tif", storage_class=MemoryStorage)
_state = {"app": None}


def init_app(app) -> None:
    _state["app"] = app
    if app.config["TESTING"]:
        huey.immediate = True
        return
    huey.immediate = False
    if app.config["REDIS_URL"]:
        huey.storage_class = RedisStorage
        pool = ConnectionPool.from_url(app.config["REDIS_URL"], **REDIS_TIMEOUTS)
        huey.storage_kwargs = {"connection_pool": pool}
    else:
        path = Path(app.config["HUEY_SQLITE_PATH"])
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(path)}
    huey.storage = huey.create_storage()


def _in_app(fn):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        request_id = kwargs.pop(REQUEST_ID_ARGUMENT, None)
        outer = request_id_var.set(request_id or request_id_var.get())
        try:
            with _state["app"].app_context():
                opened = database.connect(reuse_if_open=True)
                try:
                    return fn(*args, **kwargs)
                finally:
                    if opened and not database.is_closed():
                        database.close()
        finally:
            request_id_var.reset(outer)

    return run


def job(**options):
    """Declare a background task; call it like a function to enqueue it."""
    return lambda fn: huey.task(**options)(_in_app(fn))


def periodic(schedule, **options):
    """Declare a task the worker runs on a crontab schedule."""
    return lambda fn: huey.periodic_task(schedule, **options)(_in_app(fn))
