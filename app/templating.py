"""The kernel's template globals and filters. Features add theirs with their blueprint's
`app_template_global` / `app_template_filter`.

What every page repeats – asset URLs, the menu, the footer and other fragments that depend
only on the language, the role or an area's settings – is made once per key (app/caches.py).
"""

import hashlib
import secrets
from functools import cache

from babel.lists import format_list
from flask import Flask, current_app, g, render_template, request, session, url_for
from flask.templating import Environment
from flask_babel import format_number, format_percent
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from peewee import Model

from app import config, features, security
from app.caches import memo
from app.charts import bar_chart
from app.forms import format_phone, format_postcode, tel_uri
from app.i18n import format_day, format_minute, locale_in, request_locale


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


def page_header() -> Markup:
    """The page header: the brand, the user's scope, the language links (back to this page) and
    the main menu with its badges. Rendered once per role, language, scope, page and badge
    counts; the menu's entries depend on the role and the language only, its badges (unread
    updates…) are counted per request."""
    user = current_user._get_current_object()  # read a dozen times: not through the proxy
    page = (*_page_key(), request.full_path)  # language, script root, role, this page
    if not user.is_authenticated:
        return _kept("header", page, lambda: render_template("_layout/header.html", menu=None))

    def entries():
        return [
            (entry.endpoint, url_for(entry.endpoint), str(entry.label), feature, entry.badge)
            for feature, entry in features.menu_for(user)
        ]

    listed = memo("menu", page[:3], entries)
    badges = tuple(
        feature.function(badge)(user) if badge else None for *_, feature, badge in listed
    )
    endpoint = request.endpoint

    def render():
        menu = [entry[:3] + (badge,) for entry, badge in zip(listed, badges, strict=True)]
        return render_template("_layout/header.html", menu=menu, current=endpoint)

    return _kept("header", (*page, user.scope_name(), endpoint, badges), render)


def fragment(template: str, **context) -> Markup:
    """A template rendered once per language and `context` (plain values only: they are the
    key), for the parts of pages that change with nothing else."""
    key = (template, current_locale(), request.script_root, tuple(sorted(context.items())))
    return _kept("fragment", key, lambda: render_template(template, **context))


def cached(name: str, *depends_on, caller) -> Markup:
    """`{% call cached("name", row, …) %}…{% endcall %}`: the block rendered once per language,
    role, script root and the values it depends on (a row stands for all its columns, the rows
    loaded with it and what was set on it, such as `unread`), for the parts of list pages that
    repeat unchanged: a queue row, an update's card. What the block shows must come from these
    alone."""
    return _kept("block", (name, *_page_key(), *map(_key_of, depends_on)), caller)


def _page_key() -> tuple:
    """(language, script root, role) of what is rendered now, worked out once per request: a
    list asks for each row (a mail rendered under force_locale, or a user who logged in during
    the request, gets its own)."""
    app_globals = g._get_current_object().__dict__
    locale = locale_in(app_globals)
    user = app_globals.get("_login_user")  # where flask-login keeps the request's user
    known = app_globals.get("_tif_page_key")
    if known is None or known[0] is not locale or known[1] is not user:
        role = getattr(current_user._get_current_object(), "role", None)
        user = app_globals.get("_login_user")
        known = app_globals["_tif_page_key"] = (
            locale,
            user,
            (str(locale), request.script_root, role),
        )
    return known[2]


_ROW_STATE = frozenset({"__data__", "__rel__", "_dirty"})  # a peewee row's own attributes


def _key_of(value):
    if isinstance(value, Model):  # its columns, the rows loaded with it, what was set on it
        key = (type(value), tuple(value.__data__.items()))
        if value.__rel__:
            key += (("rel", *((name, _key_of(row)) for name, row in value.__rel__.items())),)
        set_on_it = vars(value).keys() - _ROW_STATE
        if set_on_it:
            key += (
                ("set", *((name, _key_of(getattr(value, name))) for name in sorted(set_on_it))),
            )
        return key
    if isinstance(value, (list, tuple)):
        return tuple(map(_key_of, value))
    if isinstance(value, dict):
        return tuple((name, _key_of(item)) for name, item in value.items())
    return value


# Where a kept rendering holds a CSRF token: each response puts its own token in its place.
# The marker is secret, so that no text a user wrote can ask for a token.
_TOKEN_SLOT = f"csrf-{secrets.token_hex(16)}"


def _kept(memo_name: str, key, render) -> Markup:
    """`render()` made once per `key` (app/caches.py), with the request's own CSRF token (or,
    inside another kept rendering, the slot for it: the outer one fills it)."""
    text, has_token = memo(memo_name, key, lambda: _with_token_slot(render))
    return Markup(text.replace(_TOKEN_SLOT, csrf_token())) if has_token else text


def _with_token_slot(render) -> tuple[Markup, bool]:
    outer = g.get("_tif_token_slot", False)
    g._tif_token_slot = True
    try:
        text = Markup(render())
    finally:
        g._tif_token_slot = outer
    return text, _TOKEN_SLOT in text


def csrf_token() -> str:
    """The CSRF token for a form; in a kept rendering, the slot for it."""
    return _TOKEN_SLOT if g.get("_tif_token_slot") else request_token()


def request_token() -> str:
    """flask-wtf's CSRF token of the session. Signing one takes about 0.1 ms, and as tokens have
    no time limit of their own (they end with the session), a session's signed token stays
    valid: each process signs it once."""
    known = g.get("_tif_csrf_token")
    if known is None:
        config = current_app.config
        in_session = session.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if in_session is None or config["WTF_CSRF_TIME_LIMIT"] is not None:
            known = generate_csrf()
        else:
            known = memo("csrf_token", in_session, generate_csrf)
        g._tif_csrf_token = known
    return known


def render_panels(parts) -> list[Markup]:
    """Each (template, context) of `parts` – the panels of a home page – rendered as
    render_template() would, once per language, role, script root and context: a panel shows
    what its context holds and nothing else that changes. The context processors run once for
    all the panels rendered."""
    shared = None

    def render(template, context):
        nonlocal shared
        if not current_app.config["KERNEL_CACHES"]:  # as render_template (the identity test)
            return render_template(template, **context)
        if shared is None:
            shared = {}
            current_app.update_template_context(shared)
        return current_app.jinja_env.get_template(template).render({**shared, **context})

    page = _page_key()
    return [
        _kept(
            "panel",
            (template, *page, *map(_key_of, context.items())),
            lambda template=template, context=context: render(template, context),
        )
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
        # (which looks the user up again at every attribute). flask-wtf's csrf_token, which
        # its own context processor sets, is replaced by the kernel's.
        return {"current_user": current_user._get_current_object(), "csrf_token": csrf_token}

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        can=security.can,
        link=link,
        bar_chart=bar_chart,
        format_percent=format_percent,
        static_url=static_url,
        page_header=page_header,
        fragment=fragment,
        cached=cached,
        csrf_token=csrf_token,
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
