"""The one read every logged-in request makes: its session, with the user and what the pages
show of the user's scope (the business and its area, or the staff member's area,
municipality, customs region or county), in one query whose SQL is written once."""

import peewee as pw

from app.accounts.models import RecoveryCode, Session, User
from app.areas.models import Area, County, CustomsRegion, Municipality
from app.businesses.models import Business
from app.db import PreparedSelect, fields_of

BusinessArea = Area.alias("business_area")
SCOPE = (Business, BusinessArea, Area, Municipality, CustomsRegion, County)


def _session_query(token_hash):
    return (
        Session.select(*[field for model in (Session, User, *SCOPE) for field in fields_of(model)])
        .join(User)
        .join(Business, pw.JOIN.LEFT_OUTER)
        .join(BusinessArea, pw.JOIN.LEFT_OUTER, on=(Business.area == BusinessArea.id))
        .switch(User)
        .join(Area, pw.JOIN.LEFT_OUTER, on=(User.area == Area.id))
        .switch(User)
        .join(Municipality, pw.JOIN.LEFT_OUTER)
        .switch(User)
        .join(CustomsRegion, pw.JOIN.LEFT_OUTER)
        .switch(User)
        .join(County, pw.JOIN.LEFT_OUTER)
        .where(Session.token_hash == token_hash)
    )


_SESSION = PreparedSelect((Session, User, *SCOPE), _session_query)


def session_with_user(token_hash: str) -> Session | None:
    found = _SESSION.first(token_hash)
    if found is None:
        return None
    session, user, business, business_area, area, municipality, region, county = found
    session.user = user
    if business is not None:
        business.area = business_area
        user.business = business
    for name, scope_object in (
        ("area", area),
        ("municipality", municipality),
        ("customs_region", region),
        ("county", county),
    ):
        if scope_object is not None:
            setattr(user, name, scope_object)
    for row in (session, user, business):
        if row is not None:
            row._dirty.clear()  # linked as loaded: nothing to save
    return session


def iso_time(moment) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with its zone, for the person's download."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def personal_data(user: User) -> dict:
    """The person's account as their download shows it (no hashes, secrets or tokens)."""
    unused_codes = (
        RecoveryCode.select()
        .where((RecoveryCode.user == user.id) & RecoveryCode.used_at.is_null())
        .count()
    )
    sessions = Session.select(Session.device, Session.created_at, Session.last_seen).where(
        Session.user == user.id
    )
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "belongs_to": str(user.scope_label()),
            "language": user.language,
            "created_at": iso_time(user.created_at),
            "last_login_at": iso_time(user.last_login_at),
            "password_changed_at": iso_time(user.password_changed_at),
            "disabled_at": iso_time(user.disabled_at),
            "two_factor": bool(user.totp_secret),
            "unused_recovery_codes": unused_codes,
        },
        "sessions": [
            {
                "device": s.device,
                "logged_in_at": iso_time(s.created_at),
                "last_active_at": iso_time(s.last_seen),
            }
            for s in sessions
        ],
    }
