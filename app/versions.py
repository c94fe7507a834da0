"""Versions of what many pages read and few people write, so that each process may keep what
it read until someone writes.

A version is a row of `kept_version` that database triggers give a new random value at every
write to the tables it names, by any process and in any way (migrations 0016 and 0019:
"updates", 0018: "join_requests"). Random, not a count: one value names one state of the rows, even
after a restore from a backup. Before the first write there is no row, and nothing is kept.
"""

import peewee as pw
from flask import current_app

from app.caches import MAX_ENTRIES
from app.db import BaseModel, PreparedSelect


class KeptVersion(BaseModel):
    name = pw.CharField(max_length=40, primary_key=True)
    version = pw.BigIntegerField()


_VERSION = PreparedSelect(
    (), lambda name: KeptVersion.select(KeptVersion.version).where(KeptVersion.name == name)
)


def kept_while_unchanged(name: str, key, read) -> tuple:
    """`read()` for `key` as this process read it at the version of `name` the database holds
    now, read again when the version has moved: (the version, or None when nothing is kept,
    and what `read()` answered). The version is read first: a write after it gives the next
    request a new one. What is kept is shared by every request: never change it."""
    version = _VERSION.scalar(name)
    return version, kept_at(version, name, key, read)


def kept_at(version, name: str, key, read, still_true=None):
    """`read()` for `key` in the memo `name`, kept in this process with `version` (read by the
    caller) and read again when another version is asked for, or when `still_true(value)` says
    the kept value no longer holds. None: no version, nothing is kept."""
    app = current_app._get_current_object()
    if version is None or not app.config["KERNEL_CACHES"]:
        return read()
    values = app.extensions.setdefault("tif_kept", {}).setdefault(name, {})
    known = values.get(key)
    if known is None or known[0] != version or (still_true and not still_true(known[1])):
        if len(values) >= MAX_ENTRIES:
            values.clear()
        known = values[key] = (version, read())
    return known[1]
