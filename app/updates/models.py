"""Updates (nyheter) from police, municipality and customs to the businesses of a place, who
read them, and how each person wants to hear of new ones.

An update is published from a desk – the publisher's scope: a police area, a municipality, a
customs region, or the whole country – and reaches the businesses there, optionally narrowed
to some site types and some municipalities (app/updates/audience.py).
"""

import peewee as pw
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.accounts.models import User
from app.areas.models import Area, CustomsRegion, Municipality
from app.businesses.models import Business
from app.db import BaseModel, utcnow

CATEGORIES = ("warning", "knowledge", "feedback", "meeting", "general")
CATEGORY_LABELS = {
    "warning": lazy_pgettext("update category", "Be on the lookout"),
    "knowledge": lazy_pgettext("update category", "Knowledge"),
    "feedback": lazy_pgettext("update category", "Feedback"),
    "meeting": lazy_pgettext("update category", "Meeting"),
    "general": lazy_pgettext("update category", "General"),
}
LEVELS = ("area", "municipality", "region", "national")
PUBLISHERS = ("police", "municipality", "customs", "admin")
MAX_IMAGES = 3

NOTIFY_LEVELS = ("none", "warnings", "all")
FREQUENCIES = ("immediate", "daily")


class Update(BaseModel):
    label = _l("Update")  # how the audit log names it

    category = pw.CharField(max_length=20, choices=[(c, c) for c in CATEGORIES])
    title = pw.CharField(max_length=150)
    body = pw.TextField()  # Markdown, rendered and sanitised when shown (markdown.py)
    pinned = pw.BooleanField(default=False)
    # The desk: which of area / municipality / customs_region is set follows `level`; `desk`
    # is the same as one key to look up ("area:12"), see audience.Audience.desk.
    desk = pw.CharField(max_length=30)
    level = pw.CharField(max_length=12, choices=[(v, v) for v in LEVELS])
    area = pw.ForeignKeyField(Area, null=True, on_delete="CASCADE")
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
    customs_region = pw.ForeignKeyField(CustomsRegion, null=True, on_delete="CASCADE")
    # The desk's name when the update was written ("Sundsvall", "Sundsvalls kommun"), for the
    # line saying whom it is from: lists need no joins.
    place_name = pw.CharField(max_length=100, default="")
    publisher = pw.CharField(max_length=20, choices=[(p, p) for p in PUBLISHERS])
    # Narrowing: ",paketombud,terminal," (empty: every site type); `narrowed` when only the
    # municipalities in UpdateMunicipality are reached.
    site_types = pw.CharField(max_length=120, default="")
    narrowed = pw.BooleanField(default=False)
    publish_at = pw.DateTimeField()
    expires_at = pw.DateTimeField(null=True)
    # When its publication was announced (reach counted, notifications queued): set once.
    announced_at = pw.DateTimeField(null=True)
    edited_at = pw.DateTimeField(null=True)  # changed after publication: shown as "updated"
    attachment = pw.CharField(max_length=40, default="")  # a stored PDF (app.uploads)
    reach_businesses = pw.IntegerField(null=True)  # counted when announced and when changed
    reach_users = pw.IntegerField(null=True)
    # Once expired, the read marks are deleted and their count is kept here.
    read_businesses = pw.IntegerField(null=True)
    author = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            # A feed looks up the updates still shown of each desk that reaches the business.
            (("desk", "expires_at"), False),
            # The staff lists, newest first.
            (("publish_at", "id"), False),
        )

    @classmethod
    def scope(cls, user):
        from app.updates.audience import scope_of

        return scope_of(user)

    def is_published(self, now) -> bool:
        return self.publish_at <= now

    def is_expired(self, now) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def site_type_list(self) -> list[str]:
        return [code for code in self.site_types.split(",") if code]


class UpdateMunicipality(BaseModel):
    """A municipality an update is narrowed to."""

    update = pw.ForeignKeyField(Update, backref="municipality_links", on_delete="CASCADE")
    municipality = pw.ForeignKeyField(Municipality, on_delete="CASCADE")

    class Meta:
        indexes = ((("update", "municipality"), True),)


class UpdateImage(BaseModel):
    label = _l("Image of an update")

    update = pw.ForeignKeyField(Update, backref="images", on_delete="CASCADE")
    stored_name = pw.CharField(max_length=40)  # app.uploads
    description = pw.CharField(max_length=200)  # the alternative text
    width = pw.IntegerField(null=True)  # PNG: known from its header
    height = pw.IntegerField(null=True)
    position = pw.IntegerField(default=0)

    @classmethod
    def scope(cls, user):
        """An image is seen by whoever sees its update."""
        from app.security import scoped
        from app.updates.audience import among

        return among(cls.update, scoped(Update, user, Update.select(Update.id)))


class UpdateRead(BaseModel):
    """That a person has opened an update. Only counts per business ever leave this table,
    and the rows are deleted when the update expires."""

    update = pw.ForeignKeyField(Update, on_delete="CASCADE", index=False)
    user = pw.ForeignKeyField(User, on_delete="CASCADE", index=False)
    business = pw.ForeignKeyField(Business, on_delete="CASCADE")
    read_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "update"), True), (("update", "business"), False))


class UpdatePreference(BaseModel):
    """How a person wants to hear of new updates (no row: no mails)."""

    user = pw.ForeignKeyField(User, unique=True, on_delete="CASCADE")
    notify = pw.CharField(max_length=10, default="none")  # NOTIFY_LEVELS
    frequency = pw.CharField(max_length=10, default="immediate")  # FREQUENCIES
    # Part of every unsubscribe link; raised when one is used, so a link works once.
    link_version = pw.IntegerField(default=0)
    # The daily digest covers updates published after this.
    digested_until = pw.DateTimeField(default=utcnow)


MODELS = [Update, UpdateMunicipality, UpdateImage, UpdateRead, UpdatePreference]
