"""People who log in, and the single-use tokens that let them set a password."""

import peewee as pw
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin

from app.areas.models import (
    Area,
    AreaMunicipality,
    County,
    CustomsRegion,
    CustomsRegionArea,
    Municipality,
)
from app.businesses.models import Business
from app.db import BaseModel, utcnow

ROLES = ("business", "police", "municipality", "customs", "county", "admin")
STAFF_ROLES = ("police", "municipality", "customs", "county", "admin")
# Which scope field each role must have set (customs: none means national).
ROLE_SCOPE_FIELD = {
    "business": "business",
    "police": "area",
    "municipality": "municipality",
    "customs": "customs_region",
    "county": "county",
    "admin": None,
}


class User(UserMixin, BaseModel):
    label = _l("Account")  # how the audit log names it

    email = pw.CharField(max_length=254, unique=True)
    password_hash = pw.CharField(max_length=255, default="")
    name = pw.CharField(max_length=100, default="")
    role = pw.CharField(max_length=20, choices=[(r, r) for r in ROLES])
    language = pw.CharField(max_length=5, default="")
    business = pw.ForeignKeyField(Business, null=True, backref="users", on_delete="CASCADE")
    area = pw.ForeignKeyField(Area, null=True, backref="users", on_delete="RESTRICT")
    municipality = pw.ForeignKeyField(
        Municipality, null=True, backref="users", on_delete="RESTRICT"
    )
    customs_region = pw.ForeignKeyField(
        CustomsRegion, null=True, backref="users", on_delete="RESTRICT"
    )
    county = pw.ForeignKeyField(County, null=True, backref="users", on_delete="RESTRICT")
    disabled_at = pw.DateTimeField(null=True)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    last_login_at = pw.DateTimeField(null=True)
    password_changed_at = pw.DateTimeField(null=True)
    # Erased (on request, or after 24 months unused): the row stays as a pseudonymous
    # tombstone, so that statistics and audit entries still point somewhere.
    erased_at = pw.DateTimeField(null=True)
    # Two-factor authentication (staff): the secret, encrypted with TOTP_KEY (accounts/totp.py).
    totp_secret = pw.CharField(max_length=255, null=True)
    totp_last_step = pw.BigIntegerField(null=True)  # a code is accepted once
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("role", "email"), False),)  # the staff list, among all the business users

    @property
    def is_active(self):
        return self.disabled_at is None

    @property
    def is_staff(self):
        return self.role in STAFF_ROLES

    def scope_name(self) -> str | None:
        """The name of the object this user's scope is (None for everything or the nation)."""
        scope_object = ROLE_SCOPE_FIELD[self.role]
        if scope_object is None or getattr(self, f"{scope_object}_id") is None:
            return None
        return getattr(self, scope_object).name

    def scope_label(self) -> str:
        """What this user's scope is called in the page header: "Police area Sundsvall",
        "Sundsvalls kommun", "Tullregion Norr", "Västernorrlands län", the business's name."""
        name = self.scope_name()
        if name is None:
            return (
                _l("Tullverket, the whole country") if self.role == "customs" else _l("All areas")
            )
        if self.role == "police":
            return _l("Police area %(name)s", name=name)
        return name

    def area_ids(self):
        """The police areas this user's scope reaches, as a subquery (None: every area)."""
        if self.role == "police":
            return Area.select(Area.id).where(Area.id == self.area_id)
        if self.role == "municipality":
            return AreaMunicipality.select(AreaMunicipality.area).where(
                AreaMunicipality.municipality == self.municipality_id
            )
        if self.role == "customs" and self.customs_region_id is not None:
            return CustomsRegionArea.select(CustomsRegionArea.area).where(
                CustomsRegionArea.region == self.customs_region_id
            )
        if self.role == "county":
            return Area.select(Area.id).where(Area.county == self.county_id)
        if self.role in ("admin", "customs"):
            return None
        return Area.select(Area.id).where(Area.id == -1)

    def scope_is_consistent(self) -> bool:
        """A role has exactly the scope field it needs and no other."""
        wanted = ROLE_SCOPE_FIELD[self.role]
        for field in ("business", "area", "municipality", "customs_region", "county"):
            is_set = getattr(self, f"{field}_id") is not None
            if field == wanted and not is_set and self.role != "customs":
                return False
            if field != wanted and is_set:
                return False
        return True


class Token(BaseModel):
    """Single-use link token (password reset, invitation); only its hash is stored."""

    token_hash = pw.CharField(max_length=64, unique=True)
    user = pw.ForeignKeyField(User, backref="tokens", on_delete="CASCADE")
    purpose = pw.CharField(max_length=20)
    new_email = pw.CharField(max_length=254, default="")  # purpose "email": the address to confirm
    expires_at = pw.DateTimeField(index=True)
    used_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=utcnow)


class Session(BaseModel):
    """A browser session. The cookie holds a random token; only its hash is stored here."""

    token_hash = pw.CharField(max_length=64, primary_key=True)
    user = pw.ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    data = pw.TextField(default="{}")
    # What the user agent says the device is ("Firefox on Android"); never its address.
    device = pw.CharField(max_length=60, default="")
    created_at = pw.DateTimeField(default=utcnow)
    last_seen = pw.DateTimeField(default=utcnow, index=True)


class RecoveryCode(BaseModel):
    """A single-use code that stands in for the two-factor code when the phone is lost; only
    its hash is stored (the code is random enough that a plain hash cannot be reversed)."""

    user = pw.ForeignKeyField(User, backref="recovery_codes", on_delete="CASCADE")
    code_hash = pw.CharField(max_length=64, unique=True)
    used_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=utcnow)


MODELS = [User, Token, Session, RecoveryCode]
