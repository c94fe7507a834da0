from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from app.forms import Form, required
from app.privacy.models import DECLINE_REASONS


class DeclineForm(Form):
    reason = RadioField(
        _l("Why the account is kept"),
        choices=[SelectChoice(code, text) for code, text in DECLINE_REASONS.items()],
        validators=[required(_l("Choose why the account is kept."))],
    )
