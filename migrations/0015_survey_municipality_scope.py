"""Free-text answers and dialogue messages know their municipality (coarsened), so that the
municipality's staff read their own municipality's only. Those already stored keep none:
nothing tells it without a link to the writer, so the area's police read them."""

from peewee import *


def up(migrator, db):
    class Municipality(Model):
        class Meta:
            table_name = "municipality"

    for table in ("survey_comment", "survey_message"):
        migrator.migrate(
            migrator.add_column(
                table,
                "municipality_id",
                ForeignKeyField(
                    Municipality, field=Municipality.id, null=True, on_delete="SET NULL"
                ),
            )
        )
    migrator.migrate(
        migrator.add_index("survey_message", ("municipality_id", "status", "received_on"))
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("survey_message", "survey_message_municipality_id_status_received_on")
    )
    for table in ("survey_message", "survey_comment"):
        migrator.migrate(
            migrator.drop_index(table, f"{table}_municipality_id"),
            migrator.drop_column(table, "municipality_id"),
        )
