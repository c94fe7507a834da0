"""The kernel's template globals and filters. Features add theirs with their blueprint's
`app_template_global` / `app_template_filter`.

What every page repeats – asset URLs, the menu, the footer and other fragments that depend
only on the language, the role or an area's settings – is made once per key (app/caches.py).
"""

import hashlib
from functools import cache

from babel.lists import format_list
from flask import Flask, current_app, g, render_template, request, url_for
from flask.templating import Environment
from flask_babel import format_number, format_percent
from flask_login import current_user
from markupsafe import Markup

from app import config, features, security
from app.caches import memo
from app.charts import bar_chart
from app.forms import format_phone, format_postcode, tel_uri
from app.i18n import format_day, format_minute, request_locale


@cache
def _static_hash(path: str) -> str:
    return hashlib.sha256((config.ROOT / "static" / path).read_bytes()).hexdigest()[:10]


def static_url(path: str) -> str:
    """A static file's URL, with its content's hash so that browsers may keep it a year."""
    return memo(
        "static",
        (request.script_root, path),
        lambda: url_for("static", filename=path, v=_static_hash(path)),
    )


def current_locale() -> str:
    """The request's language code ("sv"), worked out once per request and locale."""
    locale = request_locale()
    known = g.get("_tif_locale_code")
    if known is None or known[0] is not locale:
        known = g._tif_locale_code = (locale, str(locale))
    return known[1]


def navigation():
    """The main menu of the logged-in user: (endpoint, URL, label, badge count or None). The
    entries depend on the role and the language only; the badges are counted per request."""
    user = current_user._get_current_object()  # read a dozen times: not through the proxy

    def entries():
        return [
            (entry.endpoint, url_for(entry.endpoint), str(entry.label), feature, entry.badge)
            for feature, entry in features.menu_for(user)
        ]

    key = (user.role, current_locale(), request.script_root)
    return [
        (endpoint, url, label, feature.function(badge)(user) if badge else None)
        for endpoint, url, label, feature, badge in memo("menu", key, entries)
    ]


def fragment(template: str, **context) -> Markup:
    """A template rendered once per language and `context` (plain values only: they are the
    key), for the parts of pages that change with nothing else."""
    key = (template, current_locale(), request.script_root, tuple(sorted(context.items())))
    return memo("fragment", key, lambda: Markup(render_template(template, **context)))


def render_each(parts) -> list[Markup]:
    """Each (template, context) of `parts` rendered as render_template() would, but the
    context processors run once for all of them (about 0.1 ms a run: a home page has six
    panels)."""
    if not current_app.config["KERNEL_CACHES"]:  # one by one (the identity test)
        return [Markup(render_template(template, **context)) for template, context in parts]
    shared = {}
    current_app.update_template_context(shared)
    environment = current_app.jinja_env
    return [
        Markup(environment.get_template(template).render({**shared, **context}))
        for template, context in parts
    ]


def join_list(items) -> str:
    """["Sundsvall", "Timrå"] -> "Sundsvall och Timrå" (in English: "Sundsvall and Timrå")."""
    items = [str(item) for item in items]
    return format_list(items, locale=request_locale()) if items else ""


def link(url: str, text: str) -> Markup:
    """A link to put into a translated sentence (both parts escaped)."""
    return Markup('<a href="{}">{}</a>').format(url, text)


class PortalEnvironment(Environment):
    """Flask's Jinja environment, but a template's globals are a plain dict: every render
    copies them into its context, and Jinja's ChainMap (which lets globals change after a
    template is loaded) costs about 50 µs per render to copy, seven renders on the business
    home. Every global is set while the app is made, before the first template loads."""

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def init_app(app: Flask) -> None:
    @app.context_processor
    def the_user_itself():
        # Templates read the user a dozen times a page: the object, not flask-login's proxy
        # (which looks the user up again at every attribute).
        return {"current_user": current_user._get_current_object()}

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        can=security.can,
        link=link,
        bar_chart=bar_chart,
        format_percent=format_percent,
        static_url=static_url,
        navigation=navigation,
        fragment=fragment,
        current_locale=current_locale,
    )
    # One date format: long dates in running text, ISO dates in tables (in local time).
    app.jinja_env.filters.update(
        format_number=format_number,
        date_text=lambda value: format_day(value, "long"),
        date_iso=lambda value: format_day(value, "yyyy-MM-dd"),
        datetime_iso=format_minute,
        join_list=join_list,
        phone=format_phone,
        tel_uri=tel_uri,
        postcode=format_postcode,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
