"""Form bases: every text field refuses control characters and overlong input with a message;
GET filter forms; the field helpers and validators the features share. Forms validate and
never write: services save what a valid form holds."""

import re
from functools import lru_cache

import phonenumbers
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from stdnum.se import orgnr
from wtforms import EmailField, SelectMultipleField, StringField, ValidationError
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

# C0 controls except tab/newline/carriage return, DEL, C1 controls, and Unicode bidi overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def no_control_characters(form, field):
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        raise StopValidation(
            _l(
                "The text contains hidden characters that cannot be saved. Type it again "
                "instead of pasting it."
            )
        )


class Form(FlaskForm):
    """Every text field first refuses control characters, and then validates no further: such
    a value never reaches a query (PostgreSQL refuses NUL bytes outright). A text field left
    out of the request holds an empty string."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self._fields.items():
            if isinstance(field, StringField) and name != "csrf_token":
                field.validators = [no_control_characters, *field.validators]
                if field.data is None:  # not sent at all: "" (text columns are NOT NULL)
                    field.data = ""


class FilterForm(Form):
    """The filters of a list, read from the query string (no CSRF token: a GET changes
    nothing). `query_args()` gives the filters in use, for paging links."""

    class Meta:
        csrf = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formdata=request.args, **kwargs)

    def query_args(self) -> dict:
        return {
            name: field.raw_data[0]
            for name, field in self._fields.items()
            if field.raw_data and field.raw_data[0]
        }

    def value(self, name: str):
        """A filter's value, or None when it is empty or was refused."""
        field = self._fields[name]
        return None if field.errors else field.data or None


def optional_id(value):
    """Coercion for a select whose empty choice means "none": the id as int, or None."""
    return int(value) if value not in (None, "", "None") else None


def form_values(form, names) -> dict:
    """The named fields' data, for a service to save."""
    return {name: form[name].data for name in names}


def swedish_org_number(form, field):
    """Organisation number (or a sole trader's personal identity number): 10 digits, checksum."""
    value = (field.data or "").strip()
    if not value:
        field.data = None
        return
    if not orgnr.is_valid(value):
        raise ValidationError(_l("Enter a valid organisation number, for example 556036-0793."))
    field.data = orgnr.compact(value)


def swedish_phone(form, field):
    """A phone number that can be dialled from Sweden; stored in international form."""
    value = (field.data or "").strip()
    if not value:
        return
    try:
        number = phonenumbers.parse(value, "SE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_l("Enter a valid phone number, for example 070-123 45 67."))
    field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def swedish_postcode(form, field):
    digits = (field.data or "").replace(" ", "")
    if not (len(digits) == 5 and digits.isdigit() and digits[0] != "0"):
        raise ValidationError(_l("Enter a postcode of five digits, for example 852 30."))
    field.data = digits


NBSP = "\u00a0"


def _parsed(value: str):
    try:
        number = phonenumbers.parse(value, "SE")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=4096)  # pages show the same few numbers again and again
def format_phone(value: str) -> str:
    """For display, with non-breaking spaces so a number never wraps: +46701234567 ->
    070-123 45 67; short numbers (tip lines: "114 14", "90 114", "112") as written."""
    number = _parsed(value or "")
    if number is not None:
        value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return (value or "").replace(" ", NBSP)


@lru_cache(maxsize=4096)
def tel_uri(value: str) -> str:
    """The number for a tel: link: +46701234567, or the digits of a short number (11414)."""
    number = _parsed(value or "")
    if number is not None:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "".join(ch for ch in value or "" if ch.isdigit())


def format_postcode(value: str) -> str:
    """85230 -> 852 30, with a non-breaking space."""
    return f"{value[:3]}{NBSP}{value[3:]}" if value and len(value) == 5 else value or ""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (usable without JavaScript, unlike a multiple select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def required(message):
    """The field must be filled in; `message` says which ("Fill in the name of the business.")."""
    return InputRequired(message=message)


def email_field(label, required: bool = True, message=None) -> EmailField:
    """An email address field: checked for shape (not deliverability), at most 254 characters."""
    presence = InputRequired(message=message) if required else Optional()
    return EmailField(
        label,
        validators=[presence, Length(max=254), Email(message=_l("Enter a valid email address."))],
    )
