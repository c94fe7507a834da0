from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.forms import FilterForm, Form, optional_id, required
from app.sheets.languages import choices as language_choices
from app.sheets.languages import label as language_label
from app.sheets.models import TOPIC_LABELS
from app.uploads import pdf_upload

# A sheet is a page or two: well under the request limit, so that a larger file is refused
# with a message at the field rather than the request's 413.
SHEET_MAX_BYTES = 5 * 1024 * 1024

STATUS_LABELS = {"published": _l("Published"), "draft": _l("Draft")}


def _pdf_field():
    return FileField(
        _l("PDF file"),
        validators=[
            FileRequired(message=_l("Choose the PDF file of the sheet.")),
            pdf_upload(SHEET_MAX_BYTES),
        ],
    )


class SheetForm(Form):
    """What staff say about a sheet (its file comes with `NewSheetForm` or `VersionForm`)."""

    title = StringField(
        _l("Title"), validators=[required(_l("Fill in the title of the sheet.")), Length(max=200)]
    )
    summary = TextAreaField(
        _l("Summary"), validators=[Optional(), Length(max=500)], render_kw={"rows": 3}
    )
    topic = SelectField(_l("Topic"), validators=[required(_l("Choose the topic of the sheet."))])
    language = SelectField(
        _l("Language of the sheet"),
        validators=[required(_l("Choose the language the sheet is written in."))],
    )
    status = SelectField(_l("Status"), validators=[required(_l("Choose the status."))])

    def __init__(self, reader_language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic.choices = [("", _l("Choose…")), *TOPIC_LABELS.items()]
        self.language.choices = [("", _l("Choose…")), *language_choices(reader_language)]
        self.status.choices = list(STATUS_LABELS.items())


class NewSheetForm(SheetForm):
    area = SelectField(_l("For"), coerce=optional_id)
    file = _pdf_field()

    def __init__(self, reader_language: str, areas, national: bool, *args, **kwargs):
        """`areas`: those the user may place a sheet in; `national`: whether a sheet for the
        whole country may be chosen (admins)."""
        super().__init__(reader_language, *args, **kwargs)
        whole_country = [("", _l("The whole country (a national sheet)"))] if national else []
        self.area.choices = whole_country + [
            (area.id, _l("Police area %(name)s", name=area.name)) for area in areas
        ]
        if not national:
            self.area.validators = [required(_l("Choose the police area of the sheet."))]
            self.area.flags.required = True


class VersionForm(Form):
    file = _pdf_field()


class LibraryFilterForm(FilterForm):
    """The library's filters: the languages in it (the reader's first) and the topics. A
    refused value is left out."""

    language = SelectField(_l("Language"), validators=[Optional()])
    topic = SelectField(_l("Topic"), validators=[Optional()])

    def __init__(self, languages, reader_language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ordered = sorted(languages, key=lambda code: (code != reader_language, code))
        self.language.choices = [("", _l("All"))] + [
            (code, language_label(code, reader_language)) for code in ordered
        ]
        self.topic.choices = [("", _l("All")), *TOPIC_LABELS.items()]

    def filters(self) -> dict:
        return {name: self.value(name) for name in self._fields}


class StaffFilterForm(LibraryFilterForm):
    """Staff filter by status too."""

    status = SelectField(_l("Status"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("All")), *STATUS_LABELS.items()]
