"""Two-factor authentication with time-based codes (TOTP, RFC 6238) for staff.

An area (Area.require_totp) or the whole installation (REQUIRE_TOTP) can require it: staff in
such a scope must enrol before they can use the portal.
"""

import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from app.accounts.models import User
from app.areas.models import Area

ISSUER = "TIF"


def required_for(user: User) -> bool:
    if not user.is_staff:
        return False
    if current_app.config["REQUIRE_TOTP"]:
        return True
    if user.role == "admin":
        return False
    areas = Area.select().where(Area.require_totp)
    area_ids = user.area_ids()
    if area_ids is not None:
        areas = areas.where(Area.id.in_(area_ids))
    return areas.exists()


def new_secret() -> str:
    return pyotp.random_base32()


def seal(secret: str) -> str:
    """The secret encrypted for storage (the account row, the enrolling session's data)."""
    return Fernet(current_app.config["TOTP_KEY"]).encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str | None:
    """The secret, or None when it was not sealed with this installation's key."""
    try:
        return Fernet(current_app.config["TOTP_KEY"]).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def qr_svg(secret: str, email: str, label: str) -> str:
    """The enrolment QR code as inline SVG (no script, no style attribute: fits the CSP)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#1b1b1f", light="#ffffff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def matching_step(secret: str, code: str) -> int | None:
    """The time step whose code this is (allowing one step of clock drift), or None."""
    code = (code or "").replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    for step in (now, now - 1, now + 1):
        if totp.generate_otp(step) == code:
            return step
    return None


def accept_code(user: User, code: str, secret: str | None = None) -> bool:
    """Check a code against `secret` (or the account's stored one) and spend it: the same code
    (or an older one) is never accepted twice."""
    if secret is None and user.totp_secret:
        secret = unseal(user.totp_secret)
    step = matching_step(secret, code) if secret else None
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    updated = (
        User.update(totp_last_step=step)
        .where(
            (User.id == user.id) & (User.totp_last_step.is_null() | (User.totp_last_step < step))
        )
        .execute()
    )
    return bool(updated)
