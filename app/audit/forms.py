from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from app.forms import FilterForm


class AuditFilterForm(FilterForm):
    actor = StringField(_l("Who (email)"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("Action"), validators=[Optional()])
    since = DateField(_l("From date"), validators=[Optional()])
    until = DateField(_l("To date"), validators=[Optional()])

    def __init__(self, actions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("All"))] + [(code, label) for code, label in actions]
