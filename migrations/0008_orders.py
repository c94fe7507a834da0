"""Sticker orders: the catalogue (and its pictures), orders with their lines and history,
stickers handed out in person, and the opt-in to the daily mail about new orders.

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

    class CatalogueImage(Model):
        stored_name = CharField(max_length=40)
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "catalogue_image"

    db.create_tables([CatalogueImage])

    class CatalogueItem(Model):
        area = ForeignKeyField(Area, null=True, on_delete="CASCADE")
        kind = CharField(max_length=20)
        title = CharField(max_length=100)
        description = CharField(max_length=500, default="")
        language = CharField(max_length=12, default="")
        image = ForeignKeyField(CatalogueImage, null=True, on_delete="SET NULL")
        max_per_order = IntegerField()
        max_per_year = IntegerField()
        available = BooleanField(default=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "catalogue_item"

    db.create_tables([CatalogueItem])

    class Order(Model):
        business = ForeignKeyField(Business, on_delete="CASCADE", index=False)
        area = ForeignKeyField(Area, on_delete="RESTRICT", index=False)
        municipality = ForeignKeyField(Municipality, on_delete="RESTRICT", index=False)
        status = CharField(max_length=10, default="submitted")
        recipient = CharField(max_length=200)
        street_address = CharField(max_length=200)
        postcode = CharField(max_length=5)
        postal_town = CharField(max_length=60)
        note = CharField(max_length=300, default="")
        tracking_reference = CharField(max_length=60, default="")
        reject_reason = CharField(max_length=500, default="")
        ordered_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField(index=True)
        status_at = DateTimeField()
        sent_at = DateTimeField(null=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "order"
            indexes = (
                (("area", "created_at"), False),
                (("municipality", "created_at"), False),
                (("business", "created_at"), False),
                (("status", "created_at"), False),
            )

    db.create_tables([Order])

    class OrderDigestSubscription(Model):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        last_sent_at = DateTimeField()
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "order_digest_subscription"

    db.create_tables([OrderDigestSubscription])

    class OrderEvent(Model):
        order = ForeignKeyField(Order, on_delete="CASCADE", index=False)
        status = CharField(max_length=10)
        by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "order_event"
            indexes = ((("order", "at"), False),)

    db.create_tables([OrderEvent])

    class OrderLine(Model):
        order = ForeignKeyField(Order, on_delete="CASCADE", index=False)
        item = ForeignKeyField(CatalogueItem, on_delete="RESTRICT")
        quantity = IntegerField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "order_line"
            indexes = ((("order", "item"), True),)

    db.create_tables([OrderLine])

    class StickerHandout(Model):
        area = ForeignKeyField(Area, on_delete="CASCADE", index=False)
        municipality = ForeignKeyField(Municipality, on_delete="RESTRICT")
        handed_out_on = DateField()
        occasion = CharField(max_length=20)
        quantity = IntegerField()
        recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "sticker_handout"
            indexes = ((("area", "handed_out_on"), False),)

    db.create_tables([StickerHandout])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("sticker_handout"))
    migrator.migrate(migrator.drop_table("order_line"))
    migrator.migrate(migrator.drop_table("order_event"))
    migrator.migrate(migrator.drop_table("order_digest_subscription"))
    migrator.migrate(migrator.drop_table("order"))
    migrator.migrate(migrator.drop_table("catalogue_item"))
    migrator.migrate(migrator.drop_table("catalogue_image"))
