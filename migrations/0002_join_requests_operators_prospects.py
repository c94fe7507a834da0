"""Operators, business address and organisation number, join requests, the contact network.

Timestamps default in Python (app.db.utcnow), so the columns have no database default.
"""

from peewee import *


def up(migrator, db):
    class Area(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "area"

    class Business(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "business"

    class Municipality(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "municipality"

    class User(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "user"

    class Operator(Model):
        name = CharField(unique=True, max_length=100)
        position = IntegerField(default=0)
        active = BooleanField(default=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "operator"

    db.create_tables([Operator])

    class BusinessOperator(Model):
        business = ForeignKeyField(Business, on_delete="CASCADE")
        operator = ForeignKeyField(Operator, on_delete="RESTRICT")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "business_operator"
            indexes = ((("business", "operator"), True),)

    db.create_tables([BusinessOperator])

    class Prospect(Model):
        area = ForeignKeyField(Area, on_delete="CASCADE")
        municipality = ForeignKeyField(Municipality, on_delete="RESTRICT")
        name = CharField(max_length=200)
        site_type = CharField(max_length=20)
        operator = ForeignKeyField(Operator, null=True, on_delete="SET NULL")
        street_address = CharField(max_length=200, default="")
        contact_name = CharField(max_length=100, default="")
        contact_role = CharField(max_length=100, default="")
        contact_email = CharField(max_length=254, default="")
        contact_phone = CharField(max_length=20, default="")
        invited_at = DateTimeField(null=True)
        business = ForeignKeyField(Business, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "prospect"

    db.create_tables([Prospect])

    class JoinRequest(Model):
        area = ForeignKeyField(Area, on_delete="CASCADE")
        municipality = ForeignKeyField(Municipality, on_delete="RESTRICT")
        business_name = CharField(max_length=200)
        org_number = CharField(null=True, max_length=10)
        site_type = CharField(max_length=20)
        street_address = CharField(max_length=200)
        postcode = CharField(max_length=5)
        contact_name = CharField(max_length=100)
        contact_email = CharField(max_length=254)
        contact_phone = CharField(max_length=20)
        language = CharField(max_length=5, default="sv")
        status = CharField(index=True, max_length=10, default="pending")
        reject_reason = TextField(default="")
        decided_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        decided_at = DateTimeField(null=True)
        business = ForeignKeyField(Business, null=True, on_delete="SET NULL")
        prospect = ForeignKeyField(Prospect, null=True, on_delete="SET NULL")
        created_at = DateTimeField(index=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "join_request"

    db.create_tables([JoinRequest])

    class JoinRequestOperator(Model):
        join_request = ForeignKeyField(JoinRequest, on_delete="CASCADE")
        operator = ForeignKeyField(Operator, on_delete="RESTRICT")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "join_request_operator"
            indexes = ((("join_request", "operator"), True),)

    db.create_tables([JoinRequestOperator])

    migrator.migrate(
        migrator.add_column("area", "survey_interval_months", IntegerField(default=12))
    )
    migrator.migrate(
        migrator.add_column("business", "org_number", CharField(null=True, max_length=10))
    )
    migrator.migrate(
        migrator.add_column("business", "street_address", CharField(max_length=200, default=""))
    )
    migrator.migrate(
        migrator.add_column("business", "postcode", CharField(max_length=5, default=""))
    )
    migrator.migrate(migrator.add_index("business", ("area_id", "name")))


def down(migrator, db):
    migrator.migrate(migrator.drop_index("business", "business_area_id_name"))
    migrator.migrate(migrator.drop_column("business", "postcode"))
    migrator.migrate(migrator.drop_column("business", "street_address"))
    migrator.migrate(migrator.drop_column("business", "org_number"))
    migrator.migrate(migrator.drop_column("area", "survey_interval_months"))
    migrator.migrate(migrator.drop_table("join_request_operator"))
    migrator.migrate(migrator.drop_table("join_request"))
    migrator.migrate(migrator.drop_table("prospect"))
    migrator.migrate(migrator.drop_table("business_operator"))
    migrator.migrate(migrator.drop_table("operator"))
