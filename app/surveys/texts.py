"""How the survey's questions, answers and groups are named on pages and in exports, in the
reader's language."""

from babel import Locale
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from app.businesses.models import SITE_TYPE_LABELS
from app.surveys.dates import today
from app.surveys.forms import TRANSLATION_LANGUAGES, closed_choices
from app.surveys.models import DONT_KNOW, LIKERT_VALUES, NO, POOLED_SITE_TYPE, YES
from app.surveys.statistics import OTHERS


def language() -> str:
    return str(get_locale())


def language_name(code: str) -> str:
    """A language as the reader calls it: "Arabiska"."""
    name = Locale(code).get_display_name(language())
    return name[:1].upper() + name[1:]


def own_language_name(code: str) -> str:
    """A language in its own name, for a chooser: "العربية"."""
    return Locale(code).get_display_name(code)


def answer_languages(questions) -> list[str]:
    """The languages a round can be answered in: Swedish, English, and each translation
    every one of its questions has."""
    given = [set(question.languages()) for question in questions]
    return ["sv", "en", *(code for code in TRANSLATION_LANGUAGES if all(code in g for g in given))]


def question_text(question) -> str:
    return question.text_in(language())["text"]


def answer_values(question) -> list[int]:
    """A closed question's values in the order its answers are shown, "don't know" last."""
    if question.kind == "likert":
        return [*LIKERT_VALUES, DONT_KNOW]
    if question.kind == "yes_no":
        return [YES, NO, DONT_KNOW]
    return [*range(1, len(question.text_in("sv")["choices"]) + 1), DONT_KNOW]


def answer_labels(question) -> list[str]:
    return [label for _value, label in closed_choices(question, language())]


def group_label(dimension: str, key, municipality_names: dict) -> str:
    """A breakdown row's name: a municipality or a type of site, or a group pooled."""
    if dimension == "municipality":
        if key == OTHERS:
            return _("Other municipalities together")
        if key is None:
            return _("Municipalities with few businesses, together")
        return municipality_names.get(key, "")
    if key == OTHERS:
        return _("Other types of site together")
    if key == POOLED_SITE_TYPE:
        return _("Types of site with few businesses, together")
    return str(SITE_TYPE_LABELS.get(key, key))


def rounds_label(rounds) -> str:
    """A set of rounds by when they closed: "March 2026", or "September 2025 – March 2026"."""
    first, last = (format_date(r.closes_on, "MMMM yyyy") for r in (rounds[0], rounds[-1]))
    return last if first == last else f"{first} – {last}"


def round_status(survey_round) -> str:
    if not survey_round.is_open:
        return _("Closed")
    if survey_round.opens_on > today():
        return _("Opens %(date)s", date=format_date(survey_round.opens_on, "long"))
    return _("Open")
