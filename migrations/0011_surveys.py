"""The safety survey and the dialogue (issue 15): questions, rounds, answers stored without a
link to the person, their aggregates, free text for moderation, messages and replies.

The tables of answers, free text and who has answered have no sequence: a random key or a
composite one, and on SQLite WITHOUT ROWID, so that no row shows when it was written.
"""

from peewee import *


def up(migrator, db):
    unordered = isinstance(db, SqliteDatabase)

    def table(name, **meta):
        return type(
            "Meta", (), {"database": db, "table_name": name, "legacy_table_names": False, **meta}
        )

    class Area(Model):
        Meta = table("area")

    class Municipality(Model):
        Meta = table("municipality")

    class User(Model):
        Meta = table("user")

    class Business(Model):
        Meta = table("business")

    class SurveyQuestion(Model):
        area = ForeignKeyField(Area, null=True, on_delete="CASCADE")
        key = CharField(max_length=40)
        version = IntegerField(default=1)
        kind = CharField(max_length=10)
        texts = TextField()
        in_index = BooleanField(default=False)
        position = IntegerField(default=0)
        retired = BooleanField(default=False)
        created_at = DateTimeField()

        Meta = table("survey_question", indexes=((("key", "version"), True),))

    class SurveyRound(Model):
        area = ForeignKeyField(Area, on_delete="CASCADE")
        opens_on = DateField()
        closes_on = DateField()
        status = CharField(max_length=10, default="open")
        own_site_types = CharField(max_length=100, default="")
        own_municipalities = TextField(default="")
        answers = IntegerField(null=True)
        businesses = IntegerField(null=True)
        eligible = IntegerField(null=True)
        index_points = IntegerField(null=True)
        index_answers = IntegerField(null=True)
        shown_with = ForeignKeyField("self", null=True, on_delete="SET NULL")
        closed_at = DateTimeField(null=True)
        created_at = DateTimeField()

        Meta = table(
            "survey_round",
            indexes=((("area", "status"), False), (("status", "closes_on"), False)),
        )

    class SurveyRoundQuestion(Model):
        round = ForeignKeyField(SurveyRound, on_delete="CASCADE")
        question = ForeignKeyField(SurveyQuestion, on_delete="RESTRICT")
        position = IntegerField()

        Meta = table("survey_round_question", indexes=((("round", "question"), True),))

    class SurveyParticipant(Model):
        round = ForeignKeyField(SurveyRound, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE")

        Meta = table(
            "survey_participant",
            primary_key=CompositeKey("round", "user"),
            without_rowid=unordered,
        )

    class SurveyParticipantBusiness(Model):
        round = ForeignKeyField(SurveyRound, on_delete="CASCADE")
        business = ForeignKeyField(Business, on_delete="CASCADE")
        site_type = CharField(max_length=20)
        municipality = ForeignKeyField(Municipality, null=True, on_delete="CASCADE")

        Meta = table(
            "survey_participant_business",
            primary_key=CompositeKey("round", "business"),
            without_rowid=unordered,
        )

    class SurveyResponse(Model):
        key = BigIntegerField(primary_key=True)
        round = ForeignKeyField(SurveyRound, on_delete="CASCADE")
        site_type = CharField(max_length=20)
        municipality = ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
        answers = TextField()

        Meta = table("survey_response", without_rowid=unordered)

    class SurveyComment(Model):
        id = BigIntegerField(primary_key=True)
        round = ForeignKeyField(SurveyRound, on_delete="CASCADE")
        area = ForeignKeyField(Area, on_delete="CASCADE")
        question = ForeignKeyField(SurveyQuestion, on_delete="RESTRICT")
        text = TextField()
        status = CharField(max_length=10, default="new")

        Meta = table("survey_comment", without_rowid=unordered)

    class SurveyGroup(Model):
        round = ForeignKeyField(SurveyRound, on_delete="CASCADE")
        site_type = CharField(max_length=20)
        municipality = ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
        answers = IntegerField()
        businesses = IntegerField()

        Meta = table("survey_group")

    class SurveyTally(Model):
        round = ForeignKeyField(SurveyRound, index=False, on_delete="CASCADE")
        question = ForeignKeyField(SurveyQuestion, on_delete="RESTRICT")
        site_type = CharField(max_length=20)
        municipality = ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
        value = IntegerField()
        count = IntegerField()

        Meta = table("survey_tally", indexes=((("round", "question"), False),))

    class SurveyMessage(Model):
        id = BigIntegerField(primary_key=True)
        area = ForeignKeyField(Area, on_delete="CASCADE")
        category = CharField(max_length=20)
        text = TextField()
        user = ForeignKeyField(User, null=True, on_delete="SET NULL")
        status = CharField(max_length=10, default="new")
        received_on = DateField()
        notified = BooleanField(default=False)

        Meta = table("survey_message", indexes=((("area", "status", "received_on"), False),))

    class SurveyReply(Model):
        message = ForeignKeyField(SurveyMessage, on_delete="CASCADE")
        author = ForeignKeyField(User, null=True, on_delete="SET NULL")
        text = TextField()
        created_at = DateTimeField()

        Meta = table("survey_reply")

    db.create_tables(
        [
            SurveyQuestion,
            SurveyRound,
            SurveyRoundQuestion,
            SurveyParticipant,
            SurveyParticipantBusiness,
            SurveyResponse,
            SurveyComment,
            SurveyGroup,
            SurveyTally,
            SurveyMessage,
            SurveyReply,
        ]
    )


def down(migrator, db):
    for name in (
        "survey_reply",
        "survey_message",
        "survey_tally",
        "survey_group",
        "survey_comment",
        "survey_response",
        "survey_participant_business",
        "survey_participant",
        "survey_round_question",
        "survey_round",
        "survey_question",
    ):
        migrator.migrate(migrator.drop_table(name))
