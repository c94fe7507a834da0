"""Languages: Swedish by default, English complete; the session's choice, the account's,
then the browser's.

The kernel's catalogue is app/translations; each feature keeps its own in
app/<feature>/translations, and flask-babel merges them all.
"""

from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, dates
from flask import current_app, g, has_request_context, request, session
from flask_babel import Babel, Domain, format_date, format_datetime, get_locale
from flask_login import current_user
from markupsafe import Markup

LANGUAGES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"
TIME_ZONE = ZoneInfo("Europe/Stockholm")  # dates and times are shown in Swedish time
# Primary language subtags (ISO 639) of languages written right to left: content such as an
# information sheet may be in any language.
RTL_LANGUAGES = frozenset({"ar", "ckb", "dv", "fa", "he", "prs", "ps", "sd", "ug", "ur", "yi"})

babel = Babel()


def select_locale() -> Locale:
    return _LOCALES[_language_code()]


def _language_code() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    user = current_user._get_current_object()  # one lookup through flask-login's proxy
    if user.is_authenticated and user.language in LANGUAGES:
        return user.language
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


# Parsed once: flask-babel parses what the selector answers on every request, and parsing a
# code looks for Babel's locale file on disk each time; a Locale it is given is taken as it is.
_LOCALES = {code: Locale.parse(code) for code in LANGUAGES}


def primary_language(language_code: str) -> str:
    """The primary language subtag: "fa-IR" and "fa_IR" give "fa"."""
    return language_code.replace("_", "-").split("-")[0].lower()


def direction_of(language_code: str) -> str:
    """The writing direction of a language, for `dir=` and PDFs: "rtl" or "ltr"."""
    return "rtl" if primary_language(language_code) in RTL_LANGUAGES else "ltr"


def catalogue_directories() -> list[str]:
    """The kernel's translations directory, then each feature's."""
    app_dir = Path(__file__).resolve().parent
    features = sorted(str(path) for path in app_dir.glob("*/translations") if path.is_dir())
    return [str(app_dir / "translations"), *features]


class RequestDomain(Domain):
    """flask-babel's message domain, but its catalogue is found once per request and locale:
    flask-babel looks up the domain, the locale and its cache anew for every string (about
    20 µs, a hundred times on a list page). Made the request's domain before each request, so
    gettext and lazy strings in Python use it too."""

    def get_translations(self):
        return catalogue()


_domain = RequestDomain()


def request_locale():
    """flask-babel's get_locale() (force_locale included), read without its four lookups
    through Flask's proxies once the request's locale is known."""
    return locale_in(g._get_current_object().__dict__)


def locale_in(app_globals: dict):
    """The request's locale, given the request's `g.__dict__` (one lookup through the proxy)."""
    babel_state = app_globals.get("_flask_babel")  # flask-babel 4.0 keeps the locale here
    return getattr(babel_state, "babel_locale", None) or get_locale()


def catalogue():
    """The merged catalogue of the request's current locale (a mail in another language, under
    force_locale, gets its own)."""
    app_globals = g._get_current_object().__dict__  # one lookup through the proxy, not four
    locale = locale_in(app_globals)
    found = app_globals.get("_tif_catalogue")
    if found is None or found[0] is not locale:
        found = app_globals["_tif_catalogue"] = (locale, Domain.get_translations(_domain))
    return found[1]


# Dates as flask-babel's format_date() and format_datetime() give them (a datetime, stored as
# naive UTC, is shown in Swedish time), but each day is formatted once per pattern and language:
# Babel takes about 0.1 ms a date, and a list shows one or two a row.


def local_time(moment: datetime) -> datetime:
    """A stored moment (naive UTC, or aware) in Swedish time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(TIME_ZONE)


@lru_cache(maxsize=4096)
def _formatted_day(day: date, pattern: str, locale) -> str:
    return dates.format_date(day, pattern, locale=locale)


def format_day(value: date | datetime, pattern: str) -> str:
    """The day of `value` by a Babel pattern or "long", in the request's language."""
    if not current_app.config["KERNEL_CACHES"]:  # as flask-babel has it (the identity test)
        return format_date(value, pattern)
    if isinstance(value, datetime):
        value = local_time(value).date()
    return _formatted_day(value, pattern, request_locale())


def format_minute(value: datetime) -> str:
    """The minute of `value` in Swedish time, as 2026-11-30 14:05 in every language here."""
    if not current_app.config["KERNEL_CACHES"]:
        return format_datetime(value, "yyyy-MM-dd HH:mm")
    return local_time(value).strftime("%Y-%m-%d %H:%M")


# Templates' _(), ngettext(), pgettext() and npgettext(), as Jinja's "newstyle" gettext has
# them (the result is markup; variables are escaped into it; ngettext gives `num`), but called
# directly: Jinja's own wrappers pass through three context calls per string (about 20 µs, for
# the 50 to 100 strings of a page). Templates are always autoescaped here (HTML, mails).


def _gettext(string, **variables):
    translated = Markup(catalogue().ugettext(string))
    return translated % variables if variables or "%" in translated else translated


def _ngettext(singular, plural, num, **variables):
    variables.setdefault("num", num)
    return Markup(catalogue().ungettext(singular, plural, num)) % variables


def _pgettext(context, string, **variables):
    return Markup(catalogue().upgettext(context, string)) % variables


def _npgettext(context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return Markup(catalogue().unpgettext(context, singular, plural, num)) % variables


def _install_template_gettext(app) -> None:
    app.jinja_env.globals.update(
        _=_gettext,
        gettext=_gettext,
        ngettext=_ngettext,
        pgettext=_pgettext,
        npgettext=_npgettext,
    )


def init_app(app) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config["BABEL_DEFAULT_TIMEZONE"] = TIME_ZONE.key
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(catalogue_directories()))
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_domain.as_default)
    _install_template_gettext(app)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, direction_of=direction_of)
