"""The kernel's per-request shortcuts change nothing a person sees.

- Every page every demo account reaches, in both languages, plain and as HTMX asks for it, is
  the same with the memos and shortcuts on and off (app/caches.py: the dates as flask-babel
  formats them, the home panels rendered one by one; CSRF tokens and random secrets masked).
- What a memo holds changes at once when what it depends on changes: an area's name or
  phone, the language, logging out.
- The shortcuts that lean on a library's internals fail here, loudly, if an upgrade changes
  them: the prepared session query and rows (peewee), the catalogue memo (flask-babel), the
  skipped rate-limit check (flask-limiter), the templates' plain globals (Jinja).
"""

import io
import re
import zipfile

import pytest
from conftest import DEMO_ACCOUNTS, without_csrf_tokens
from crawler import crawl
from flask import g

from app import features
from app.accounts.models import Session, User
from app.accounts.queries import session_with_user
from app.areas.models import Area
from app.db import PreparedSelect, count_queries, fields_of
from app.security import hash_token, limiter

MASKS = (
    re.compile(r'(<code class="secret">)[^<]+'),  # a new two-factor secret on every visit
    re.compile(r'(<svg role="img" aria-label="[^"]*")[^\n]*'),  # and its QR code
    re.compile(r"(invitation=)[\w.-]+"),  # signed with the time
    re.compile(r'("(?:exported_at|last_active_at)": ")[^"]+'),  # the data download's clock
)


def masked(text: str) -> str:
    text = without_csrf_tokens(text)
    for mask in MASKS:
        text = mask.sub(lambda match: match.group(1) + "…", text)
    return text


def shown(response):
    """What a person gets: the page (masked), or a download's content without the moment it
    was made (an XLSX file's properties, a PDF's creation date)."""
    if response.mimetype.startswith("text/") or response.is_json:
        return masked(response.get_data(as_text=True))
    data = response.get_data()
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}
    return re.sub(rb"/CreationDate \(D:[^)]*\)", b"", data)


@pytest.fixture
def caches(app):
    def set_to(on: bool):
        app.config["KERNEL_CACHES"] = on

    yield set_to
    set_to(True)


@pytest.mark.parametrize("email", [None, *DEMO_ACCOUNTS])
def test_every_page_is_the_same_with_and_without_the_memos(app, as_user, caches, email):
    for language in ("sv", "en"):
        browser = as_user(email)
        browser.get(f"/language/{language}")
        pages = crawl(app, browser, ["/home"] if email else ["/", "/login"])
        assert pages
        for path in pages:
            for headers in ({}, {"HX-Request": "true"}):
                caches(True)
                browser.get(path, headers=headers)  # fills the memos
                remembered = browser.get(path, headers=headers)
                caches(False)
                made = browser.get(path, headers=headers)
                caches(True)
                assert remembered.status_code == made.status_code, (email, path, headers)
                assert shown(remembered) == shown(made), (email, language, path)


def test_an_area_renamed_or_given_a_new_phone_shows_at_once(app, as_user, db):
    shop = as_user("ombud@example.com")
    visitor = as_user(None)
    assert "Frågor om arbetet i Sundsvall" in shop.get("/home").text
    assert "Frågor om arbetet i Sundsvall" in visitor.get("/sundsvall/").text
    Area.update(name="Sundsvall-Timrå", contact_phone="+46701740699").where(
        Area.slug == "sundsvall"
    ).execute()
    for page in (shop.get("/home").text, visitor.get("/sundsvall/").text):
        assert "Frågor om arbetet i Sundsvall-Timrå" in page
        assert 'href="tel:+46701740699"' in page


def test_the_language_and_logging_out_show_at_once(as_user):
    police = as_user("polis@example.com")
    assert ">Anslutna verksamheter</a>" in police.get("/home").text
    police.get("/language/en")
    assert ">Connected businesses</a>" in police.get("/home").text
    police.post("/logout", data={})
    page = police.get("/login").text
    assert "Connected businesses" not in page and 'href="/login">Log in</a>' in page


def test_the_prepared_session_query_reads_what_peewee_reads(app, as_user, db):
    """One query with the user and their scope, hydrated from SQL that peewee wrote once:
    the same values as peewee's own query, and nothing marked changed."""
    for email in (
        "ombud@example.com",
        "polis@example.com",
        "tull@example.com",
        "admin@example.com",
    ):
        browser = as_user(email)
        token = browser.get_cookie("tif_session").value
        with count_queries() as queries:
            session = session_with_user(hash_token(token))
        assert len(queries) == 1
        user = User.get(User.email == email)
        assert session.user.__data__ == user.__data__
        assert session.token_hash == hash_token(token)
        assert not session.user._dirty and not session._dirty
        for relation in ("business", "area", "municipality", "customs_region", "county"):
            expected = getattr(user, relation)
            with count_queries() as lazy:
                loaded = getattr(session.user, relation)
            assert not lazy, relation  # loaded with the session, not fetched again
            assert (loaded and loaded.__data__) == (expected and expected.__data__)
        if user.business_id:
            assert session.user.business.area.__data__ == user.business.area.__data__
    assert session_with_user(hash_token("no such token")) is None
    assert Session.select().count() >= 4


def test_a_business_home_costs_the_session_query_and_one_per_feature_panel_or_badge(app, as_user):
    """The kernel's part is the one session query; each feature's home panel and menu badge
    that the business sees may add one (app/features.py)."""
    shop = as_user("ombud@example.com")
    shop.get("/home")
    with app.test_request_context():
        user = User.get(User.email == "ombud@example.com")
        panels = [p for _f, p in features._seen_by(user, "home_panels") if p.context]
        badges = [m for _f, m in features.menu_for(user) if m.badge]
    with count_queries() as queries:
        assert shop.get("/home").status_code == 200
    assert 'FROM "session"' in str(queries[0])
    assert len(queries) <= 1 + len(panels) + len(badges), queries


def test_flask_babel_keeps_the_request_locale_where_the_catalogue_memo_reads_it(app):
    from flask_babel import get_locale

    from app.i18n import catalogue

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        locale = get_locale()
        assert g._flask_babel.babel_locale is locale  # flask-babel 4.0's place for it
        assert catalogue().ugettext("Log out") == "Log out"
    with app.test_request_context("/"):
        assert catalogue().ugettext("Log out") == "Logga ut"


def test_flask_login_keeps_the_request_user_where_the_block_key_reads_it(app, demo):
    """Kept blocks are keyed by the role of the request's user, known once per request and
    user: flask-login 0.6 keeps that user in g._login_user, also after a login mid-request."""
    from flask_login import current_user, login_user

    from app.templating import _page_key

    with app.test_request_context("/"):
        assert _page_key()[2] is None  # anonymous
        login_user(User.get(User.email == "polis@example.com"))
        assert g._login_user is current_user._get_current_object()
        assert _page_key()[2] == "police"


def test_limits_are_checked_by_the_limited_views_alone(app, client):
    """flask-limiter 4.1's decorated views check their limits in their own wrappers; its
    before-request hook, which the portal drops, would only add default limits it has none of."""
    assert limiter._check_request_limit not in app.before_request_funcs[None]
    assert client.get("/privacy").status_code == 200
    statuses = [
        client.post("/login", data={"email": "x@example.com", "password": "y"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [422] * 10 and statuses[-1] == 429


def test_template_strings_read_as_jinja_would_have_them(app):
    """The direct _() of the templates keeps Jinja's newstyle rules: markup out, variables
    escaped in, `num` for plurals, a context for pgettext."""
    with app.test_request_context("/"):
        render = app.jinja_env.from_string
        assert render("{{ _('Log out') }}").render() == "Logga ut"
        assert render("{{ _('Page %(n)s', n='<b>') }}").render() == "Sida &lt;b&gt;"
        assert (
            render(
                "{{ ngettext('%(num)s request is waiting.', '%(num)s requests are waiting.', 3) }}"
            ).render()
            == "3 ansökningar väntar."
        )
        assert render("{{ pgettext('account', 'Active') }}").render() == "Aktiv"
        assert render("{{ pgettext('businesses', 'Active') }}").render() == "Aktiva"


def test_templates_copy_their_globals_from_a_plain_dict(app):
    """Jinja 3.1 makes a template's globals with Environment.make_globals, which the portal
    overrides (app/templating.py): every global is there, in a dict copied cheaply."""
    template = app.jinja_env.get_template("base.html")
    assert type(template.globals) is dict
    assert template.globals.items() >= app.jinja_env.globals.items()
    assert "static_url" in template.globals and "_" in template.globals


def test_dates_read_as_flask_babel_writes_them(app):
    """The date filters give what flask-babel's format_date() and format_datetime() give, in
    both languages, in summer and winter time and across the changes between them."""
    from datetime import UTC, date, datetime, timedelta

    from flask_babel import force_locale, format_date, format_datetime

    render = app.jinja_env.from_string
    template = render("{{ v|date_text }}|{{ v|date_iso }}")
    minute = render("{{ v|datetime_iso }}")
    moments = [datetime(2026, 3, 28, 22, 0) + timedelta(minutes=37 * i) for i in range(120)]
    moments += [datetime(2026, 10, 24, 23, 30) + timedelta(minutes=29 * i) for i in range(120)]
    moments += [datetime(1999, 12, 31, 23, 59), datetime(2026, 6, 1, 12, 0, tzinfo=UTC)]
    for language in ("sv", "en"):
        with app.test_request_context("/"), force_locale(language):
            for value in [*moments, date(2026, 11, 30), date(2027, 1, 1)]:
                expected = f"{format_date(value, 'long')}|{format_date(value, 'yyyy-MM-dd')}"
                assert template.render(v=value) == expected, value
                if isinstance(value, datetime):
                    assert minute.render(v=value) == format_datetime(value, "yyyy-MM-dd HH:mm")


def test_a_scoped_prepared_list_reads_what_scoped_reads(app, demo):
    """The requests to join are a ScopedSelect (SQL written once per kind of scope): for every
    demo account, each role and place, the same rows and count as scoped() reads, and a
    request of another area is never among them."""
    from app.joining.models import JoinRequest
    from app.joining.queries import _PENDING, _PENDING_COUNT
    from app.security import scoped

    with app.test_request_context():
        counts = {}
        for email in DEMO_ACCOUNTS:
            user = User.get(User.email == email)
            pending = JoinRequest.select().where(JoinRequest.status == "pending")
            expected = [
                r.id for r in scoped(JoinRequest, user, pending).order_by(JoinRequest.created_at)
            ]
            rows = _PENDING.all(user, 100, 0)
            assert [request.id for request, _area, _municipality in rows] == expected, email
            assert all(area.id == request.area_id for request, area, _m in rows), email
            assert _PENDING_COUNT.scalar(user) == len(expected), email
            counts[DEMO_ACCOUNTS[email]] = len(expected)
        assert counts["admin"] > counts["police"] > 0 and counts["business"] == 0


def test_a_prepared_row_is_what_peewee_loads(app, demo):
    """db.instance() sets up a model instance as peewee 4.5's Model.__init__ does, without
    its setattr per field: the same data, nothing marked changed, related rows loaded on
    demand, and a change saved as peewee would save it."""
    from app.db import fields_of, instance

    with app.test_request_context():
        loaded = User.get(User.email == "ombud@example.com")
        made = instance(User, fields_of(User), [loaded.__data__[f.name] for f in fields_of(User)])
        assert made.__data__ == loaded.__data__ and made._dirty == loaded._dirty == set()
        assert made.__rel__ == {} and made.business.name == loaded.business.name
        made.name = "Kim Ombud"
        assert made._dirty == {"name"} and made.save() == 1
        assert User.get_by_id(loaded.id).name == "Kim Ombud"


def test_prepared_rows_of_every_model_are_what_peewee_loads(app, demo):
    """PreparedSelect takes the values of text and integer columns as the driver answers them
    (their python_value would change nothing) and converts the others: for every model's
    demo rows, the same values of the same types as peewee's own."""
    from app.models import MODELS

    with app.test_request_context():
        for model in MODELS:
            order = model._meta.sorted_fields
            by_peewee = list(model.select().order_by(*order).limit(20))
            prepared = PreparedSelect(
                (model,),
                lambda model=model, order=order: (
                    model.select(*fields_of(model)).order_by(*order).limit(20)
                ),
                arity=0,
            ).all()
            assert len(prepared) == len(by_peewee), model.__name__
            for (row,), expected in zip(prepared, by_peewee, strict=True):
                typed = {name: (type(v), v) for name, v in row.__data__.items()}
                assert typed == {n: (type(v), v) for n, v in expected.__data__.items()}, model
