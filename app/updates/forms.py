from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, DateTimeLocalField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.businesses.models import SITE_TYPE_LABELS
from app.db import utcnow
from app.forms import Form, MultiCheckboxField, required
from app.updates.models import CATEGORIES, CATEGORY_LABELS, MAX_IMAGES
from app.uploads import image_upload, pdf_upload

TIME_FORMAT = "%Y-%m-%dT%H:%M"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # anything else is a typing mistake (or an attack)
LONGEST_SCHEDULE = timedelta(days=366)


def _time_field(label):
    return DateTimeLocalField(label, format=TIME_FORMAT, validators=[Optional()])


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def chosen_file(field) -> FileStorage | None:
    data = field.data
    return data if isinstance(data, FileStorage) and data.filename else None


class UpdateForm(Form):
    category = RadioField(
        _l("Category"),
        validators=[required(_l("Choose a category."))],
    )
    title = StringField(
        _l("Headline"),
        filters=[_stripped],
        validators=[DataRequired(_l("Fill in a headline.")), Length(max=150)],
    )
    body = TextAreaField(
        _l("Text"),
        filters=[_stripped],
        validators=[DataRequired(_l("Write the text of the update.")), Length(max=10_000)],
        render_kw={"rows": 12},
    )
    pinned = BooleanField(_l("Pin it to the top of the businesses' list of updates"))
    site_types = MultiCheckboxField(_l("Only these types of site"))
    municipalities = MultiCheckboxField(_l("Only these municipalities"), coerce=int)
    when = RadioField(
        _l("Publish"),
        default="now",
        validators=[required(_l("Choose when to publish."))],
    )
    publish_at = _time_field(_l("Date and time of publication"))
    expires_at = _time_field(_l("Remove it from the businesses' list at"))
    image = FileField(
        _l("Add an image (PNG or SVG)"),
        validators=[image_upload()],
        render_kw={"accept": "image/png,image/svg+xml"},
    )
    image_description = StringField(_l("What the image shows"), validators=[Length(max=200)])
    remove_images = MultiCheckboxField(_l("Remove images"), coerce=int)
    attachment = FileField(
        _l("Attach a PDF"), validators=[pdf_upload()], render_kw={"accept": "application/pdf"}
    )
    remove_attachment = BooleanField(_l("Remove the attachment"))

    def __init__(self, municipalities, update=None, images=(), *args, **kwargs):
        super().__init__(*args, obj=update, **kwargs)
        self.update = update
        self.category.choices = [(code, CATEGORY_LABELS[code]) for code in CATEGORIES]
        self.site_types.choices = list(SITE_TYPE_LABELS.items())
        self.when.choices = [("now", _l("Now")), ("later", _l("At a set time"))]
        self.municipalities.choices = [(m.id, m.name) for m in municipalities]
        self.remove_images.choices = [(image.id, image.description) for image in images]
        if update is not None and update.is_published(utcnow()):
            del self.when  # once published, an update stays published
            del self.publish_at
        if update is None or not update.attachment:
            del self.remove_attachment
        if not self.is_submitted() and update is not None:
            self._fill_from(update)

    def _fill_from(self, update) -> None:
        self.site_types.data = update.site_type_list()
        self.municipalities.data = [link.municipality_id for link in update.municipality_links]
        if "when" in self:
            self.when.data = "later"
            self.publish_at.data = to_user_timezone(update.publish_at).replace(tzinfo=None)
        if update.expires_at is not None:
            self.expires_at.data = to_user_timezone(update.expires_at).replace(tzinfo=None)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if "when" in self and self.when.data == "later" and self.publish_at.data is None:
            if not self.publish_at.errors:
                self.publish_at.errors.append(_l("Fill in when the update is to be published."))
            valid = False
        return valid

    def validate_publish_at(self, field):
        if field.data is None or self.when.data != "later":
            return
        _check_year(field.data)
        moment = to_utc(field.data)
        if moment <= utcnow():
            raise ValidationError(_l("Choose a time that has not passed yet."))
        if moment > utcnow() + LONGEST_SCHEDULE:
            raise ValidationError(_l("Choose a time within a year from now."))

    def validate_expires_at(self, field):
        if field.data is None:
            return
        _check_year(field.data)
        if to_utc(field.data) <= max(self.publication_time() or utcnow(), utcnow()):
            raise ValidationError(_l("Choose a time after the publication."))

    def validate_image(self, field):
        if chosen_file(field) is None:
            return
        kept = len(self.remove_images.choices) - len(self.remove_images.data or [])
        if kept >= MAX_IMAGES:
            raise ValidationError(
                _l(
                    "An update can have at most %(count)s images. Remove one first.",
                    count=MAX_IMAGES,
                )
            )

    def validate_image_description(self, field):
        if chosen_file(self.image) is not None and not field.data.strip():
            raise ValidationError(_l("Describe what the image shows, for those who cannot see it."))

    # ------------------------------------------------------------ values for the service

    def publication_time(self):
        """When the update is published (UTC), or None for now."""
        if "when" not in self:
            return self.update.publish_at
        publish_at = self.publish_at
        if self.when.data == "later" and publish_at.data is not None and not publish_at.errors:
            return to_utc(publish_at.data)
        return None

    def expiry_time(self):
        return to_utc(self.expires_at.data) if self.expires_at.data is not None else None


def _check_year(moment: datetime) -> None:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValidationError(_l("Enter a date between the years 2000 and 2100."))


class PreferencesForm(Form):
    notify = RadioField(
        _l("Mail me when"),
        validators=[required(_l("Choose when you want a mail."))],
    )
    frequency = RadioField(
        _l("How often"),
        validators=[required(_l("Choose how often you want a mail."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notify.choices = [
            ("none", _l("Never: I read the updates when I log in")),
            ("warnings", _l("A warning (Be on the lookout) is published")),
            ("all", _l("Any update is published")),
        ]
        self.frequency.choices = [
            ("immediate", _l("At once, one mail per update")),
            ("daily", _l("At most once a day, in the morning")),
        ]
