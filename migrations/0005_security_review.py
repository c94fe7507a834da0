"""Security review: repeated requests to join are marked for staff instead of refused;
two-factor secrets are encrypted at rest (wider column); a session always has a user
(anonymous visitors keep theirs in a signed cookie)."""

from cryptography.fernet import Fernet
from flask import current_app
from peewee import *


def _rewrite_secrets(db, transform):
    cursor = db.execute_sql('SELECT id, totp_secret FROM "user" WHERE totp_secret IS NOT NULL')
    for user_id, secret in list(cursor):
        db.execute_sql(
            f'UPDATE "user" SET totp_secret = {db.param} WHERE id = {db.param}',
            (transform(secret), user_id),
        )


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("join_request", "duplicate_of", CharField(max_length=10, default=""))
    )
    migrator.migrate(
        migrator.alter_column_type("user", "totp_secret", CharField(max_length=255, null=True))
    )
    fernet = Fernet(current_app.config["TOTP_KEY"])
    _rewrite_secrets(db, lambda secret: fernet.encrypt(secret.encode()).decode())
    db.execute_sql("DELETE FROM session WHERE user_id IS NULL")
    migrator.migrate(migrator.add_not_null("session", "user_id"))


def down(migrator, db):
    migrator.migrate(migrator.drop_not_null("session", "user_id"))
    fernet = Fernet(current_app.config["TOTP_KEY"])
    _rewrite_secrets(db, lambda sealed: fernet.decrypt(sealed.encode()).decode())
    migrator.migrate(
        migrator.alter_column_type("user", "totp_secret", CharField(max_length=64, null=True))
    )
    migrator.migrate(migrator.drop_column("join_request", "duplicate_of"))
