from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.businesses.models import SITE_TYPE_LABELS
from app.forms import (
    Form,
    MultiCheckboxField,
    email_field,
    swedish_org_number,
    swedish_phone,
    swedish_postcode,
)


class JoinForm(Form):
    business_name = StringField(
        _l("Name of the business"), validators=[InputRequired(), Length(max=200)]
    )
    org_number = StringField(
        _l("Organisation number"), validators=[Length(max=20), swedish_org_number]
    )
    site_type = SelectField(_l("Type of site"), validators=[InputRequired()])
    operators = MultiCheckboxField(_l("Operators you handle shipments for"), coerce=int)
    street_address = StringField(
        _l("Street address"), validators=[InputRequired(), Length(max=200)]
    )
    postcode = StringField(
        _l("Postcode"), validators=[InputRequired(), Length(max=10), swedish_postcode]
    )
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[InputRequired()])
    contact_name = StringField(_l("Your name"), validators=[InputRequired(), Length(max=100)])
    contact_email = email_field(_l("Your email"))
    contact_phone = StringField(
        _l("Your phone number"), validators=[InputRequired(), Length(max=30), swedish_phone]
    )
    accept = BooleanField(
        _l("I accept the terms of taking part and have read the privacy notice."),
        validators=[DataRequired(message=_l("You need to accept the terms to join."))],
    )

    def __init__(self, municipalities, operators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_type.choices = [("", _l("Choose…"))] + list(SITE_TYPE_LABELS.items())
        self.municipality.choices = [(m.id, m.name) for m in municipalities]
        self.operators.choices = [(o.id, o.name) for o in operators]


class RejectForm(Form):
    reason = TextAreaField(
        _l("Reason, sent to the applicant"), validators=[InputRequired(), Length(max=1000)]
    )
