from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.businesses.models import SITE_TYPE_LABELS
from app.forms import (
    Form,
    MultiCheckboxField,
    email_field,
    optional_id,
    required,
    swedish_org_number,
    swedish_phone,
    swedish_postcode,
)


class JoinForm(Form):
    business_name = StringField(
        _l("Name of the business"),
        validators=[required(_l("Fill in the name of the business.")), Length(max=200)],
    )
    org_number = StringField(
        _l("Organisation number"), validators=[Length(max=20), swedish_org_number]
    )
    site_type = SelectField(
        _l("Type of site"), validators=[required(_l("Choose the type of site."))]
    )
    site_type_other = StringField(_l("What kind of site is it?"), validators=[Length(max=100)])
    operators = MultiCheckboxField(_l("Operators you handle shipments for"), coerce=int)
    street_address = StringField(
        _l("Street address"),
        validators=[required(_l("Fill in the street address.")), Length(max=200)],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[required(_l("Fill in the postcode.")), Length(max=10), swedish_postcode],
    )
    postal_town = StringField(
        _l("Town"), validators=[required(_l("Fill in the town.")), Length(max=60)]
    )
    municipality = SelectField(
        _l("Municipality"),
        coerce=optional_id,
        validators=[required(_l("Choose the municipality the business is in."))],
    )
    contact_name = StringField(
        _l("Your name"), validators=[required(_l("Fill in your name.")), Length(max=100)]
    )
    contact_email = email_field(_l("Your email"), message=_l("Fill in your email address."))
    contact_phone = StringField(
        _l("Your phone number"),
        validators=[required(_l("Fill in your phone number.")), Length(max=30), swedish_phone],
    )
    accept = BooleanField(
        _l("I accept the terms of taking part and have read the privacy notice."),
        validators=[DataRequired(message=_l("You need to accept the terms to join."))],
    )

    def __init__(self, municipalities, operators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_type.choices = [("", _l("Choose…"))] + list(SITE_TYPE_LABELS.items())
        self.municipality.choices = [("", _l("Choose…"))] + [(m.id, m.name) for m in municipalities]
        self.operators.choices = [(o.id, o.name) for o in operators]

    def validate_site_type_other(self, field):
        if self.site_type.data == "other" and not field.data.strip():
            raise ValidationError(_l("Say what kind of site it is."))


class RejectForm(Form):
    reason = TextAreaField(
        _l("Reason, sent to the applicant"),
        validators=[required(_l("Write the reason for the applicant.")), Length(max=1000)],
    )
