"""The forms of orders: a business's order, the staff's filters, decisions and catalogue, and
stickers handed out. Forms validate (reading what a limit needs) and never write."""

import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from app.areas.queries import areas_covering
from app.businesses.models import SITE_TYPE_LABELS
from app.forms import (
    FilterForm,
    Form,
    MultiCheckboxField,
    optional_id,
    required,
    swedish_postcode,
)
from app.orders.limits import quantity_problems
from app.orders.models import ITEM_KIND_LABELS, OCCASION_LABELS, STATUS_LABELS
from app.orders.queries import local_today
from app.uploads import image_upload

IMAGE_MAX_BYTES = 200 * 1024  # a small picture: the portal's pages stay light
# A language tag as people write it: "sv", "ar", "fa-AF", "pt-BR".
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
MAX_QUANTITY = 100_000


class Filled(InputRequired):
    """Like `required()`, and text of nothing but spaces counts as empty too."""

    def __call__(self, form, field):
        super().__call__(form, field)
        if isinstance(field.data, str) and not field.data.strip():
            raise StopValidation(self.message)


class QuantityField(IntegerField):
    """A whole number of something, with a message that says what to type."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(_l("Write the number with digits, for example 2.")) from None
        else:
            self.data = None


AT_LEAST_ONE = NumberRange(min=1, max=MAX_QUANTITY, message=_l("Write a number from 1 and up."))


def quantity_name(item) -> str:
    return f"quantity_{item.id}"


class OrderForm(Form):
    """What a business orders: one quantity field per item offered (added by `order_form`),
    and where it goes."""

    recipient = StringField(
        _l("Recipient"),
        validators=[Filled(_l("Fill in who receives the order.")), Length(max=200)],
    )
    street_address = StringField(
        _l("Street address"),
        validators=[Filled(_l("Fill in the street address.")), Length(max=200)],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[required(_l("Fill in the postcode.")), Length(max=10), swedish_postcode],
    )
    postal_town = StringField(
        _l("Town"), validators=[Filled(_l("Fill in the town.")), Length(max=60)]
    )
    note = TextAreaField(
        _l("Message to the police and the municipality (optional)"),
        validators=[Optional(), Length(max=300)],
    )

    items: list = []
    used: dict = {}

    def quantity_fields(self):
        """(item, its quantity field) in catalogue order."""
        return [(item, self[quantity_name(item)]) for item in self.items]

    def quantities(self) -> dict:
        """Item id -> the positive quantity asked for (in fields without errors)."""
        return {
            item.id: field.data
            for item, field in self.quantity_fields()
            if field.data and not field.errors
        }

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        fields = self.quantity_fields()
        if not fields:
            return False  # nothing is offered: the page shows no form
        if valid and not self.quantities():
            fields[0][1].errors.append(_l("Write how many you want of at least one item."))
            return False
        problems = quantity_problems(self.items, self.quantities(), self.used)
        for item, field in fields:
            if item.id in problems:
                field.errors.append(problems[item.id])
        return valid and not problems


def order_form(items, used: dict, **kwargs) -> OrderForm:
    """The order form for these items; `used`: item id -> ordered this year already."""

    class ItemsOrderForm(OrderForm):
        pass

    for item in items:
        setattr(
            ItemsOrderForm,
            quantity_name(item),
            QuantityField(
                item.title,
                validators=[
                    Optional(),
                    NumberRange(
                        min=0, max=MAX_QUANTITY, message=_l("Write a number from 0 and up.")
                    ),
                ],
            ),
        )
    ItemsOrderForm.items = list(items)
    ItemsOrderForm.used = used
    return ItemsOrderForm(**kwargs)


class RejectForm(Form):
    reason = TextAreaField(
        _l("Reason, shown to the business"),
        validators=[Filled(_l("Write the reason for the business.")), Length(max=500)],
    )


class SendForm(Form):
    tracking_reference = StringField(
        _l("Tracking number (optional)"), validators=[Optional(), Length(max=60)]
    )


def item_label(item) -> str:
    """An item's title, with its area when it is an area's own (titles repeat across areas)."""
    return f"{item.title} ({item.area.name})" if item.area_id else item.title


class QueueFilterForm(FilterForm):
    status = SelectField(_l("Status"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), coerce=optional_id, validators=[Optional()])
    site_type = SelectField(_l("Type of site"), validators=[Optional()])
    item = SelectField(_l("Item"), coerce=optional_id, validators=[Optional()])
    since = DateField(_l("Ordered from"), validators=[Optional()])
    until = DateField(_l("Ordered until"), validators=[Optional()])

    def __init__(self, municipalities, items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = ("", _l("All"))
        self.status.choices = [everything, *STATUS_LABELS.items()]
        self.municipality.choices = [everything] + [(m.id, m.name) for m in municipalities]
        self.site_type.choices = [everything, *SITE_TYPE_LABELS.items()]
        self.item.choices = [everything] + [(i.id, item_label(i)) for i in items]


class CatalogueItemForm(Form):
    area = SelectField(_l("Offered in"), coerce=optional_id)  # "": every area, admins only
    kind = SelectField(_l("Kind"), validators=[required(_l("Choose the kind of item."))])
    title = StringField(
        _l("Name"), validators=[Filled(_l("Fill in the name of the item.")), Length(max=100)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=500)])
    language = StringField(
        _l("Language of a printed sheet (optional)"), validators=[Optional(), Length(max=12)]
    )
    image = FileField(
        _l("Picture (PNG or SVG, optional)"), validators=[image_upload(IMAGE_MAX_BYTES)]
    )
    drop_image = BooleanField(_l("Remove the picture"))
    max_per_order = QuantityField(
        _l("Most in one order"),
        validators=[required(_l("Fill in the most one order may hold.")), AT_LEAST_ONE],
    )
    max_per_year = QuantityField(
        _l("Most per business and year"),
        validators=[required(_l("Fill in the most a business may order in a year.")), AT_LEAST_ONE],
    )
    available = BooleanField(_l("Businesses can order it now"), default=True)

    def __init__(self, areas, national: bool, *args, **kwargs):
        """`areas`: where the user may offer an item; `national`: may offer it everywhere."""
        super().__init__(*args, **kwargs)
        national_choice = [("", _l("Every area (national)"))] if national else []
        self.area.choices = national_choice + [(a.id, a.name) for a in areas]
        self.kind.choices = [("", _l("Choose…")), *ITEM_KIND_LABELS.items()]

    def validate_language(self, field):
        if field.data and not re.fullmatch(LANGUAGE_TAG, field.data.strip()):
            raise ValidationError(_l("Write a language code such as sv, en or ar."))

    def validate_max_per_year(self, field):
        if not field.errors and self.max_per_order.data and field.data < self.max_per_order.data:
            raise ValidationError(_l("A year's limit cannot be lower than one order's."))


class HandoutForm(Form):
    area = SelectField(
        _l("Police area"), coerce=int, validators=[required(_l("Choose the police area."))]
    )
    municipality = SelectField(
        _l("Municipality"), coerce=int, validators=[required(_l("Choose the municipality."))]
    )
    handed_out_on = DateField(
        _l("Date"), validators=[required(_l("Fill in the date the stickers were handed out."))]
    )
    occasion = SelectField(_l("Occasion"), validators=[required(_l("Choose the occasion."))])
    quantity = QuantityField(
        _l("Number of stickers"),
        validators=[
            required(_l("Fill in how many stickers were handed out.")),
            AT_LEAST_ONE,
        ],
    )

    def __init__(self, areas, municipalities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [(a.id, a.name) for a in areas]
        self.municipality.choices = [(m.id, m.name) for m in municipalities]
        self.occasion.choices = [("", _l("Choose…")), *OCCASION_LABELS.items()]

    def validate_handed_out_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("The date cannot be in the future."))

    def validate_municipality(self, field):
        if field.errors or self.area.errors:  # not a known choice: nothing to look up
            return
        if self.area.data not in {area.id for area in areas_covering(field.data)}:
            raise ValidationError(_l("This municipality is not in the police area you chose."))


class SelectionForm(Form):
    """Several orders changed in one step: those ticked, or every order the filter matches."""

    orders = MultiCheckboxField(_l("Orders"), coerce=int, validate_choice=False)
    everything = BooleanField(_l("Every order that matches the filter"))
    action = SelectField(
        lazy_pgettext("bulk action", "Change"),
        validators=[required(_l("Choose what to do with the orders."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("approve", _l("Approve")), ("send", _l("Mark as sent"))]

    def validate_orders(self, field):
        if any(not 0 < number < 2**63 for number in field.data or ()):
            raise ValidationError(_l("Choose orders in the list."))


class DigestForm(Form):
    wanted = BooleanField(_l("Send me a mail each morning when new orders have arrived"))
