"""Production readiness: recovery codes for two-factor authentication, the device of each
session (for the user's list of sessions), the address an email-change link confirms; when an
account was erased (a tombstone), and people's requests for erasure."""

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

    class Area(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "area"

    class Municipality(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "municipality"

    class ErasureRequest(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        area = ForeignKeyField(Area, null=True, on_delete="SET NULL")
        municipality = ForeignKeyField(Municipality, null=True, on_delete="SET NULL")
        status = CharField(max_length=10, default="pending")
        decline_reason = CharField(max_length=20, default="")
        requested_at = DateTimeField()
        handled_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="handled")
        handled_at = DateTimeField(null=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "erasure_request"
            indexes = ((("status", "requested_at"), False),)

    db.create_tables([RecoveryCode, ErasureRequest])
    migrator.migrate(
        migrator.add_column("session", "device", CharField(max_length=60, default="")),
        migrator.add_column("token", "new_email", CharField(max_length=254, default="")),
        migrator.add_column("user", "erased_at", DateTimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("user", "erased_at"),
        migrator.drop_column("token", "new_email"),
        migrator.drop_column("session", "device"),
    )
    db.execute_sql("DROP TABLE erasure_request")
    db.execute_sql("DROP TABLE recovery_code")
