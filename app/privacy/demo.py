"""Demo: a staff member of Sundsvall Paketterminal has asked for their account to be erased,
so the police and the municipality in Sundsvall have a request to handle."""

from app.accounts.models import User
from app.demo import ensure
from app.privacy.models import ErasureRequest


def load() -> None:
    user = User.get(User.email == "terminal@example.com")
    business = user.business
    ensure(
        ErasureRequest,
        {"user": user},
        area=business.area_id,
        municipality=business.municipality_id,
    )
