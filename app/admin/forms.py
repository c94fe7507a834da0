"""Forms of the administration. They validate; admin/services.py saves what they hold."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from app.accounts.models import ROLE_SCOPE_FIELD, STAFF_ROLES
from app.areas.models import SLUG, Area, County, CustomsRegion, Municipality
from app.areas.queries import reserved_slugs
from app.businesses.models import Operator
from app.forms import (
    Form,
    MultiCheckboxField,
    email_field,
    optional_id,
    required,
    swedish_phone,
)

NAME_REQUIRED = required(_l("Fill in the name."))
ROLE_LABELS = {
    "police": _l("Police"),
    "municipality": _l("Municipality"),
    "customs": _l("Customs"),
    "county": _l("County administrative board"),
    "admin": _l("Administrator"),
    "business": _l("Business"),
}


class Unique:
    """The value is not already used by another row of the model."""

    def __init__(self, field):
        self.field = field

    def __call__(self, form, field):
        query = self.field.model.select().where(self.field == field.data)
        if form.editing is not None:
            query = query.where(self.field.model.id != form.editing.id)
        if query.exists():
            raise ValidationError(_l("This is already in use."))


class AdminForm(Form):
    editing = None  # the row being edited (None: a new one)

    def load(self, obj):
        """Fill the fields that are not plain columns (links to other rows)."""


class CountyForm(AdminForm):
    name = StringField(_l("Name"), validators=[NAME_REQUIRED, Length(max=100), Unique(County.name)])
    code = StringField(
        _l("County code (two digits)"),
        validators=[
            required(_l("Fill in the county code.")),
            Length(min=2, max=2),
            Unique(County.code),
        ],
    )

    def validate_code(self, field):
        if not field.data.isdigit():
            raise ValidationError(_l("Use two digits, for example 22."))


class MunicipalityForm(AdminForm):
    name = StringField(_l("Name"), validators=[NAME_REQUIRED, Length(max=100)])
    code = StringField(
        _l("Municipality code (four digits)"),
        validators=[
            required(_l("Fill in the municipality code.")),
            Length(min=4, max=4),
            Unique(Municipality.code),
        ],
    )
    county = SelectField(_l("County"), coerce=int, validators=[required(_l("Choose the county."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.county.choices = [(c.id, c.name) for c in County.select().order_by(County.name)]

    def validate_code(self, field):
        if not field.data.isdigit():
            raise ValidationError(_l("Use four digits, for example 0180."))


class AreaForm(AdminForm):
    name = StringField(_l("Name"), validators=[NAME_REQUIRED, Length(max=100)])
    slug = StringField(
        _l("Address in the portal"),
        validators=[
            required(_l("Fill in the address in the portal.")),
            Length(max=60),
            Unique(Area.slug),
        ],
    )
    county = SelectField(_l("County"), coerce=int, validators=[required(_l("Choose the county."))])
    municipalities = MultiCheckboxField(_l("Municipalities the area covers"), coerce=int)
    contact_email = email_field(_l("Shared function mailbox"), required=False)
    contact_phone = StringField(
        _l("Phone for questions about the method"),
        validators=[Optional(), Length(max=40), swedish_phone],
    )
    embargo_days = IntegerField(
        _l("Days before seizure feedback is shown"),
        default=30,
        validators=[required(_l("Fill in a number of days.")), NumberRange(min=0, max=365)],
    )
    survey_interval_months = IntegerField(
        _l("Months between safety surveys"),
        default=12,
        validators=[required(_l("Fill in a number of months.")), NumberRange(min=1, max=60)],
    )
    require_totp = BooleanField(_l("Staff of the area must use two-factor authentication"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.county.choices = [(c.id, c.name) for c in County.select().order_by(County.name)]
        self.municipalities.choices = [
            (m.id, f"{m.name} ({m.code})")
            for m in Municipality.select().order_by(Municipality.name)
        ]

    def validate_slug(self, field):
        if not SLUG.fullmatch(field.data or ""):
            raise ValidationError(
                _l("Use lower-case letters a–z, digits and hyphens, for example umea-centrum.")
            )
        if field.data in reserved_slugs():
            raise ValidationError(_l("This address is used by a page of the portal."))

    def load(self, obj):
        self.municipalities.data = [link.municipality_id for link in obj.coverage]


class CustomsRegionForm(AdminForm):
    name = StringField(
        _l("Name"), validators=[NAME_REQUIRED, Length(max=100), Unique(CustomsRegion.name)]
    )
    areas = MultiCheckboxField(_l("Police areas in the region"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas.choices = [(a.id, a.name) for a in Area.select().order_by(Area.name)]

    def load(self, obj):
        self.areas.data = [link.area_id for link in obj.memberships]


class OperatorForm(AdminForm):
    name = StringField(
        _l("Name"), validators=[NAME_REQUIRED, Length(max=100), Unique(Operator.name)]
    )
    position = IntegerField(
        _l("Place in the list"),
        default=0,
        validators=[required(_l("Fill in a place in the list.")), NumberRange(min=0, max=999)],
    )
    active = BooleanField(_l("Businesses can choose it"), default=True)


class StaffForm(Form):
    """Role and scope of a staff account; the scope field that fits the role is required."""

    role = SelectField(_l("Role"), validators=[required(_l("Choose a role."))])
    area = SelectField(_l("Police area (police)"), coerce=optional_id, validators=[Optional()])
    municipality = SelectField(
        _l("Municipality (municipality staff)"), coerce=optional_id, validators=[Optional()]
    )
    customs_region = SelectField(
        _l("Customs region (customs; empty means the whole country)"),
        coerce=optional_id,
        validators=[Optional()],
    )
    county = SelectField(
        _l("County (county administrative board)"), coerce=optional_id, validators=[Optional()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(r, ROLE_LABELS[r]) for r in STAFF_ROLES]
        self.area.choices = [("", _l("No police area"))] + [
            (a.id, a.name) for a in Area.select().order_by(Area.name)
        ]
        self.municipality.choices = [("", _l("No municipality"))] + [
            (m.id, m.name) for m in Municipality.select().order_by(Municipality.name)
        ]
        self.customs_region.choices = [("", _l("No customs region (the whole country)"))] + [
            (r.id, r.name) for r in CustomsRegion.select().order_by(CustomsRegion.name)
        ]
        self.county.choices = [("", _l("No county"))] + [
            (c.id, c.name) for c in County.select().order_by(County.name)
        ]

    def scope(self) -> dict:
        """The scope fields for the chosen role: the one that fits it, the others cleared."""
        wanted = ROLE_SCOPE_FIELD.get(self.role.data)
        return {
            name: (getattr(self, name).data if name == wanted else None)
            for name in ("area", "municipality", "customs_region", "county")
        }

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        wanted = ROLE_SCOPE_FIELD.get(self.role.data)
        if wanted and self.role.data != "customs" and getattr(self, wanted).data is None:
            getattr(self, wanted).errors.append(_l("Choose the scope of this role."))
            return False
        return True


class InviteStaffForm(StaffForm):
    email = email_field(_l("Email"), message=_l("Fill in the email address of the person."))
    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=100)])
