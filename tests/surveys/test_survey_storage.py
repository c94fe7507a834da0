"""Answers are stored without a link to the person (docs/design.md): the real tables, on
SQLite and PostgreSQL, hold no user, business, session, time or sequence; two answers from
two people differ only in what they answered; rows lie in the order of random keys, never in
the order they came; who answered is deleted when the round closes; nothing logged or
audited names who answered."""

import json
import logging

import peewee
import pytest
from survey_helpers import (
    business_account,
    form_answers,
    logged_in_colleague,
    new_business,
    open_round,
    values_for,
)

from app.accounts.models import Session, User
from app.audit.models import AuditEntry
from app.businesses.models import Business
from app.db import database, is_sqlite
from app.surveys.dates import today
from app.surveys.models import (
    POOLED_SITE_TYPE,
    SurveyComment,
    SurveyParticipant,
    SurveyParticipantBusiness,
    SurveyResponse,
    SurveyRound,
)
from app.surveys.services import close_round, save_answer
from app.surveys.services import open_round as open_new_round

UNLINKED = {
    "survey_response": {"key", "round_id", "site_type", "municipality_id", "answers"},
    "survey_comment": {
        "id",
        "round_id",
        "area_id",
        "question_id",
        "text",
        "status",
        "municipality_id",  # coarsened as the answer's
    },
    "survey_participant": {"round_id", "user_id"},
    "survey_participant_business": {"round_id", "business_id", "site_type", "municipality_id"},
}
ANSWER_TABLES = ("survey_response", "survey_comment")


def physical_rows(table: str, columns: str = "*") -> list[tuple]:
    """The rows as the database keeps them: no ORDER BY (on PostgreSQL, in heap order)."""
    order = "" if is_sqlite() else " ORDER BY ctid"
    return list(database.execute_sql(f"SELECT {columns} FROM {table}{order}").fetchall())


def _keys(table: str, key: str, survey_round) -> list[int]:
    rows = physical_rows(table, f"{key}, round_id")
    return [value for value, round_id in rows if round_id == survey_round.id]


# ---------------------------------------------------------------- the tables themselves


@pytest.mark.parametrize("table", UNLINKED)
def test_the_tables_hold_only_what_is_said(db, table):
    columns = {c.name: c for c in database.get_columns(table)}
    assert set(columns) == UNLINKED[table]
    for column in columns.values():
        assert column.default is None, (table, column.name)  # no database default at all
        assert "time" not in column.data_type.lower() and "date" not in column.data_type.lower()
    targets = {fk.dest_table for fk in database.get_foreign_keys(table)}
    assert not targets & {"session", "audit_entry", "token"}
    if table in ANSWER_TABLES:
        assert not targets & {"user", "business"}  # the answers themselves point to no one
    random_keys = {"key", "id"}  # the primary key, where it is one random number
    for index in database.get_indexes(table):
        assert set(index.columns) <= {
            *random_keys,
            "round_id",
            "municipality_id",
            "area_id",
            "question_id",
            "user_id",
            "business_id",
        }, index


@pytest.mark.parametrize("table", UNLINKED)
def test_no_table_has_a_sequence(db, table):
    if is_sqlite():
        (sql,) = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        assert sql.rstrip().endswith("WITHOUT ROWID")
        with pytest.raises(peewee.OperationalError):  # no hidden rowid in insertion order
            database.execute_sql(f"SELECT rowid FROM {table}")
    else:
        sequences = database.execute_sql(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = %s "
            "AND (column_default LIKE 'nextval%%' OR is_identity = 'YES')",
            (table,),
        ).fetchone()[0]
        assert sequences == 0


# ---------------------------------------------------------------- two answers compared


def test_two_answers_from_two_people_differ_only_in_their_key(app, demo, login):
    colleague = logged_in_colleague(app)
    survey_round = open_round()
    before = {row[0] for row in physical_rows("survey_response", "key")}
    answers = form_answers(survey_round, "4", text="Det känns tryggt.")
    assert login("ombud@example.com").post("/surveys/answer", data=answers).status_code == 303
    assert colleague.post("/surveys/answer", data=answers).status_code == 303

    new = [r for r in physical_rows("survey_response") if r[0] not in before]
    assert len(new) == 2
    columns = [c.name for c in database.get_columns("survey_response")]
    first, second = (dict(zip(columns, row, strict=True)) for row in new)
    assert first.pop("key") != second.pop("key")
    assert first == second  # the same business and answers: nothing else tells them apart
    comments = physical_rows("survey_comment", "text, status")
    assert comments.count(("Det känns tryggt.", "new")) == 2
    for user in User.select().where(User.email.in_(["ombud@example.com", "kollega@example.com"])):
        for row in physical_rows("survey_response") + physical_rows("survey_comment"):
            assert user.email not in str(row) and user.name not in str(row)


def test_rows_lie_in_the_order_of_random_keys_not_in_the_order_they_came(app, demo):
    survey_round = open_round()
    question = min(values_for(survey_round))
    for place in range(12):
        values = values_for(survey_round)
        values[question] = 100 + place  # a label of its place in the line, for this test only
        save_answer(survey_round, business_account(), values, {})
    rows = [
        (key, answers)
        for key, answers, round_id in physical_rows("survey_response", "key, answers, round_id")
        if round_id == survey_round.id
    ]
    keys = [key for key, _answers in rows]
    assert keys == sorted(keys)  # the round's rows lie in the order of their random keys…
    places = [json.loads(answers)[str(question)] - 100 for _key, answers in rows]
    places = [place for place in places if place >= 0]
    assert sorted(places) == list(range(12))
    assert places not in (list(range(12)), list(range(11, -1, -1)))  # …not as they came
    participants = physical_rows("survey_participant", "round_id, user_id")
    assert participants == sorted(participants)  # who answered: in the order of account ids


# ---------------------------------------------------------------- closing the round


def test_closing_forgets_who_answered_and_gives_new_keys(app, demo, login):
    survey_round = open_round()
    login("ombud@example.com").post(
        "/surveys/answer", data=form_answers(survey_round, text="Mer belysning vid entrén.")
    )
    login("terminal@example.com").post("/surveys/answer", data=form_answers(survey_round, "2"))
    assert SurveyParticipant.select().count() == 2
    assert SurveyParticipantBusiness.select().count() == 2
    keys = _keys("survey_response", "key", survey_round)
    comment_ids = _keys("survey_comment", "id", survey_round)
    assert len(keys) == 5 and len(comment_ids) == 1

    close_round(survey_round, by=None)

    assert SurveyParticipant.select().count() == 0
    assert SurveyParticipantBusiness.select().count() == 0
    after = _keys("survey_response", "key", survey_round)
    assert len(after) == 5 and not set(after) & set(keys)
    assert after == sorted(after)  # in the order of the new keys: a new random order
    assert not set(_keys("survey_comment", "id", survey_round)) & set(comment_ids)
    closed = SurveyRound.get_by_id(survey_round.id)
    assert (closed.status, closed.answers, closed.businesses) == ("closed", 5, 2)


# ---------------------------------------------------------------- one answer, coarsened


def test_each_person_answers_a_round_once(app, demo, login):
    survey_round = open_round()
    browser = login("ombud@example.com")
    data = form_answers(survey_round)
    assert browser.post("/surveys/answer", data=data).status_code == 303
    again = browser.post("/surveys/answer", data=data)
    assert again.status_code == 200 and "<fieldset" not in again.text  # no form: answered
    assert browser.get("/surveys/answer").status_code == 200
    assert SurveyResponse.select().where(SurveyResponse.round == survey_round.id).count() == 4
    assert SurveyParticipant.select().count() == 1


def test_two_answers_sent_at_once_store_one(app, demo, monkeypatch):
    """The check that comes first does not see the other's answer: the table's key refuses."""
    from app.surveys import services

    survey_round = open_round()
    user = User.get(User.email == "ombud@example.com")
    save_answer(survey_round, user, values_for(survey_round), {})
    monkeypatch.setattr(services, "has_answered", lambda round_id, user_id: False)
    with pytest.raises(services.AlreadyAnswered):
        save_answer(survey_round, user, values_for(survey_round), {"x": "text"})
    assert SurveyResponse.select().where(SurveyResponse.round == survey_round.id).count() == 4
    assert SurveyComment.select().where(SurveyComment.text == "text").count() == 0


def test_small_groups_are_pooled_when_the_answer_is_saved(app, demo, login):
    """Timrå has no business of its own in the demo and terminals are few: a new round
    keeps neither apart, and a terminal's answer is stored as one of several together."""
    sundsvall_area = open_round().area
    close_round(open_round(), by=None)
    for number in range(5):
        new_business(f"Ombud {number}", "paketombud", "2281")
    survey_round = open_new_round(sundsvall_area, today(), today(), by=None)
    assert survey_round.own_site_types == "paketombud"
    timra = new_business("Timrå Kiosk", "terminal", "2262")
    save_answer(survey_round, business_account(timra.name), values_for(survey_round), {})
    save_answer(survey_round, business_account("Kiosken Stenstan"), values_for(survey_round), {})
    stored = sorted(
        (r.site_type, r.municipality_id)
        for r in SurveyResponse.select().where(SurveyResponse.round == survey_round.id)
    )
    kiosken = Business.get(Business.name == "Kiosken Stenstan")
    assert stored == sorted([(POOLED_SITE_TYPE, None), ("paketombud", kiosken.municipality_id)])


# ---------------------------------------------------------------- logs, audit, session


def test_nothing_logged_audited_or_kept_in_the_session_names_who_answered(app, demo, login, caplog):
    survey_round = open_round()
    browser = login("ombud@example.com")
    user = User.get(User.email == "ombud@example.com")
    audit_before = AuditEntry.select().count()
    caplog.set_level(logging.DEBUG)
    response = browser.post(
        "/surveys/answer", data=form_answers(survey_round, text="Hemligt: vi är rädda.")
    )
    assert response.status_code == 303
    browser.get("/surveys/answered")
    # peewee's own SQL log (DEBUG, off in production) is the only exception: the statements.
    for record in caplog.records:
        if record.name == "peewee":
            continue
        text = record.getMessage()
        for trace in (user.email, user.name, "Kiosken Stenstan", "Hemligt"):
            assert trace not in text, (record.name, text)
    assert AuditEntry.select().count() == audit_before
    for session in Session.select().where(Session.user == user.id):
        assert "Hemligt" not in session.data and "survey" not in session.data.lower()


def test_a_comment_is_masked_before_it_is_stored(app, demo, login):
    survey_round = open_round()
    text = "Ring Anna Svensson på 070-174 06 12 eller anna@example.com, pnr 811218-9876."
    login("ombud@example.com").post("/surveys/answer", data=form_answers(survey_round, text=text))
    (stored,) = [c.text for c in SurveyComment.select() if "Ring" in c.text]
    for secret in ("Anna", "Svensson", "070", "anna@example.com", "811218"):
        assert secret not in stored
    assert "[namn]" in stored and "[telefonnummer]" in stored
