from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from app.forms import FilterForm, optional_id


class FindAreaForm(FilterForm):
    """The start page: which municipality is the business in?"""

    municipality = SelectField(
        _l("Which municipality is your business in?"),
        coerce=optional_id,
        validators=[Optional()],
    )

    def __init__(self, municipalities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = [("", _l("Choose…"))] + [(m.id, m.name) for m in municipalities]
