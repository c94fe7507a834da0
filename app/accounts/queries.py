"""The one read every logged-in request makes: its session, with the user and what the pages
show of the user's scope (the business and its area, or the staff member's area,
municipality, customs region or county), in one query whose SQL is written once."""

import peewee as pw

from app.accounts.models import Session, User
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
