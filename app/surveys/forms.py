"""Forms of the safety survey and the dialogue: they validate and never write."""

import datetime

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, StopValidation, ValidationError

from app.forms import Form, required
from app.i18n import direction_of
from app.surveys.models import DONT_KNOW, LIKERT_VALUES, MESSAGE_CATEGORIES, NO, YES
from app.surveys.queries import unfinished_round

TEXT_MAX = 2000
MIN_ROUND_DAYS = 7
MAX_ROUND_DAYS = 90
MAX_CHOICES = 8

DONT_KNOW_LABEL = _l("Don't know, or prefer not to say")
ROUND_NOT_CLOSED = _l("The police area already has a round that has not closed.")
MESSAGE_CATEGORY_LABELS = {
    "threat": _l("Threat"),
    "pressure": _l("Pressure to hand over a parcel"),
    "harassment": _l("Harassment"),
    "other": _l("Something else that made you feel unsafe"),
}


class SwedishDateField(DateField):
    """A date (yyyy-mm-dd, the browser's date picker) with our own message when it is not one."""

    def __init__(self, label, message, **kwargs):
        super().__init__(label, validators=[required(message)], **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.message)) from error


class RoundForm(Form):
    area = SelectField(
        _l("Police area"), coerce=int, validators=[required(_l("Choose the police area."))]
    )
    opens_on = SwedishDateField(_l("First day"), _l("Fill in the first day as a date."))
    closes_on = SwedishDateField(_l("Last day"), _l("Fill in the last day as a date."))

    def __init__(self, areas, today: datetime.date, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [(a.id, a.name) for a in areas]
        self.today = today

    def validate_area(self, field):
        if field.errors:  # not one of the areas offered: nothing to look up
            return
        if unfinished_round(field.data) is not None:
            raise ValidationError(ROUND_NOT_CLOSED)

    def validate_opens_on(self, field):
        if field.data and not self.today <= field.data <= self.today + datetime.timedelta(365):
            raise ValidationError(_l("The first day must be today or within a year."))

    def validate_closes_on(self, field):
        if not (field.data and self.opens_on.data) or self.opens_on.errors:
            return
        days = (field.data - self.opens_on.data).days
        if not MIN_ROUND_DAYS <= days <= MAX_ROUND_DAYS:
            raise ValidationError(
                _l(
                    "The last day must be %(least)s to %(most)s days after the first.",
                    least=MIN_ROUND_DAYS,
                    most=MAX_ROUND_DAYS,
                )
            )


def one_of(values):
    allowed = {str(v) for v in values}

    def check(form, field):
        if field.data not in allowed:
            raise StopValidation(_l("Choose one of the answers."))

    return check


def closed_choices(question, language: str) -> list[tuple[str, str]]:
    """The answers a closed question offers, in the reader's language, "don't know" last."""
    texts = question.text_in(language)
    if question.kind == "likert":
        choices = [(str(v), str(v)) for v in LIKERT_VALUES]
        choices[0] = ("1", f"1 – {texts['low']}")
        choices[-1] = ("5", f"5 – {texts['high']}")
    elif question.kind == "yes_no":
        choices = [(str(YES), str(_l("Yes"))), (str(NO), str(_l("No")))]
    else:
        choices = [(str(n), label) for n, label in enumerate(texts["choices"], start=1)]
    return [*choices, (str(DONT_KNOW), str(DONT_KNOW_LABEL))]


def answer_form(questions, language: str, *args, **kwargs) -> Form:
    """A form with a field `q<id>` per question: one answer to every closed question (there
    is always "don't know"), free text optional."""

    class AnswerForm(Form):
        pass

    for question in questions:
        text = question.text_in(language)["text"]
        if question.kind == "text":
            field = TextAreaField(text, validators=[Optional(), Length(max=TEXT_MAX)])
        else:
            choices = closed_choices(question, language)
            field = RadioField(
                text,
                choices=[SelectChoice(value, label) for value, label in choices],
                validate_choice=False,
                validators=[
                    required(_l("Choose an answer to this question.")),
                    one_of(v for v, _label in choices),
                ],
            )
        setattr(AnswerForm, f"q{question.id}", field)
    return AnswerForm(*args, **kwargs)


def answers_of(form, questions) -> tuple[dict, dict]:
    """({question id: value} of the closed questions, {question id: text} of the free text)."""
    values, texts = {}, {}
    for question in questions:
        data = form[f"q{question.id}"].data
        if question.kind == "text":
            texts[question.id] = data or ""
        else:
            values[question.id] = int(data)
    return values, texts


class CommentForm(Form):
    text = TextAreaField(
        _l("The text as staff will read it"),
        validators=[required(_l("Fill in the text, or withhold it.")), Length(max=TEXT_MAX)],
    )


class MessageForm(Form):
    category = RadioField(
        _l("What happened?"),
        choices=[SelectChoice(code, label) for code, label in MESSAGE_CATEGORY_LABELS.items()],
        validate_choice=False,
        validators=[required(_l("Choose what happened.")), one_of(MESSAGE_CATEGORIES)],
    )
    text = TextAreaField(
        _l("Tell us about it"),
        validators=[required(_l("Write what happened.")), Length(max=TEXT_MAX)],
    )
    wants_contact = BooleanField(_l("I want an answer from the police or the municipality"))


class ReplyForm(Form):
    text = TextAreaField(
        _l("Your answer"),
        validators=[required(_l("Write your answer.")), Length(max=TEXT_MAX)],
    )


QUESTION_KIND_LABELS = {
    "likert": _l("A scale from 1 to 5"),
    "yes_no": _l("Yes or no"),
    "choice": _l("One of several answers"),
    "text": _l("Free text"),
}


# Languages a question set may be translated into besides Swedish and English: what many
# counter staff in Sweden read. Businesses answer in one once every question of the round
# has it.
TRANSLATION_LANGUAGES = ("ar", "fa", "so", "ti", "ku", "pl", "uk", "ru", "fi", "tr")
QUESTION_LANGUAGES = ("sv", "en", *TRANSLATION_LANGUAGES)


class QuestionTextsForm(Form):
    """A question's texts in Swedish and English, and in any of TRANSLATION_LANGUAGES: what a
    new version of a question changes (its kind stays). A translation is optional, but
    complete when given."""

    text_sv = TextAreaField(
        _l("Question in Swedish"),
        validators=[required(_l("Write the question in Swedish.")), Length(max=300)],
    )
    text_en = TextAreaField(
        _l("Question in English"),
        validators=[required(_l("Write the question in English.")), Length(max=300)],
    )
    low_sv = StringField(_l("Swedish words for 1"), validators=[Length(max=60)])
    high_sv = StringField(_l("Swedish words for 5"), validators=[Length(max=60)])
    low_en = StringField(_l("English words for 1"), validators=[Length(max=60)])
    high_en = StringField(_l("English words for 5"), validators=[Length(max=60)])
    choices_sv = TextAreaField(_l("Answers in Swedish, one per line"), validators=[Length(max=600)])
    choices_en = TextAreaField(_l("Answers in English, one per line"), validators=[Length(max=600)])

    def __init__(self, kind: str | None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_kind = kind
        reader = str(get_locale())
        for language in TRANSLATION_LANGUAGES:
            name = Locale(language).get_display_name(reader)
            for part, label in (
                ("text", _l("Question in %(language)s", language=name)),
                ("low", _l("Words for 1 in %(language)s", language=name)),
                ("high", _l("Words for 5 in %(language)s", language=name)),
                ("choices", _l("Answers in %(language)s, one per line", language=name)),
            ):
                field = self[f"{part}_{language}"]
                field.label.text = str(label)
                field.render_kw = {"lang": language, "dir": direction_of(language)}

    @property
    def question_kind(self) -> str | None:
        return self.fixed_kind

    def translation_started(self, language: str) -> bool:
        return any((self[f"{part}_{language}"].data or "").strip() for part in TEXT_PARTS)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for language in TRANSLATION_LANGUAGES:
            if self.translation_started(language):
                valid = self._translation_is_complete(language) and valid
        return valid

    def _translation_is_complete(self, language: str) -> bool:
        """A translation begun has every text the Swedish one has: else an error at the
        first field missing."""
        missing = None
        if not self[f"text_{language}"].data.strip():
            missing = self[f"text_{language}"], _l("Write the question in this language too.")
        elif self.question_kind == "likert" and not all(
            self[f"{part}_{language}"].data.strip() for part in ("low", "high")
        ):
            missing = (
                self[f"high_{language}"],
                _l("Fill in the words for 1 and 5 in this language too."),
            )
        elif self.question_kind == "choice" and len(
            _lines(self[f"choices_{language}"].data)
        ) != len(_lines(self.choices_sv.data)):
            missing = self[f"choices_{language}"], _l("Write as many answers as in Swedish.")
        if missing is None:
            return True
        field, message = missing
        field.errors = [*field.errors, str(message)]
        return False

    def validate_high_en(self, field):
        if self.question_kind != "likert":
            return
        if not all(f.data.strip() for f in (self.low_sv, self.high_sv, self.low_en, field)):
            raise ValidationError(_l("Fill in the words for 1 and 5 in both languages."))

    def validate_choices_en(self, field):
        if self.question_kind != "choice":
            return
        swedish, english = _lines(self.choices_sv.data), _lines(field.data)
        if not 2 <= len(swedish) <= MAX_CHOICES or len(swedish) != len(english):
            raise ValidationError(
                _l(
                    "Write %(least)s to %(most)s answers, the same number in both languages.",
                    least=2,
                    most=MAX_CHOICES,
                )
            )

    def texts(self) -> dict:
        """The question's texts as they are stored, in each language given."""
        texts = {}
        for language in QUESTION_LANGUAGES:
            if language in TRANSLATION_LANGUAGES and not self.translation_started(language):
                continue
            entry = {"text": self[f"text_{language}"].data.strip()}
            if self.question_kind == "likert":
                entry["low"] = self[f"low_{language}"].data.strip()
                entry["high"] = self[f"high_{language}"].data.strip()
            elif self.question_kind == "choice":
                entry["choices"] = _lines(self[f"choices_{language}"].data)
            texts[language] = entry
        return texts

    def fill_from(self, texts: dict) -> None:
        """The form's fields from a question's stored texts (to start a new version)."""
        for language in QUESTION_LANGUAGES:
            entry = texts.get(language, {})
            self[f"text_{language}"].data = entry.get("text", "")
            self[f"low_{language}"].data = entry.get("low", "")
            self[f"high_{language}"].data = entry.get("high", "")
            self[f"choices_{language}"].data = "\n".join(entry.get("choices", []))


TEXT_PARTS = ("text", "low", "high", "choices")
for _language in TRANSLATION_LANGUAGES:  # labels in the reader's language: set per form
    setattr(QuestionTextsForm, f"text_{_language}", TextAreaField(validators=[Length(max=300)]))
    setattr(QuestionTextsForm, f"low_{_language}", StringField(validators=[Length(max=60)]))
    setattr(QuestionTextsForm, f"high_{_language}", StringField(validators=[Length(max=60)]))
    setattr(QuestionTextsForm, f"choices_{_language}", TextAreaField(validators=[Length(max=600)]))


NATIONAL = 0  # the "area" of a national question in the form


class NewQuestionForm(QuestionTextsForm):
    area = SelectField(
        _l("Asked in"), coerce=int, validators=[required(_l("Choose where it is asked."))]
    )
    kind = SelectField(
        _l("Kind of question"), validators=[required(_l("Choose the kind of question."))]
    )

    def __init__(self, areas, national: bool, *args, **kwargs):
        super().__init__(None, *args, **kwargs)
        choices = [(a.id, a.name) for a in areas]
        if national:
            choices.insert(0, (NATIONAL, _l("Every police area (national question)")))
        self.area.choices = choices
        self.kind.choices = [("", _l("Choose…")), *QUESTION_KIND_LABELS.items()]

    @property
    def question_kind(self) -> str | None:
        return self.kind.data

    def validate_kind(self, field):
        if field.data not in QUESTION_KIND_LABELS:
            raise ValidationError(_l("Choose the kind of question."))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
