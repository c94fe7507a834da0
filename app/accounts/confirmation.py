"""Re-authentication before a change to an account's safety (its email address, its second
factor, another account's second factor): the person gives their password (and code) again
unless they did so – or logged in – within the last ten minutes. A session left open at a
shared counter computer is then not enough to take the account over."""

import functools
from datetime import timedelta

from flask import redirect, request, session, url_for

from app.db import utcnow

WINDOW = timedelta(minutes=10)


def mark_confirmed() -> None:
    session["confirmed_at"] = utcnow().timestamp()


def recently_confirmed() -> bool:
    at = session.get("confirmed_at")
    if not isinstance(at, int | float):
        return False
    return 0 <= utcnow().timestamp() - at < WINDOW.total_seconds()


def confirmation_required(view):
    """View decorator (inside `@requires`): the confirmation page first, then back here."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not recently_confirmed():
            target = url_for("accounts.confirm_identity", next=request.path)
            return redirect(target, code=303)
        return view(*args, **kwargs)

    return wrapped
