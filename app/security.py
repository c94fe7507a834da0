"""Roles, capabilities and scopes; tokens; headers; per-IP throttling.

Every view that loads non-national data goes through `scoped()` / `get_in_scope()`, and every
view that needs a capability uses `@requires()`: out of scope answers 404, a missing
capability 403, and an anonymous visitor is sent to the login page.
"""

import functools
import hashlib
import re
import secrets
from urllib.parse import urlsplit

import peewee as pw
from flask import Flask, abort, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.config import REDIS_TIMEOUTS
from app.db import PreparedSelect

# capability -> the roles that have it; each feature declares its own in its manifest and the
# factory registers them here (docs/design.md, "Roles and scopes").
CAPABILITIES: dict[str, frozenset[str]] = {}

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A random token for a link or cookie, and the hash that is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


# Characters a browser drops or rewrites in a URL (tabs, newlines, other controls, the
# backslash): "/\t/evil.example" would become "//evil.example".
_URL_TRICKS = re.compile(r"[\x00-\x20\x7f-\x9f\\]")


def safe_next(target: str | None) -> str | None:
    """A path on this site to go to after a login or a language switch, or None: never an
    open redirect."""
    if not target or len(target) > 2000 or _URL_TRICKS.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


# ---------------------------------------------------------------- capabilities and scopes


def register_capabilities(declared: dict) -> None:
    CAPABILITIES.clear()
    CAPABILITIES.update({name: frozenset(roles) for name, roles in declared.items()})


def can(capability: str, user=None) -> bool:
    user = current_user._get_current_object() if user is None else user
    return bool(user.is_authenticated) and user.role in CAPABILITIES[capability]


def requires(capability: str | None = None):
    """View decorator: login for anonymous visitors, and 403 for a role without the capability
    (None: every logged-in user may). A view without it is public."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if capability is not None and not can(capability):
                abort(403)
            return view(*args, **kwargs)

        # Read by the factory (is the capability declared?) and the access-matrix tests.
        wrapped.guarded = True
        wrapped.capability = capability
        return wrapped

    return decorator


def public(view):
    """Marks a view that anyone may use, logged in or not (the access-matrix test requires
    every view to be either `@public` or `@requires`)."""
    view.public = True
    return view


def scope_condition(model, user=None):
    """The WHERE clause that limits `model` to what `user` may see.

    A scoped model declares `scope = {"area": field name, "municipality": ..., "business": ...}`;
    `"business_area"` names the area field of rows an area shares with the businesses in it
    (a business user then sees the rows of its own business's area). A model that its own
    columns cannot place that way (an update addressed to a customs region, or to the
    businesses of a place) declares `scope` as a classmethod instead, which answers the
    condition for the user itself.
    """
    user = user or current_user
    if callable(model.scope):
        return model.scope(user)
    fields = {kind: getattr(model, name) for kind, name in model.scope.items()}
    role = user.role
    if role == "admin":
        return pw.SQL("1 = 1")
    if role == "business":
        if "business" in fields:
            return fields["business"] == user.business_id
        if "business_area" in fields:
            business = user.__class__.business.rel_model  # the kernel imports no feature
            own_area = business.select(business.area).where(business.id == user.business_id)
            return fields["business_area"].in_(own_area)
        return pw.SQL("1 = 0")
    if role == "municipality" and "municipality" in fields:
        return fields["municipality"] == user.municipality_id
    if "area" not in fields:
        return pw.SQL("1 = 0")
    if role == "police":
        # One area: an equality, so that the planner uses the (area, …) indexes rather than
        # an index for the ORDER BY (SQLite cannot see through "IN (subquery)").
        return fields["area"] == user.area_id
    area_ids = user.area_ids()
    if area_ids is None:  # national customs: every area, but never rows without one
        return fields["area"].is_null(False)
    return fields["area"].in_(area_ids)


# The user's columns a scope condition reads (which one depends on the role).
SCOPE_IDS = ("business_id", "area_id", "municipality_id", "customs_region_id", "county_id")


class ScopedSelect:
    """A PreparedSelect narrowed to the reading user's scope, for list pages read often: the
    SQL is written once per kind of scope (the role, and which of the user's places are set),
    and the user's ids are bound as values. `build(scope, *markers)` returns the query with the
    condition `scope` in its WHERE; `model` has a scope of columns (not a classmethod)."""

    def __init__(self, model, models, build, arity: int | None = None):
        if callable(model.scope):
            raise TypeError(f"{model.__name__} places its rows itself: scope it per query")
        self.model = model
        self.models = models
        self.build = build
        self.arity = (build.__code__.co_argcount - 1) if arity is None else arity
        self._prepared = {}

    def _for(self, user) -> PreparedSelect:
        key = (user.role, *(getattr(user, name) is None for name in SCOPE_IDS))
        if key not in self._prepared:

            def build(*markers):
                ids = {
                    name: None if getattr(user, name) is None else marker
                    for name, marker in zip(SCOPE_IDS, markers, strict=False)
                }
                stand_in = user.__class__(role=user.role, **ids)  # the user, ids as markers
                return self.build(scope_condition(self.model, stand_in), *markers[len(ids) :])

            self._prepared[key] = PreparedSelect(
                self.models, build, arity=len(SCOPE_IDS) + self.arity
            )
        return self._prepared[key]

    def scope_key(self, user) -> tuple:
        """What decides the rows of the user's scope: the role and the user's places."""
        user = _the_user(user)
        return (user.role, *(getattr(user, name) for name in SCOPE_IDS))

    def _values(self, user, values) -> tuple:
        return (*(getattr(user, name) for name in SCOPE_IDS), *values)

    def scalar(self, user, *values):
        user = _the_user(user)
        return self._for(user).scalar(*self._values(user, values))

    def all(self, user, *values) -> list[list]:
        user = _the_user(user)
        return self._for(user).all(*self._values(user, values))


def _the_user(user):
    """The user object itself: flask-login's proxy looks the user up again at every read."""
    unwrap = getattr(user, "_get_current_object", None)
    return user if unwrap is None else unwrap()


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


# ---------------------------------------------------------------- headers

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _drop_idle_limit_hook(app: Flask) -> None:
    """flask-limiter checks every request for default, application and blueprint limits; the
    portal sets none: its limits are `@limiter.limit` decorators, which check in the view's
    own wrapper. The idle check cost a few percent of every page, so it goes."""
    if app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION"):
        return
    hooks = app.before_request_funcs[None]
    hooks[:] = [hook for hook in hooks if hook != limiter._check_request_limit]


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    if app.config["REDIS_URL"]:
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", dict(REDIS_TIMEOUTS))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    _drop_idle_limit_hook(app)

    defaults = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    if app.config["HTTPS"]:
        defaults.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))

    @app.after_request
    def _headers(response):
        """Each header a view has not set itself: one look at the response's headers rather
        than one per header (each a scan raising a KeyError when missing)."""
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}
        headers.extend([(name, value) for name, value in defaults if name.lower() not in present])
        if current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        return response
