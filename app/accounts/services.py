"""Logging in, locking after failures, and single-use password tokens."""

import logging
from datetime import timedelta

from flask import has_request_context, request
from flask_babel import gettext as _

from app.accounts import totp
from app.accounts.models import Session, Token, User
from app.accounts.passwords import hash_password, hasher, verify_dummy, verify_password
from app.audit.models import record
from app.db import database, utcnow
from app.jobs import crontab, periodic
from app.security import hash_token, new_token
from app.sessions import SESSION_ABSOLUTE, SESSION_IDLE_BUSINESS, SESSION_IDLE_STAFF

FAILURES_BEFORE_LOCK = 5
MAX_LOCK_MINUTES = 15
# A reset is asked for by someone at the screen; an invitation is read whenever the shop's
# inbox is opened, so it lives longer (still single-use, and only its hash is stored).
TOKEN_LIFETIME = {"reset": timedelta(minutes=30), "invite": timedelta(hours=72)}

# Authentication events, for whoever watches the logs: never a password, code or token.
security_log = logging.getLogger("tif.security")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def lock_minutes(failures: int) -> int:
    """1, 2, 4, 8, then 15 minutes for the 5th, 6th, … consecutive failure."""
    return min(MAX_LOCK_MINUTES, 2 ** (failures - FAILURES_BEFORE_LOCK))


def _client() -> str:
    return request.remote_addr or "-" if has_request_context() else "-"


def is_locked(user: User) -> bool:
    return bool(user.locked_until and user.locked_until > utcnow())


def count_failure(user: User, what: str) -> None:
    """One more failed password or code on the account. Counted in SQL, so that attempts made
    at the same moment all count; from the 5th failure on, the account is locked for a time
    that grows with the count. Only a complete login (`logged_in`) clears the count."""
    User.update(failed_logins=User.failed_logins + 1).where(User.id == user.id).execute()
    failures = User.select(User.failed_logins).where(User.id == user.id).scalar()
    security_log.warning("%s failed for account %s from %s", what, user.id, _client())
    if user.is_staff:
        record("login_failed" if what == "password" else "code_failed", user, actor=None)
    if failures >= FAILURES_BEFORE_LOCK:
        minutes = lock_minutes(failures)
        User.update(locked_until=utcnow() + timedelta(minutes=minutes)).where(
            User.id == user.id
        ).execute()
        security_log.warning("account %s locked for %s minutes", user.id, minutes)
        if user.is_staff:
            record("account_locked", user, actor=None)


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, or None: unknown, wrong, locked and disabled all
    look the same to the caller (and take the same time). A right password does not clear the
    failure count yet: the second factor may still fail."""
    user = User.get_or_none(User.email == normalise_email(email))
    if user is None or not user.password_hash or is_locked(user):
        verify_dummy(password)
        security_log.warning("login refused (unknown or locked account) from %s", _client())
        return None
    if not verify_password(user.password_hash, password):
        count_failure(user, "password")
        return None
    if not user.is_active or (user.business_id and user.business.status != "active"):
        return None
    if hasher().check_needs_rehash(user.password_hash):
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
    return user


def check_current_password(user: User, password: str) -> bool:
    """The user's own password, asked for again before a change: counted and locked like a
    login."""
    if is_locked(user):
        verify_dummy(password)
        return False
    if verify_password(user.password_hash, password):
        return True
    count_failure(user, "password")
    return False


def issue_token(user: User, purpose: str) -> str:
    """A new single-use link token; earlier unused tokens of the same purpose stop working."""
    token, token_hash = new_token()
    with database.atomic():
        Token.delete().where(
            (Token.user == user) & (Token.purpose == purpose) & Token.used_at.is_null()
        ).execute()
        Token.create(
            token_hash=token_hash,
            user=user,
            purpose=purpose,
            expires_at=utcnow() + TOKEN_LIFETIME[purpose],
        )
    return token


def valid_token(token: str, purpose: str) -> Token | None:
    if not token or len(token) > 100:
        return None
    row = (
        Token.select(Token, User)
        .join(User)
        .where((Token.token_hash == hash_token(token)) & (Token.purpose == purpose))
        .first()
    )
    if (
        row is None
        or row.used_at is not None
        or row.expires_at < utcnow()
        or not row.user.is_active
    ):
        return None
    return row


def end_sessions(user_id) -> None:
    """End every session of a user on the server (password change, disabling)."""
    Session.delete().where(Session.user == user_id).execute()


def set_password(user: User, password: str) -> None:
    """New password; every session and every unused link of the user ends, and so does any
    open lock."""
    User.update(
        password_hash=hash_password(password),
        password_changed_at=utcnow(),
        failed_logins=0,
        locked_until=None,
    ).where(User.id == user.id).execute()
    Token.delete().where((Token.user == user.id) & Token.used_at.is_null()).execute()
    end_sessions(user.id)


def use_token(token_row: Token, password: str) -> bool:
    """Spend the token and set the password, once: a second use finds the token spent."""
    with database.atomic():
        spent = (
            Token.update(used_at=utcnow())
            .where((Token.id == token_row.id) & Token.used_at.is_null())
            .execute()
        )
        if not spent:
            return False
        set_password(token_row.user, password)
        security_log.info(
            "password set through a %s link for account %s", token_row.purpose, token_row.user_id
        )
        if token_row.user.is_staff:
            record("password_set_by_link", token_row.user, actor=token_row.user)
    return True


def change_own_password(user: User, password: str) -> None:
    """The user's own change: other sessions end, and staff changes go to the audit log."""
    with database.atomic():
        set_password(user, password)
        if user.is_staff:
            record("password_changed", user, actor=user)


def logged_in(user: User) -> None:
    """A completed login (after the second factor, where there is one): the failure count
    starts again."""
    User.update(failed_logins=0, locked_until=None, last_login_at=utcnow()).where(
        User.id == user.id
    ).execute()
    if user.is_staff:
        record("login", actor=user)


def enable_totp(user: User, secret: str) -> None:
    with database.atomic():
        User.update(totp_secret=totp.seal(secret)).where(User.id == user.id).execute()
        record("totp_enabled", user, actor=user)


def disable_totp(user: User) -> None:
    with database.atomic():
        User.update(totp_secret=None, totp_last_step=None).where(User.id == user.id).execute()
        record("totp_disabled", user, actor=user)


def save_language(user: User, code: str) -> None:
    User.update(language=code).where(User.id == user.id).execute()


def disable(user: User) -> None:
    with database.atomic():
        User.update(disabled_at=utcnow()).where(User.id == user.id).execute()
        end_sessions(user.id)


@periodic(crontab(minute="*/15"))
def purge_expired_sessions_and_tokens() -> None:
    """Sessions past their limits and tokens past their expiry are deleted, not just ignored:
    the same limits the session interface applies when a session is used."""
    now = utcnow()
    staff_ids = User.select(User.id).where(User.role != "business")
    Session.delete().where(
        (Session.created_at < now - SESSION_ABSOLUTE)
        | (Session.last_seen < now - SESSION_IDLE_BUSINESS)
        | ((Session.last_seen < now - SESSION_IDLE_STAFF) & Session.user.in_(staff_ids))
    ).execute()
    Token.delete().where(Token.expires_at < now).execute()


class AccountRefused(Exception):
    """An account cannot be created as asked; the message says why."""


def invite_user(email: str, role: str, language: str = "", name: str = "", **scope) -> User:
    """A new account without a password, and an invitation mail with a single-use link."""
    from flask import url_for

    from app.mail import queue_mail

    email = normalise_email(email)
    if User.select().where(User.email == email).exists():
        raise AccountRefused(_("%(email)s already has an account.", email=email))
    with database.atomic():
        user = User.create(email=email, role=role, language=language, name=name, **scope)
        token = issue_token(user, "invite")
    queue_mail(
        user.email,
        "accounts/mail/invitation",
        language,
        link=url_for("accounts.accept_invitation", token=token),
    )
    return user


def remove_user(user: User) -> None:
    """Delete the account (sessions and tokens go with it); audit entries keep an empty actor."""
    user.delete_instance()
