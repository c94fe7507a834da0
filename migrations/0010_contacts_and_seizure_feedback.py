"""Contacts with police and customs, and seizure feedback (issue 14).

The contact log holds no user, no free text from the business and no time of day; seizure
feedback holds no case number, no author and no link to a contact or a business.
"""

from peewee import *


def up(migrator, db):
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

    class Business(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "business"

    class SeizureFeedback(Model):
        area = ForeignKeyField(Area, on_delete="RESTRICT")
        municipality = ForeignKeyField(Municipality, null=True, on_delete="RESTRICT")
        month = DateField()
        category = CharField(max_length=20)
        count = IntegerField()
        description = TextField(default="")
        shareable = BooleanField(default=False)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "seizure_feedback"
            indexes = ((("area", "month"), False),)

    class Contact(Model):
        business = ForeignKeyField(Business, on_delete="CASCADE")
        area = ForeignKeyField(Area, on_delete="RESTRICT")
        municipality = ForeignKeyField(Municipality, on_delete="RESTRICT")
        contacted_on = DateField(index=True)
        channel = CharField(max_length=20)
        category = CharField(max_length=20)
        visit_wish = CharField(max_length=20)
        visited_on = DateField(null=True)
        feedback = TextField(default="")
        feedback_on = DateField(null=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "contact"
            indexes = (
                (("area", "contacted_on"), False),
                (("business", "contacted_on"), False),
            )

    db.create_tables([SeizureFeedback, Contact])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("contact"))
    migrator.migrate(migrator.drop_table("seizure_feedback"))
