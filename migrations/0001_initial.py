"""Initial schema: areas, businesses, users, sessions, tokens, audit log, mail outbox.

Timestamps default in Python (app.db.utcnow), so the columns have no database default.
"""

from peewee import *


def up(migrator, db):
    class County(Model):
        name = CharField(unique=True, max_length=100)
        code = CharField(unique=True, max_length=2)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "county"

    db.create_tables([County])

    class Area(Model):
        name = CharField(max_length=100)
        slug = CharField(unique=True, max_length=60)
        county = ForeignKeyField(County, on_delete="RESTRICT")
        contact_email = CharField(max_length=254, default="")
        contact_phone = CharField(max_length=40, default="")
        embargo_days = IntegerField(default=30)
        require_totp = BooleanField(default=False)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "area"

    db.create_tables([Area])

    class Municipality(Model):
        name = CharField(max_length=100)
        code = CharField(unique=True, max_length=4)
        county = ForeignKeyField(County, on_delete="RESTRICT")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "municipality"

    db.create_tables([Municipality])

    class AreaMunicipality(Model):
        area = ForeignKeyField(Area, on_delete="CASCADE")
        municipality = ForeignKeyField(Municipality, on_delete="CASCADE")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "area_municipality"
            indexes = ((("area", "municipality"), True),)

    db.create_tables([AreaMunicipality])

    class Business(Model):
        name = CharField(max_length=200)
        site_type = CharField(max_length=20)
        area = ForeignKeyField(Area, on_delete="RESTRICT")
        municipality = ForeignKeyField(Municipality, on_delete="RESTRICT")
        status = CharField(index=True, max_length=20, default="active")
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "business"

    db.create_tables([Business])

    class CustomsRegion(Model):
        name = CharField(unique=True, max_length=100)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "customs_region"

    db.create_tables([CustomsRegion])

    class User(Model):
        email = CharField(unique=True, max_length=254)
        password_hash = CharField(default="")
        name = CharField(max_length=100, default="")
        role = CharField(max_length=20)
        language = CharField(max_length=5, default="")
        business = ForeignKeyField(Business, null=True, on_delete="CASCADE")
        area = ForeignKeyField(Area, null=True, on_delete="RESTRICT")
        municipality = ForeignKeyField(Municipality, null=True, on_delete="RESTRICT")
        customs_region = ForeignKeyField(CustomsRegion, null=True, on_delete="RESTRICT")
        county = ForeignKeyField(County, null=True, on_delete="RESTRICT")
        disabled_at = DateTimeField(null=True)
        failed_logins = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        last_login_at = DateTimeField(null=True)
        password_changed_at = DateTimeField(null=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "user"

    db.create_tables([User])

    class AuditEntry(Model):
        actor = ForeignKeyField(User, null=True, on_delete="SET NULL")
        action = CharField(index=True, max_length=60)
        object_type = CharField(max_length=40, default="")
        object_id = IntegerField(null=True)
        area = ForeignKeyField(Area, null=True, on_delete="SET NULL")
        municipality = ForeignKeyField(Municipality, null=True, on_delete="SET NULL")
        at = DateTimeField(index=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "audit_entry"

    db.create_tables([AuditEntry])

    class CustomsRegionArea(Model):
        region = ForeignKeyField(CustomsRegion, on_delete="CASCADE")
        area = ForeignKeyField(Area, on_delete="CASCADE")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "customs_region_area"
            indexes = ((("region", "area"), True),)

    db.create_tables([CustomsRegionArea])

    class OutboxMail(Model):
        recipient = CharField(max_length=254)
        subject = CharField(max_length=200)
        body_text = TextField(default="")
        body_html = TextField(default="")
        status = CharField(index=True, max_length=10, default="pending")
        attempts = IntegerField(default=0)
        next_attempt_at = DateTimeField()
        last_error = CharField(max_length=200, default="")
        created_at = DateTimeField(index=True)
        sent_at = DateTimeField(null=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "outbox_mail"

    db.create_tables([OutboxMail])

    class Session(Model):
        token_hash = CharField(primary_key=True, max_length=64)
        user = ForeignKeyField(User, null=True, on_delete="CASCADE")
        data = TextField(default="{}")
        created_at = DateTimeField()
        last_seen = DateTimeField(index=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "session"

    db.create_tables([Session])

    class Token(Model):
        token_hash = CharField(unique=True, max_length=64)
        user = ForeignKeyField(User, on_delete="CASCADE")
        purpose = CharField(max_length=20)
        expires_at = DateTimeField(index=True)
        used_at = DateTimeField(null=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "token"

    db.create_tables([Token])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("token"))
    migrator.migrate(migrator.drop_table("session"))
    migrator.migrate(migrator.drop_table("outbox_mail"))
    migrator.migrate(migrator.drop_table("customs_region_area"))
    migrator.migrate(migrator.drop_table("audit_entry"))
    migrator.migrate(migrator.drop_table("user"))
    migrator.migrate(migrator.drop_table("customs_region"))
    migrator.migrate(migrator.drop_table("business"))
    migrator.migrate(migrator.drop_table("area_municipality"))
    migrator.migrate(migrator.drop_table("municipality"))
    migrator.migrate(migrator.drop_table("area"))
    migrator.migrate(migrator.drop_table("county"))
