"""Statistics of seizures and contacts are released once per quarter and stored as released:
a figure shown stays the same on every later day, a hidden one stays hidden, and the figures
of contacts outlive the contacts."""

from peewee import *


def up(migrator, db):
    class ReleasedFigure(Model):
        kind = CharField(max_length=20)
        period = CharField(max_length=7)
        area_id = IntegerField()
        municipality_id = IntegerField(default=0)
        row = CharField(max_length=40)
        figure = IntegerField(null=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "released_figure"
            indexes = ((("kind", "period", "area_id", "municipality_id", "row"), True),)

    db.create_tables([ReleasedFigure])


def down(migrator, db):
    db.execute_sql("DROP TABLE released_figure")
