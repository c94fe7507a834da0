"""Updates from police, municipality and customs: the updates, the municipalities an update
is narrowed to, their images, read marks and notification preferences; extra mail headers
(List-Unsubscribe) in the outbox.

Timestamps default in Python (app.db.utcnow), so the columns have no database default.
"""

from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column("outbox_mail", "headers", TextField(default="")))

    def table(name):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = name

        return type(name.title().replace("_", ""), (Model,), {"Meta": Meta})

    Area, Municipality, CustomsRegion = map(table, ("area", "municipality", "customs_region"))
    User, Business = map(table, ("user", "business"))

    class Update(Model):
        category = CharField(max_length=20)
        title = CharField(max_length=150)
        body = TextField()
        pinned = BooleanField(default=False)
        desk = CharField(max_length=30)
        level = CharField(max_length=12)
        area = ForeignKeyField(Area, null=True, on_delete="CASCADE")
        municipality = ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
        customs_region = ForeignKeyField(CustomsRegion, null=True, on_delete="CASCADE")
        place_name = CharField(max_length=100, default="")
        publisher = CharField(max_length=20)
        site_types = CharField(max_length=120, default="")
        narrowed = BooleanField(default=False)
        publish_at = DateTimeField()
        expires_at = DateTimeField(null=True)
        announced_at = DateTimeField(null=True)
        edited_at = DateTimeField(null=True)
        attachment = CharField(max_length=40, default="")
        reach_businesses = IntegerField(null=True)
        reach_users = IntegerField(null=True)
        read_businesses = IntegerField(null=True)
        author = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "update"
            indexes = ((("desk", "expires_at"), False), (("publish_at", "id"), False))

    class UpdateMunicipality(Model):
        update = ForeignKeyField(Update, on_delete="CASCADE")
        municipality = ForeignKeyField(Municipality, on_delete="CASCADE")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "update_municipality"
            indexes = ((("update", "municipality"), True),)

    class UpdateImage(Model):
        update = ForeignKeyField(Update, on_delete="CASCADE")
        stored_name = CharField(max_length=40)
        description = CharField(max_length=200)
        width = IntegerField(null=True)
        height = IntegerField(null=True)
        position = IntegerField(default=0)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "update_image"

    class UpdateRead(Model):
        update = ForeignKeyField(Update, on_delete="CASCADE", index=False)
        user = ForeignKeyField(User, on_delete="CASCADE", index=False)
        business = ForeignKeyField(Business, on_delete="CASCADE")
        read_at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "update_read"
            indexes = ((("user", "update"), True), (("update", "business"), False))

    class UpdatePreference(Model):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        notify = CharField(max_length=10, default="none")
        frequency = CharField(max_length=10, default="immediate")
        link_version = IntegerField(default=0)
        digested_until = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "update_preference"

    db.create_tables([Update, UpdateMunicipality, UpdateImage, UpdateRead, UpdatePreference])


def down(migrator, db):
    for name in ("update_preference", "update_read", "update_image", "update_municipality"):
        migrator.migrate(migrator.drop_table(name))
    migrator.migrate(migrator.drop_table("update"))
    migrator.migrate(migrator.drop_column("outbox_mail", "headers"))
