"""Statistics read once for the whole country and kept for a few minutes in each process.

The base cells do not depend on who reads them – each reader is given the units of their own
scope. They are suppressed once and stored when released (released.py), which every process
and host shares through the database; what is kept here saves reading them for 90 police
areas and some 300 area and municipality pairs on every page (docs/design.md, "Budgets").
The key they are kept under changes with every release and embargo change, so a process
never shows figures another has not; STATISTICS_CACHE_SECONDS bounds how long a process
holds them. Off in the test suite, unless set there.
"""

import time

from flask import current_app

DEFAULT_SECONDS = 300
_kept: dict = {}


def kept(name: str, key, compute):
    """compute(), or what it answered for the same `key` within the last few minutes."""
    seconds = current_app.config.get("STATISTICS_CACHE_SECONDS")
    if seconds is None:
        seconds = 0 if current_app.config["TESTING"] else DEFAULT_SECONDS
    if not seconds:
        return compute()
    key = (key, int(time.time() // seconds))
    found = _kept.get(name)
    if found is not None and found[0] == key:
        return found[1]
    value = compute()
    _kept[name] = (key, value)
    return value
