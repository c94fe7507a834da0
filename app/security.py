"""Roles, capabilities and scopes; server-side sessions; headers; per-IP throttling.

Every view that loads non-national data goes through `scoped()` / `get_in_scope()`, and every
view that needs a capability uses `@requires()`: out of scope answers 404, a missing
capability 403, and an anonymous visitor is sent to the login page.
"""

import functools
import hashlib
import json
import secrets
from datetime import timedelta

import peewee as pw
from flask import Flask, abort, current_app, g, request
from flask.sessions import SessionInterface, SessionMixin
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.datastructures import CallbackDict

from app.db import database, utcnow

# capability -> roles that have it (DESIGN.md, "Who uses it, and what each may see").
CAPABILITIES = {
    "business_self": {"business"},
    "view_businesses": {"police", "municipality", "admin"},
    "manage_businesses": {"police", "municipality", "admin"},
    "view_audit": {"police", "municipality", "customs", "admin"},
    "administer": {"admin"},
    "two_factor": {"police", "municipality", "customs", "county", "admin"},
}

SESSION_ABSOLUTE = timedelta(hours=12)
SESSION_IDLE_STAFF = timedelta(minutes=30)
# Shop computers at the counter are often shared: business sessions end after an idle hour.
SESSION_IDLE_BUSINESS = timedelta(hours=1)
LAST_SEEN_RESOLUTION = timedelta(minutes=1)

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A random token for a link or cookie, and the hash that is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


# ---------------------------------------------------------------- capabilities and scopes


def can(capability: str, user=None) -> bool:
    user = user or current_user
    return bool(user.is_authenticated) and user.role in CAPABILITIES[capability]


def requires(capability: str):
    """View decorator: login for anonymous visitors, 403 for a role without the capability."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not can(capability):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def scope_condition(model, user=None):
    """The WHERE clause that limits `model` to what `user` may see.

    A scoped model declares `scope = {"area": field name, "municipality": ..., "business": ...}`.
    """
    user = user or current_user
    fields = {kind: getattr(model, name) for kind, name in model.scope.items()}
    role = user.role
    if role == "admin":
        return pw.SQL("1 = 1")
    if role == "business":
        return fields["business"] == user.business_id if "business" in fields else pw.SQL("1 = 0")
    if role == "municipality" and "municipality" in fields:
        return fields["municipality"] == user.municipality_id
    if "area" not in fields:
        return pw.SQL("1 = 0")
    area_ids = user.area_ids()
    return pw.SQL("1 = 1") if area_ids is None else fields["area"].in_(area_ids)


def scoped(model, user=None, query=None):
    """`model.select()` (or the given query) narrowed to the user's scope."""
    query = model.select() if query is None else query
    return query.where(scope_condition(model, user))


def get_in_scope(model, object_id, user=None, query=None):
    """One object in the user's scope, or 404 (also for ids that exist elsewhere)."""
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        abort(404)
    if not 0 < object_id < 2**63:
        abort(404)
    obj = scoped(model, user, query).where(model.id == object_id).first()
    if obj is None:
        abort(404)
    return obj


# ---------------------------------------------------------------- server-side sessions


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


# ---------------------------------------------------------------- headers

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def init_app(app: Flask, session_model) -> None:
    app.session_interface = DatabaseSessionInterface(session_model)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if app.config["HTTPS"]:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        if current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        return response
