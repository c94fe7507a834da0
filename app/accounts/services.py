"""Logging in, locking after failures, and single-use password tokens."""

import logging
from datetime import timedelta

import peewee as pw
from flask import has_request_context, request
from flask_babel import gettext as _

from app.accounts import recovery, totp
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
# A new address is confirmed from its own inbox, which may be read later the same day.
TOKEN_LIFETIME = {
    "reset": timedelta(minutes=30),
    "invite": timedelta(hours=72),
    "email": timedelta(hours=24),
}

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


def issue_token(user: User, purpose: str, new_email: str = "") -> str:
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
            new_email=new_email,
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


def end_other_sessions(user: User, keep_token_hash: str | None) -> int:
    """End the user's sessions on every other device; answers how many ended."""
    return (
        Session.delete()
        .where((Session.user == user.id) & (Session.token_hash != (keep_token_hash or "")))
        .execute()
    )


def notify_security_change(user: User, change: str) -> None:
    """A mail to the account's address after a change that matters for its safety, so that a
    change someone else made does not go unnoticed (the mail names the change, nothing else)."""
    from app.mail import queue_mail

    queue_mail(user.email, "accounts/mail/security_change", user.language, change=change)


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
        if token_row.purpose == "reset":  # an invitation sets the first password: no news
            notify_security_change(token_row.user, "password")
    return True


def change_own_password(user: User, password: str) -> None:
    """The user's own change: other sessions end, and staff changes go to the audit log."""
    with database.atomic():
        set_password(user, password)
        if user.is_staff:
            record("password_changed", user, actor=user)
        notify_security_change(user, "password")


def confirm_identity(user: User, password: str, code: str = "") -> bool:
    """Before a change to the account's safety: the password again, and the second factor
    when the account has one. Failures count towards the lock as at login."""
    if not check_current_password(user, password):
        return False
    if user.totp_secret and not accept_second_factor(user, code):
        count_failure(user, "code")
        return False
    return True


def accept_second_factor(user: User, code: str) -> str | None:
    """The kind of second factor `code` was ("app" or "recovery"), spent; None when neither."""
    if totp.accept_code(user, code):
        return "app"
    if recovery.use_code(user, code):
        security_log.info("recovery code used for account %s", user.id)
        if user.is_staff:
            record("recovery_code_used", user, actor=user)
        notify_security_change(user, "recovery_code_used")
        return "recovery"
    return None


def logged_in(user: User) -> None:
    """A completed login (after the second factor, where there is one): the failure count
    starts again."""
    User.update(failed_logins=0, locked_until=None, last_login_at=utcnow()).where(
        User.id == user.id
    ).execute()
    if user.is_staff:
        record("login", actor=user)


def enable_totp(user: User, secret: str) -> list[str]:
    """Two-factor on, with a first set of recovery codes (answered, to be shown once)."""
    with database.atomic():
        User.update(totp_secret=totp.seal(secret)).where(User.id == user.id).execute()
        codes = recovery.replace_codes(user)
        record("totp_enabled", user, actor=user)
        notify_security_change(user, "totp_enabled")
    return codes


def _clear_second_factor(user: User) -> None:
    User.update(totp_secret=None, totp_last_step=None).where(User.id == user.id).execute()
    recovery.delete_codes(user)


def disable_totp(user: User) -> None:
    with database.atomic():
        _clear_second_factor(user)
        record("totp_disabled", user, actor=user)
        notify_security_change(user, "totp_disabled")


def renew_recovery_codes(user: User) -> list[str]:
    """New recovery codes; the earlier ones stop working."""
    with database.atomic():
        codes = recovery.replace_codes(user)
        record("recovery_codes_renewed", user, actor=user)
        notify_security_change(user, "recovery_codes_renewed")
    return codes


def reset_second_factor(user: User, by: User) -> None:
    """An administrator's reset for someone who lost both phone and recovery codes: the
    account logs in with its password alone (and enrols again where it must), its sessions
    end, and its owner is told by mail."""
    with database.atomic():
        _clear_second_factor(user)
        end_sessions(user.id)
        record("totp_reset", user, actor=by)
        notify_security_change(user, "totp_reset")


class EmailTaken(Exception):
    """The new address already belongs to an account."""


def request_email_change(user: User, new_email: str) -> None:
    """A link to the new address; the account keeps its address until the link is used. An
    address that already has an account gets no mail, and the person asking is told the same
    as for any other (no one learns from this form which addresses have accounts)."""
    from flask import url_for

    from app.mail import queue_mail

    new_email = normalise_email(new_email)
    if User.select().where(User.email == new_email).exists():
        security_log.info("email change for account %s to a taken address", user.id)
        return
    token = issue_token(user, "email", new_email=new_email)
    queue_mail(
        new_email,
        "accounts/mail/confirm_email",
        user.language,
        link=url_for("accounts.confirm_email", token=token),
    )


def confirm_email_change(token_row: Token) -> bool:
    """Spend the link and move the account to its new address; the old address is told."""
    user = token_row.user
    with database.atomic():
        spent = (
            Token.update(used_at=utcnow())
            .where((Token.id == token_row.id) & Token.used_at.is_null())
            .execute()
        )
        if not spent:
            return False
        if User.select().where(User.email == token_row.new_email).exists():
            raise EmailTaken(token_row.new_email)
        User.update(email=token_row.new_email).where(User.id == user.id).execute()
        if user.is_staff:
            record("email_changed", user, actor=user)
        notify_security_change(user, "email")  # to the old address, still in `user`
    security_log.info("email changed for account %s", user.id)
    return True


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


def erase_personal_data(user: User) -> None:
    """The account becomes a pseudonymous tombstone: no address, name, password, second factor,
    sessions or links, and no way to log in; its role and scope stay, so that statistics and
    the audit entries that name it stay right."""
    now = utcnow()
    Session.delete().where(Session.user == user.id).execute()
    Token.delete().where(Token.user == user.id).execute()
    recovery.delete_codes(user)
    User.update(
        email=f"erased-{user.id}@invalid",
        name="",
        password_hash="",
        language="",
        totp_secret=None,
        totp_last_step=None,
        failed_logins=0,
        locked_until=None,
        last_login_at=None,
        password_changed_at=None,
        disabled_at=pw.fn.COALESCE(User.disabled_at, now),
        erased_at=now,
    ).where(User.id == user.id).execute()
    security_log.info("account %s erased", user.id)


def remove_user(user: User) -> None:
    """Delete the account (sessions and tokens go with it); audit entries keep an empty actor."""
    user.delete_instance()
