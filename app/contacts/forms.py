import datetime
import re

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation, ValidationError

from app.contacts.models import CHANNEL_LABELS, DAYS_BACK, SUSPECTED_LABELS, VISIT_WISH_LABELS
from app.forms import Form, required
from app.seizures.forms import no_case_numbers
from app.seizures.periods import local_today


def iso_date(form, field):
    """A date typed as YYYY-MM-DD (what a date input sends); kept as a date in `field.date`."""
    try:
        field.date = datetime.date.fromisoformat(field.data.strip())
    except ValueError:
        field.date = None
        raise StopValidation(_l("Write the date as YYYY-MM-DD, for example 2026-03-14.")) from None


class ContactForm(Form):
    contacted_on = StringField(
        _l("Date of the contact"),
        validators=[required(_l("Fill in the date you made contact.")), Length(max=10), iso_date],
    )
    channel = RadioField(
        _l("How did you make contact?"),
        validators=[required(_l("Choose how you made contact."))],
    )
    category = SelectField(
        _l("What did you suspect?"), validators=[required(_l("Choose what you suspected."))]
    )
    visit_wish = RadioField(
        _l("Do you want a visit from the police?"),
        validators=[required(_l("Choose whether you want a visit."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = list(CHANNEL_LABELS.items())
        self.category.choices = [("", _l("Choose…")), *SUSPECTED_LABELS.items()]
        self.visit_wish.choices = list(VISIT_WISH_LABELS.items())
        if not self.is_submitted():
            self.contacted_on.data = local_today().isoformat()

    def validate_contacted_on(self, field):
        today = local_today()
        if field.date > today:
            raise ValidationError(_l("The date cannot be in the future."))
        if field.date < today - datetime.timedelta(days=DAYS_BACK):
            raise ValidationError(_l("Contacts more than 90 days ago cannot be logged."))

    def values(self) -> dict:
        return {
            "contacted_on": self.contacted_on.date,
            "channel": self.channel.data,
            "category": self.category.data,
            "visit_wish": self.visit_wish.data,
        }


class VisitForm(Form):
    visited_on = StringField(
        _l("Date of the visit"),
        validators=[required(_l("Fill in the date of the visit.")), Length(max=10), iso_date],
    )

    def __init__(self, contact, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact

    @classmethod
    def blank(cls, contact) -> "VisitForm":
        """The form as a page shows it: the date of the visit, or today."""
        form = cls(contact, formdata=None)
        form.visited_on.data = (contact.visited_on or local_today()).isoformat()
        return form

    def validate_visited_on(self, field):
        if field.date > local_today():
            raise ValidationError(_l("The date cannot be in the future."))
        if field.date < self.contact.contacted_on:
            raise ValidationError(_l("The visit cannot be before the contact."))


# Feedback never names a seizure or what came of a case: words for seizing, confiscating and
# arresting, in Swedish and English ("beslag", "togs i beslag", "seized", "greps" …).
_CASE_OUTCOME = re.compile(
    r"\b(?:beslag|seiz|konfisk|confisca|omhändert|grip|greps|arrest)\w*", re.IGNORECASE
)


def no_case_outcomes(form, field):
    if _CASE_OUTCOME.search(field.data or ""):
        raise ValidationError(
            _l(
                "Leave out seizures, arrests and anything else that came of a case: the "
                "feedback stays general, so that no one can tell what the business's call led to."
            )
        )


class FeedbackForm(Form):
    message = TextAreaField(
        _l("Message to the business"),
        validators=[
            required(_l("Write the message to the business.")),
            Length(max=1000),
            no_case_numbers,
            no_case_outcomes,
        ],
    )
