"""The safety survey (trygghetsenkät) and the dialogue.

What is stored without a link to the person (docs/design.md, "What the portal must never
reveal") is in three tables that have no user, business, session, time or sequence:

- `SurveyResponse`: one row per answer, under a random key, with the site type and the
  municipality coarsened when it is saved;
- `SurveyComment`: a free-text answer, masked when saved, apart from the rest of the answer;
- `SurveyParticipant` / `SurveyParticipantBusiness`: who has answered an open round (so that
  each person answers once, and the businesses of a group can be counted), without time, and
  deleted when the round closes.

Their physical row order is their key order: on SQLite the tables are WITHOUT ROWID (the
table is its primary key's b-tree), on PostgreSQL the services rewrite a round's rows in key
order after every answer (a heap keeps insertion order). When a round closes, the answers and
comments get new random keys, so no key seen while it was open is found again.
"""

import json
import secrets

import peewee as pw
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import BaseModel, is_sqlite, utcnow

KINDS = ("likert", "yes_no", "choice", "text")
DONT_KNOW = 0  # the value of "don't know / prefer not to say" in every closed question
LIKERT_VALUES = (1, 2, 3, 4, 5)
YES, NO = 1, 2

# The smallest group whose figures are shown (docs/design.md): answers, and businesses.
MIN_ANSWERS = 5
MIN_BUSINESSES = 3
# A municipality or a site type keeps its own group in a round's answers only when the area
# has at least this many active businesses of it when the round opens; smaller ones are
# pooled when the answer is saved ("coarsened"), so no stored row points to a small group.
MIN_SITES_FOR_OWN_GROUP = 5
POOLED_SITE_TYPE = "pooled"


def random_key() -> int:
    """A random positive 63-bit key: no order, no sequence, usable as a URL's <int:…>."""
    return secrets.randbits(62) + 1


class SurveyQuestion(BaseModel):
    """One version of a question. The national set has no area; an area extends it with its
    own. A question is never edited in place: a change is a new version (the old one is
    retired and stays with the rounds that asked it).

    `texts` is JSON: {language: {"text": …, "low": …, "high": … (likert), "choices": […]
    (choice)}}, Swedish and English at least."""

    label = _l("Safety survey question")  # how the audit log names it

    area = pw.ForeignKeyField(Area, null=True, backref="survey_questions", on_delete="CASCADE")
    key = pw.CharField(max_length=40)  # the same in every version: "safe_at_work", "area-12-3"
    version = pw.IntegerField(default=1)
    kind = pw.CharField(max_length=10, choices=[(k, k) for k in KINDS])
    texts = pw.TextField()
    in_index = pw.BooleanField(default=False)  # counts towards the safety index
    position = pw.IntegerField(default=0)
    retired = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=utcnow)

    scope = {"area": "area"}

    class Meta:
        indexes = ((("key", "version"), True),)

    def text_in(self, language: str) -> dict:
        texts = json.loads(self.texts)
        return texts.get(language) or texts["sv"]

    def languages(self) -> list[str]:
        return sorted(json.loads(self.texts))


class SurveyRound(BaseModel):
    """A round of the survey in a police area, from `opens_on` to `closes_on` (inclusive).

    When it closes, the answers are counted into `SurveyTally` / `SurveyGroup` and the round
    gets `answers`, `businesses` and `eligible` (the business accounts that could answer). A
    round whose answers are too few to show on their own is shown together with the next
    rounds of the area: `shown_with` is the round that completed that set (itself when it was
    enough alone), None while it waits."""

    label = _l("Safety survey round")  # how the audit log names it

    area = pw.ForeignKeyField(Area, backref="survey_rounds", on_delete="CASCADE")
    opens_on = pw.DateField()
    closes_on = pw.DateField()
    status = pw.CharField(max_length=10, default="open")  # open, closed
    # The groups kept apart in this round's answers, fixed when it opens (comma-separated).
    own_site_types = pw.CharField(max_length=100, default="")
    own_municipalities = pw.TextField(default="")
    answers = pw.IntegerField(null=True)
    businesses = pw.IntegerField(null=True)
    eligible = pw.IntegerField(null=True)
    # The safety index's sum (each answer 0-4 points above "1") and its number of answers.
    index_points = pw.IntegerField(null=True)
    index_answers = pw.IntegerField(null=True)
    shown_with = pw.ForeignKeyField("self", null=True, on_delete="SET NULL")
    closed_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=utcnow)

    scope = {"area": "area"}

    class Meta:
        indexes = ((("area", "status"), False), (("status", "closes_on"), False))

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def site_type_group(self, site_type: str) -> str:
        return site_type if site_type in self.own_site_types.split(",") else POOLED_SITE_TYPE

    def municipality_group(self, municipality_id: int) -> int | None:
        kept = {int(m) for m in self.own_municipalities.split(",") if m}
        return municipality_id if municipality_id in kept else None


class SurveyRoundQuestion(BaseModel):
    """The questions a round asks, in order (the versions current when it opened)."""

    round = pw.ForeignKeyField(SurveyRound, backref="question_links", on_delete="CASCADE")
    question = pw.ForeignKeyField(SurveyQuestion, on_delete="RESTRICT")
    position = pw.IntegerField()

    class Meta:
        indexes = ((("round", "question"), True),)


class SurveyParticipant(BaseModel):
    """Who has answered an open round: no time, deleted when the round closes."""

    round = pw.ForeignKeyField(SurveyRound, on_delete="CASCADE")
    user = pw.ForeignKeyField(User, on_delete="CASCADE")

    class Meta:
        primary_key = pw.CompositeKey("round", "user")


class SurveyParticipantBusiness(BaseModel):
    """The businesses that have answered an open round, each in the group its answers went
    to: at close, the number of businesses behind each group's answers. Deleted then."""

    round = pw.ForeignKeyField(SurveyRound, on_delete="CASCADE")
    business = pw.ForeignKeyField(Business, on_delete="CASCADE")
    site_type = pw.CharField(max_length=20)
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="CASCADE")

    class Meta:
        primary_key = pw.CompositeKey("round", "business")


class SurveyResponse(BaseModel):
    """One answer to a round, stored without a link to the person: a random key, the round,
    the coarsened site type and municipality (None: the area's smaller municipalities
    together), and the answers as JSON {question id: value}."""

    key = pw.BigIntegerField(primary_key=True)
    round = pw.ForeignKeyField(SurveyRound, on_delete="CASCADE")
    site_type = pw.CharField(max_length=20)
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
    answers = pw.TextField()


class SurveyComment(BaseModel):
    """A free-text answer, kept apart from the rest of its answer: masked when saved (the
    original is never stored), shown to staff only once a moderator has approved it, and
    never to businesses. Deleted 24 months after its round closed."""

    label = _l("Free-text answer")  # how the audit log names it

    id = pw.BigIntegerField(primary_key=True)  # random_key()
    round = pw.ForeignKeyField(SurveyRound, on_delete="CASCADE")
    area = pw.ForeignKeyField(Area, on_delete="CASCADE")
    question = pw.ForeignKeyField(SurveyQuestion, on_delete="RESTRICT")
    text = pw.TextField()
    status = pw.CharField(max_length=10, default="new")  # new, approved, rejected
    # The municipality as its answer was stored (coarsened): None, the area's municipalities
    # with few businesses together, is read by the area's police only.
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="SET NULL")

    scope = {"area": "area", "municipality": "municipality"}


class SurveyGroup(BaseModel):
    """A closed round's answers and businesses per group (site type x municipality)."""

    round = pw.ForeignKeyField(SurveyRound, on_delete="CASCADE")
    site_type = pw.CharField(max_length=20)
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
    answers = pw.IntegerField()
    businesses = pw.IntegerField()


class SurveyTally(BaseModel):
    """How many answers of a group in a closed round gave `value` to a question: the
    aggregates that outlive the answers themselves (kept 5 years)."""

    round = pw.ForeignKeyField(SurveyRound, index=False, on_delete="CASCADE")
    question = pw.ForeignKeyField(SurveyQuestion, on_delete="RESTRICT")
    site_type = pw.CharField(max_length=20)
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="CASCADE")
    value = pw.IntegerField()
    count = pw.IntegerField()

    class Meta:
        indexes = ((("round", "question"), False),)


MESSAGE_CATEGORIES = ("threat", "pressure", "harassment", "other")


class SurveyMessage(BaseModel):
    """A business's message to its area about crime or insecurity it met. Without a link to
    the person unless they asked to be contacted (then `user` is set and staff can reply);
    the day it came, not the time. Masked when saved; deleted after 24 months."""

    label = _l("Message from a business")  # how the audit log names it

    id = pw.BigIntegerField(primary_key=True)  # random_key(): no sequence shows the order
    area = pw.ForeignKeyField(Area, on_delete="CASCADE")
    category = pw.CharField(max_length=20, choices=[(c, c) for c in MESSAGE_CATEGORIES])
    text = pw.TextField()
    user = pw.ForeignKeyField(User, null=True, backref="survey_messages", on_delete="SET NULL")
    status = pw.CharField(max_length=10, default="new")  # new, handled
    received_on = pw.DateField()
    notified = pw.BooleanField(default=False)  # in a daily mail to the area's mailbox
    # The writer's municipality, coarsened like an answer's: None where the area has few
    # businesses in it (then only the area's police read the message), unless the writer
    # asked for an answer and so is known anyway.
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="SET NULL")

    scope = {"area": "area", "municipality": "municipality"}

    class Meta:
        indexes = (
            (("area", "status", "received_on"), False),
            (("municipality", "status", "received_on"), False),
        )


class SurveyReply(BaseModel):
    """Staff's answer to a message whose writer asked to be contacted."""

    message = pw.ForeignKeyField(SurveyMessage, backref="replies", on_delete="CASCADE")
    author = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    text = pw.TextField()
    created_at = pw.DateTimeField(default=utcnow)


# Rows that must not show the order they were written in.
UNORDERED_MODELS = [SurveyParticipant, SurveyParticipantBusiness, SurveyResponse, SurveyComment]

MODELS = [
    SurveyQuestion,
    SurveyRound,
    SurveyRoundQuestion,
    *UNORDERED_MODELS,
    SurveyGroup,
    SurveyTally,
    SurveyMessage,
    SurveyReply,
]


def configure(app) -> None:
    """WITHOUT ROWID for the unordered tables on SQLite (the migration does the same)."""
    for model in UNORDERED_MODELS:
        model._meta.without_rowid = is_sqlite()
