"""What /healthz checks: the database answers, the job queue answers, and the upload directory
takes a file. Failures are logged with their reason; the public answer says only ok or not."""

import logging
import tempfile
from pathlib import Path

from flask import current_app

from app.db import database
from app.jobs import huey

log = logging.getLogger("tif.health")


def _database() -> None:
    database.connect(reuse_if_open=True)
    database.execute_sql("SELECT 1").fetchone()


def _queue() -> None:
    huey.storage.queue_size()


def _storage() -> None:
    directory = Path(current_app.config["UPLOAD_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".health-") as probe:
        probe.write(b"ok")
        probe.flush()


CHECKS = {"database": _database, "queue": _queue, "storage": _storage}


def check() -> dict[str, bool]:
    """Each part's health; a failing part is logged with what went wrong."""
    results = {}
    for name, probe in CHECKS.items():
        try:
            probe()
        except Exception as error:  # any failure of a part is that part's ill health
            log.warning("health check %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = False
        else:
            results[name] = True
    return results
