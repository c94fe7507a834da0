"""Information sheets: the library's sheets and their versions, downloads counted per business
and sheet, and the generated area sheets kept until what they show changes.

Timestamps default in Python (app.db.utcnow), so the columns have no database default.
"""

from peewee import *


def up(migrator, db):
    class Table(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Area(Table):
        class Meta:
            table_name = "area"

    class Municipality(Table):
        class Meta:
            table_name = "municipality"

    class Business(Table):
        class Meta:
            table_name = "business"

    class InfoSheet(Table):
        area = ForeignKeyField(Area, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        summary = CharField(max_length=500, default="")
        topic = CharField(max_length=20)
        language = CharField(max_length=2)
        status = CharField(max_length=10, default="draft")
        version = IntegerField(default=1)
        created_at = DateTimeField()
        updated_at = DateTimeField()

    class InfoSheetVersion(Table):
        sheet = ForeignKeyField(InfoSheet, on_delete="CASCADE")
        number = IntegerField()
        stored_name = CharField(max_length=40)
        size = IntegerField()
        uploaded_at = DateTimeField()

        class Meta:
            indexes = ((("sheet", "number"), True),)

    class InfoSheetDownload(Table):
        sheet = ForeignKeyField(InfoSheet, on_delete="CASCADE")
        business = ForeignKeyField(Business, on_delete="CASCADE")
        area = ForeignKeyField(Area, on_delete="CASCADE")
        municipality = ForeignKeyField(Municipality, on_delete="CASCADE")
        downloads = IntegerField(default=1)

        class Meta:
            indexes = ((("sheet", "business"), True), (("sheet", "area"), False))

    class AreaSheet(Table):
        area = ForeignKeyField(Area, on_delete="CASCADE")
        language = CharField(max_length=2)
        fingerprint = CharField(max_length=64)
        pdf = BlobField()
        generated_at = DateTimeField()

        class Meta:
            indexes = ((("area", "language"), True),)

    db.create_tables([InfoSheet, InfoSheetVersion, InfoSheetDownload, AreaSheet])


def down(migrator, db):
    for table in ("area_sheet", "info_sheet_download", "info_sheet_version", "info_sheet"):
        migrator.migrate(migrator.drop_table(table))
