from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from app.areas.models import AreaMunicipality
from app.businesses.models import SITE_TYPE_LABELS
from app.forms import Form, email_field, optional_id, required, swedish_phone


class ProspectForm(Form):
    name = StringField(
        _l("Name of the site"),
        validators=[required(_l("Fill in the name of the site.")), Length(max=200)],
    )
    site_type = SelectField(
        _l("Type of site"), validators=[required(_l("Choose the type of site."))]
    )
    operator = SelectField(_l("Operator"), coerce=optional_id, validators=[Optional()])
    area = SelectField(
        _l("Police area"), coerce=int, validators=[required(_l("Choose the police area."))]
    )
    municipality = SelectField(
        _l("Municipality"), coerce=int, validators=[required(_l("Choose the municipality."))]
    )
    street_address = StringField(_l("Street address"), validators=[Optional(), Length(max=200)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=100)])
    contact_role = StringField(_l("The contact's role"), validators=[Optional(), Length(max=100)])
    contact_email = email_field(_l("Contact email"), required=False)
    contact_phone = StringField(
        _l("Contact phone"), validators=[Optional(), Length(max=30), swedish_phone]
    )

    def __init__(self, areas, municipalities, operators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_type.choices = [("", _l("Choose…")), *SITE_TYPE_LABELS.items()]
        self.operator.choices = [("", _l("Not known"))] + [(o.id, o.name) for o in operators]
        self.area.choices = [(a.id, a.name) for a in areas]
        self.municipality.choices = [(m.id, m.name) for m in municipalities]

    def validate_municipality(self, field):
        if field.errors or self.area.errors:  # not a known choice: nothing to look up
            return
        covered = AreaMunicipality.select().where(
            (AreaMunicipality.area == self.area.data)
            & (AreaMunicipality.municipality == field.data)
        )
        if not covered.exists():
            raise ValidationError(_l("This municipality is not in the police area you chose."))
