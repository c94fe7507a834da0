"""Form base: every text field refuses control characters and overlong input with a message."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import ValidationError

# C0 controls except tab/newline/carriage return, DEL, C1 controls, and Unicode bidi overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def no_control_characters(form, field):
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        raise ValidationError(_l("Remove the invisible control characters from this field."))


class Form(FlaskForm):
    """Adds the control-character check to every string field."""

    def validate(self, extra_validators=None):
        extra = dict(extra_validators or {})
        for name, field in self._fields.items():
            if isinstance(field.data, str) and name != "csrf_token":
                extra.setdefault(name, []).append(no_control_characters)
        return super().validate(extra_validators=extra)
