"""Production readiness: recovery codes for two-factor authentication, the device of each
session (for the user's list of sessions), the address an email-change link confirms."""

from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "user"

    class RecoveryCode(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        code_hash = CharField(max_length=64, unique=True)
        used_at = DateTimeField(null=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "recovery_code"

    db.create_tables([RecoveryCode])
    migrator.migrate(
        migrator.add_column("session", "device", CharField(max_length=60, default="")),
        migrator.add_column("token", "new_email", CharField(max_length=254, default="")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("token", "new_email"),
        migrator.drop_column("session", "device"),
    )
    db.execute_sql("DROP TABLE recovery_code")
