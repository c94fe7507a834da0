from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from app.businesses.models import SITE_TYPE_LABELS, STATUS_LABELS
from app.forms import FilterForm, Form, email_field, optional_id


class BusinessSearchForm(FilterForm):
    """The filters of the business list."""

    q = StringField(
        _l("Search by name or organisation number"), validators=[Optional(), Length(max=100)]
    )
    site_type = SelectField(_l("Type of site"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), coerce=optional_id, validators=[Optional()])
    operator = SelectField(_l("Operator"), coerce=optional_id, validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])

    def __init__(self, municipalities, operators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = ("", _l("All"))
        self.site_type.choices = [everything, *SITE_TYPE_LABELS.items()]
        self.municipality.choices = [everything] + [(m.id, m.name) for m in municipalities]
        self.operator.choices = [everything] + [(o.id, o.name) for o in operators]
        self.status.choices = [everything, *STATUS_LABELS.items()]


class InvitePersonForm(Form):
    email = email_field(_l("Email"), message=_l("Fill in the email address of the person."))
    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=100)])
