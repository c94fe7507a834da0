import datetime
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from app.areas.queries import covered_municipalities
from app.forms import Form, form_values, optional_id, required
from app.seizures.models import CATEGORY_LABELS
from app.seizures.periods import Quarter, month_label, quarter_released_on
from app.seizures.queries import month_is_open

FIELDS = ("month", "area", "municipality", "category", "count", "description", "shareable")
MAX_COUNT = 9999

# A police or customs case number ("5000-K123456-26", "K123456-26") or a long run of digits
# (a parcel or tracking number) never belongs in text that is shared.
_CASE_NUMBER = re.compile(r"\b(?:\d{4}-)?K\d{3,}(?:-\d{2})?\b|\d{7,}", re.IGNORECASE)


def no_case_numbers(form, field):
    if _CASE_NUMBER.search(field.data or ""):
        raise ValidationError(
            _l("Leave out case numbers, parcel numbers and other numbers that identify a case.")
        )


def open_months(today: datetime.date, embargo_days: int) -> list[datetime.date]:
    """The months an entry may be entered or changed for, newest first: up to this month, in
    the quarters not yet fed back. A figure already fed back never changes, or the businesses
    could work out the change by comparing."""
    months = []
    quarter = Quarter.of(today)
    while quarter_released_on(quarter, embargo_days) > today:
        months += [month for month in reversed(quarter.months) if month <= today]
        quarter = quarter.previous()
    return months


class SeizureFeedbackForm(Form):
    month = SelectField(_l("Month of the seizures"), validators=[required(_l("Choose the month."))])
    area = SelectField(
        _l("Police area"), coerce=int, validators=[required(_l("Choose the police area."))]
    )
    municipality = SelectField(_l("Municipality (optional)"), coerce=optional_id)
    category = SelectField(
        _l("Category"), validators=[required(_l("Choose the category of the seizures."))]
    )
    count = IntegerField(
        _l("Number of seizures"),
        validators=[
            InputRequired(_l("Fill in the number of seizures.")),
            NumberRange(1, MAX_COUNT, _l("Fill in a number from 1 to 9 999.")),
        ],
    )
    description = TextAreaField(
        _l("Description to share (optional)"), validators=[Length(max=500), no_case_numbers]
    )
    shareable = BooleanField(_l("Can be fed back to the businesses"))

    def __init__(self, areas, municipalities, today, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.areas = {area.id: area for area in areas}
        longest = max((area.embargo_days for area in areas), default=0)
        months = open_months(today, longest)
        self.month.choices = [("", _l("Choose…"))] + [
            (m.isoformat(), month_label(m)) for m in months
        ]
        self.area.choices = [(a.id, a.name) for a in areas]
        self.municipality.choices = [("", _l("Not given"))] + [
            (m.id, m.name) for m in municipalities
        ]
        self.category.choices = [("", _l("Choose…")), *CATEGORY_LABELS.items()]

    def values(self) -> dict:
        """What the service saves."""
        values = form_values(self, FIELDS)
        values["month"] = datetime.date.fromisoformat(values["month"])
        return values

    def validate_month(self, field):
        if field.errors or self.area.errors or self.area.data not in self.areas:
            return
        month = datetime.date.fromisoformat(field.data)
        embargo = self.areas[self.area.data].embargo_days
        if not month_is_open(self.area.data, embargo, month, self.today):
            raise ValidationError(
                _l(
                    "This quarter has already been fed back in the police area you chose and "
                    "can no longer change. Choose a later month."
                )
            )

    def validate_municipality(self, field):
        if field.errors or self.area.errors or field.data is None:
            return
        if field.data not in {m.id for m in covered_municipalities(self.area.data)}:
            raise ValidationError(_l("This municipality is not in the police area you chose."))
