"""Recovery codes for two-factor authentication: ten single-use codes, shown once when they are
made, stored as hashes. Each has 16 characters from an alphabet without look-alikes (about 79
bits), so a stolen table of hashes cannot be turned back into codes."""

import secrets

from app.accounts.models import RecoveryCode, User
from app.db import database, utcnow
from app.security import hash_token

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_COUNT = 10
CODE_LENGTH = 16
GROUP = 4


def normalise(code: str) -> str:
    """What the person typed, without the dashes, spaces and capitals they may have added."""
    return "".join((code or "").split()).replace("-", "").lower()


def looks_like_a_code(code: str) -> bool:
    return len(normalise(code)) == CODE_LENGTH


def _new_code() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(code[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def replace_codes(user: User) -> list[str]:
    """New codes for the user; the earlier ones stop working. Answers the codes to show once."""
    codes = [_new_code() for _ in range(CODE_COUNT)]
    with database.atomic():
        RecoveryCode.delete().where(RecoveryCode.user == user.id).execute()
        RecoveryCode.insert_many(
            [{"user": user.id, "code_hash": hash_token(normalise(code))} for code in codes]
        ).execute()
    return codes


def use_code(user: User, code: str) -> bool:
    """Spend one of the user's unused codes: the same code never works twice."""
    if not looks_like_a_code(code):
        return False
    spent = (
        RecoveryCode.update(used_at=utcnow())
        .where(
            (RecoveryCode.user == user.id)
            & (RecoveryCode.code_hash == hash_token(normalise(code)))
            & RecoveryCode.used_at.is_null()
        )
        .execute()
    )
    return bool(spent)


def unused_count(user: User) -> int:
    return (
        RecoveryCode.select()
        .where((RecoveryCode.user == user.id) & RecoveryCode.used_at.is_null())
        .count()
    )


def delete_codes(user: User) -> None:
    RecoveryCode.delete().where(RecoveryCode.user == user.id).execute()
