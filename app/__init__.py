"""The TIF portal: create_app() wires configuration, the kernel, the features and commands."""

import functools

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app import config as settings
from app import db, features, i18n, jobs, logs, security, templating

csrf = CSRFProtect()
login_manager = LoginManager()


class Portal(Flask):
    jinja_environment = templating.PortalEnvironment

    @functools.lru_cache(maxsize=512)  # noqa: B019  (the app lives as long as its process)
    def ensure_sync(self, func):
        """Flask's answer, kept per function: Flask asks it again for every hook of every
        request (17 on a page, 4 µs each, to learn that a plain function is plain)."""
        return super().ensure_sync(func)


def create_app(config: dict | None = None) -> Flask:
    app = Portal(
        __name__,
        template_folder=str(settings.ROOT / "templates"),
        static_folder=str(settings.ROOT / "static"),
        instance_path=str(settings.INSTANCE),
    )
    app.config.update(settings.from_environment())
    app.config.update(config or {})
    settings.check_production(app.config)
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # bound to the session, which has its own limits
        SEND_FILE_MAX_AGE_DEFAULT=31536000,  # static URLs carry a content hash
        MAX_FORM_MEMORY_SIZE=app.config["MAX_CONTENT_LENGTH"],
    )
    app.url_map.converters["int"] = RowIdConverter
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logs.init_app(app)
    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    jobs.init_app(app)
    csrf.init_app(app)
    _init_login(app)
    templating.init_app(app)
    _init_features(app)

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
    from flask_babel import lazy_gettext as _l

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are server-side and rotated at login


def _init_features(app: Flask) -> None:
    """Every feature folder's manifest: its models, views and jobs are imported, its blueprint
    registered, its capabilities and audit actions collected, then its setup runs."""
    from app import models  # noqa: F401  (every feature's models, in dependency order)

    for feature in features.features():
        for module in (feature.views, feature.jobs):
            if module:
                feature.module(module)
        if feature.blueprint is not None:
            app.register_blueprint(feature.blueprint)
    security.register_capabilities(features.merged("capabilities"))
    for feature in features.features():
        if feature.setup:
            feature.function(feature.setup)(app)
    _check_declared_capabilities(app)


def _check_declared_capabilities(app: Flask) -> None:
    """A view guarded by a capability no feature declares fails at start, not at first use."""
    for endpoint, view in app.view_functions.items():
        capability = getattr(view, "capability", None)
        if capability is not None and capability not in security.CAPABILITIES:
            raise RuntimeError(f"{endpoint} requires {capability!r}, which no feature declares")
