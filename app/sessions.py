"""Sessions. A logged-in user's session lives on the server: the cookie holds a random token,
the database only its hash, and the row is read together with its user in one query. An
anonymous visitor gets no row at all: what their session holds (a form's CSRF token, the
chosen language, a login waiting for its second factor) travels in a signed cookie, so
anonymous requests cannot fill the session table.

`session_user()` is the one reader of the session's user for the rest of the request
(flask-login's user loader among them).
"""

import json
from datetime import timedelta

from flask import Flask, g, request
from flask.sessions import SessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import CallbackDict

from app.db import database, utcnow
from app.security import hash_token, new_token

SESSION_ABSOLUTE = timedelta(hours=12)
SESSION_IDLE_STAFF = timedelta(minutes=30)
# Shop computers at the counter are often shared: business sessions end after an idle hour.
SESSION_IDLE_BUSINESS = timedelta(hours=1)
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
MAX_COOKIE_LENGTH = 3000


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
    """Logged-in sessions in a table (`model`: token_hash, user, data, created_at, last_seen,
    and `device` when `describe` is given); anonymous ones in a signed cookie.
    `load(token_hash)` answers the session row with its user (and whatever the pages need of
    the user's scope) in one query, or None. `describe(user_agent)` names the device for the
    user's list of sessions."""

    def __init__(self, model, load, describe=None):
        self.model = model
        self.load = load
        self.describe = describe

    def cookie_name(self, app):
        return "__Host-tif" if app.config["HTTPS"] else "tif_session"

    def anonymous_cookie_name(self, app):
        return "__Host-tif-anon" if app.config["HTTPS"] else "tif_anon"

    def _signer(self, app):
        return URLSafeTimedSerializer(
            app.config["SECRET_KEY"],
            salt="anonymous-session",
            serializer_kwargs={"default": str},  # flash messages may be lazy strings
        )

    def open_session(self, app, request):
        token = request.cookies.get(self.cookie_name(app))
        if token and len(token) <= 100:
            row = self._row(token)
            if row is not None:
                g.session_user = row.user
                try:
                    data = json.loads(row.data)
                except ValueError:
                    data = {}
                return ServerSession(data, token=token, row=row)
        signed = request.cookies.get(self.anonymous_cookie_name(app))
        if signed and len(signed) <= MAX_COOKIE_LENGTH:
            try:
                data = self._signer(app).loads(signed, max_age=SESSION_ABSOLUTE.total_seconds())
            except BadSignature:
                data = None
            if isinstance(data, dict):
                return ServerSession(data)
        return ServerSession()

    def _row(self, token):
        """The live session row of this token with its user, or None (an expired row is
        deleted on the way)."""
        database.connect(reuse_if_open=True)
        row = self.load(hash_token(token))
        if row is not None and self._expired(row):
            row.delete_instance()
            return None
        return row

    def _expired(self, row) -> bool:
        now = utcnow()
        idle_limit = SESSION_IDLE_STAFF if row.user.is_staff else SESSION_IDLE_BUSINESS
        return now - row.created_at > SESSION_ABSOLUTE or now - row.last_seen > idle_limit

    def _cookie_options(self, app):
        return {"httponly": True, "secure": app.config["HTTPS"], "samesite": "Lax", "path": "/"}

    def _forget(self, app, response, name):
        if request.cookies.get(name):
            response.delete_cookie(name, **self._cookie_options(app))

    def save_session(self, app, session, response):
        if session.regenerate and session.row is not None:
            session.row.delete_instance()
            session.row = None
            session.token = None
        user_id = session.get("_user_id")
        if not user_id:
            self._save_anonymous(app, session, response)
            return
        self._forget(app, response, self.anonymous_cookie_name(app))
        now = utcnow()
        Session = self.model
        if session.row is None:
            token, token_hash = new_token()
            device = {"device": self.describe(request.user_agent.string)} if self.describe else {}
            Session.create(
                token_hash=token_hash,
                user=int(user_id),
                data=json.dumps(dict(session), default=str),
                created_at=now,
                last_seen=now,
                **device,
            )
            response.set_cookie(self.cookie_name(app), token, **self._cookie_options(app))
            response.vary.add("Cookie")
            return
        changes = {}
        if session.modified:
            changes["data"] = json.dumps(dict(session), default=str)
        if session.modified or now - session.row.last_seen >= LAST_SEEN_RESOLUTION:
            changes["last_seen"] = now
        if changes:
            Session.update(changes).where(Session.token_hash == session.row.token_hash).execute()

    def _save_anonymous(self, app, session, response):
        if session.row is not None:  # logged out without a rotation: the row goes anyway
            session.row.delete_instance()
            session.row = None
        self._forget(app, response, self.cookie_name(app))
        name = self.anonymous_cookie_name(app)
        if not session:
            self._forget(app, response, name)
            return
        if session.modified or session.regenerate or not request.cookies.get(name):
            signed = self._signer(app).dumps(dict(session))
            response.set_cookie(name, signed, **self._cookie_options(app))
            response.vary.add("Cookie")


def current_token_hash() -> str | None:
    """The hash under which this request's logged-in session is stored (None: not yet stored,
    or anonymous): the user's list of sessions marks it, and ending the others keeps it."""
    from flask import session

    token = getattr(session, "token", None)
    return hash_token(token) if token else None


def init_app(app: Flask, session_model, load, login_manager, describe=None) -> None:
    """Sessions in `session_model`'s table, read by `load`; flask-login takes its user from the
    session row. `describe(user_agent)`: the device a new session is shown as."""
    app.session_interface = DatabaseSessionInterface(session_model, load, describe)

    @login_manager.user_loader
    def load_user(user_id):
        user = session_user()
        if user is not None and str(user.id) == user_id and user.is_active:
            return user
        return None
