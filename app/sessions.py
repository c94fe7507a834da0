"""Server-side sessions: the cookie holds a random token, the database only its hash.

The session row is read together with its user in one query; `session_user()` is the one
reader of that user for the rest of the request (flask-login's user loader among them).
"""

import json
from datetime import timedelta

import peewee as pw
from flask import Flask, g, request
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from app.db import database, utcnow
from app.security import hash_token, new_token

SESSION_ABSOLUTE = timedelta(hours=12)
SESSION_IDLE_STAFF = timedelta(minutes=30)
# Shop computers at the counter are often shared: business sessions end after an idle hour.
SESSION_IDLE_BUSINESS = timedelta(hours=1)
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def session_user():
    """The user whose session this request carries (None: anonymous), as loaded with it."""
    return g.get("session_user")


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, token=None, row=None):
        def on_update(self):
            self.modified = True

        super().__init__(initial, on_update)
        self.token = token
        self.row = row
        self.modified = False
        self.regenerate = False

    def rotate(self):
        """New token and empty data (login, logout, password change): no session fixation.
        Only the chosen language carries over."""
        language = self.get("lang")
        self.clear()
        if language:
            self["lang"] = language
        self.regenerate = True


class DatabaseSessionInterface(SessionInterface):
    """Sessions in a table (`model`: token_hash, user, data, created_at, last_seen)."""

    def __init__(self, model):
        self.model = model

    def cookie_name(self, app):
        return "__Host-tif" if app.config["HTTPS"] else "tif_session"

    def open_session(self, app, request):
        token = request.cookies.get(self.cookie_name(app))
        if not token or len(token) > 100:
            return ServerSession()
        Session = self.model
        user_model = Session.user.rel_model
        database.connect(reuse_if_open=True)
        row = (
            Session.select(Session, user_model)
            .join(user_model, pw.JOIN.LEFT_OUTER)
            .where(Session.token_hash == hash_token(token))
            .first()
        )
        if row is None or self._expired(row):
            if row is not None:
                row.delete_instance()
            return ServerSession()
        g.session_user = row.user if row.user_id else None
        try:
            data = json.loads(row.data)
        except ValueError:
            data = {}
        return ServerSession(data, token=token, row=row)

    def _expired(self, row) -> bool:
        now = utcnow()
        if now - row.created_at > SESSION_ABSOLUTE:
            return True
        if row.user_id is None:
            idle_limit = SESSION_ABSOLUTE
        else:
            idle_limit = SESSION_IDLE_STAFF if row.user.is_staff else SESSION_IDLE_BUSINESS
        return now - row.last_seen > idle_limit

    def save_session(self, app, session, response):
        name = self.cookie_name(app)
        cookie = {
            "httponly": True,
            "secure": app.config["HTTPS"],
            "samesite": "Lax",
            "path": "/",
        }
        if session.regenerate and session.row is not None:
            session.row.delete_instance()
            session.row = None
            session.token = None
        if not session and session.row is None:
            if request.cookies.get(name):
                response.delete_cookie(
                    name, **{k: cookie[k] for k in ("path", "secure", "samesite", "httponly")}
                )
            return
        now = utcnow()
        user_id = session.get("_user_id")
        Session = self.model
        if session.row is None:
            token, token_hash = new_token()
            Session.create(
                token_hash=token_hash,
                user=int(user_id) if user_id else None,
                data=json.dumps(dict(session), default=str),
                created_at=now,
                last_seen=now,
            )
            response.set_cookie(name, token, **cookie)
            response.vary.add("Cookie")
            return
        changes = {}
        if session.modified:
            changes["data"] = json.dumps(dict(session), default=str)
            changes["user"] = int(user_id) if user_id else None
        if session.modified or now - session.row.last_seen >= LAST_SEEN_RESOLUTION:
            changes["last_seen"] = now
        if changes:
            Session.update(changes).where(Session.token_hash == session.row.token_hash).execute()


def init_app(app: Flask, session_model, login_manager) -> None:
    """Sessions in `session_model`'s table; flask-login takes its user from the session row."""
    app.session_interface = DatabaseSessionInterface(session_model)

    @login_manager.user_loader
    def load_user(user_id):
        user = session_user()
        if user is not None and str(user.id) == user_id and user.is_active:
            return user
        return None
