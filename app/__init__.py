"""The TIF portal: create_app() wires configuration, kernel, features and commands."""

import hashlib
import importlib
import logging
from functools import cache

from flask import Flask, session, url_for
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app import config as settings
from app import db, i18n, jobs, security

csrf = CSRFProtect()
login_manager = LoginManager()


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(settings.ROOT / "templates"),
        static_folder=str(settings.ROOT / "static"),
        instance_path=str(settings.INSTANCE),
    )
    app.config.update(settings.from_environment())
    app.config.update(config or {})
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # bound to the session, which has its own limits
        SEND_FILE_MAX_AGE_DEFAULT=31536000,  # static URLs carry a content hash
        MAX_FORM_MEMORY_SIZE=app.config["MAX_CONTENT_LENGTH"],
    )
    app.url_map.converters["int"] = RowIdConverter
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    from app import models

    db.init_app(app)
    security.init_app(app, session_model=models.Session)
    i18n.init_app(app)
    jobs.init_app(app)
    csrf.init_app(app)
    _init_login(app)
    _register_blueprints(app)
    _init_templates(app)

    from app import errors, mail
    from app.cli import register_commands

    errors.init_app(app)
    app.teardown_appcontext(mail.flush_outbox)
    register_commands(app)
    return app


class RowIdConverter(IntegerConverter):
    """<int:…> in URLs: only numbers a database id can hold; anything larger is simply a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def _init_login(app: Flask) -> None:
    from flask import g
    from flask_babel import lazy_gettext as _l

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are server-side and rotated at login

    @login_manager.user_loader
    def load_user(user_id):
        # The session row was loaded together with its user (one query per request).
        user = g.get("session_user")
        if user is not None and str(user.id) == user_id and user.is_active:
            return user
        return None


# Feature folders with pages; the public area pages (/<slug>/) come last.
FEATURES = ("pages", "accounts", "joining", "businesses", "prospects", "admin", "audit", "public")


def _register_blueprints(app: Flask) -> None:
    """Each feature's __init__ holds its blueprint and its views module adds the routes; the
    views are loaded only here, so models can import each other's packages freely."""
    for name in FEATURES:
        importlib.import_module(f"app.{name}.views")
        app.register_blueprint(importlib.import_module(f"app.{name}").bp)


@cache
def _static_hash(path: str) -> str:
    return hashlib.sha256((settings.ROOT / "static" / path).read_bytes()).hexdigest()[:10]


def _init_templates(app: Flask) -> None:
    from flask_babel import format_date, format_datetime, format_number, format_percent, get_locale
    from flask_login import current_user

    from app.businesses.models import SITE_TYPE_LABELS, STATUS_LABELS, shown_org_number
    from app.forms import format_phone
    from app.pages.navigation import navigation
    from app.security import can

    def static_url(path: str) -> str:
        return url_for("static", filename=path, v=_static_hash(path))

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        can=can,
        format_percent=format_percent,
        static_url=static_url,
        navigation=navigation,
        current_locale=lambda: str(get_locale()),
        scope_label=lambda: session.get("scope_name") or current_user.scope_label(),
        site_type_label=lambda code: SITE_TYPE_LABELS.get(code, code),
        status_label=lambda code: STATUS_LABELS.get(code, code),
    )
    app.jinja_env.filters.update(
        format_number=format_number,
        format_date=format_date,
        format_datetime=format_datetime,
        phone=format_phone,
        org_number_shown=shown_org_number,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
