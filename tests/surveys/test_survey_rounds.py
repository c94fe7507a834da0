"""Running the survey: staff open and close rounds, an area adds and changes its own
questions (versions), businesses answer in their language, and the periodic jobs close,
open and delete on time."""

import datetime
import json

import pytest
import time_machine
from survey_helpers import close_open_rounds, form_answers, open_round, sundsvall

from app.areas.models import Area
from app.audit.models import AuditEntry
from app.surveys import jobs
from app.surveys.dates import today
from app.surveys.models import (
    SurveyComment,
    SurveyMessage,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyRoundQuestion,
    SurveyTally,
)
from app.surveys.services import close_round, round_questions


def english(browser):
    browser.get("/language/en")
    return browser


def open_by_form(browser, area, opens_on, closes_on):
    return browser.post(
        "/surveys/rounds/new", data={"area": area.id, "opens_on": opens_on, "closes_on": closes_on}
    )


def in_days(days: int) -> str:
    return (today() + datetime.timedelta(days=days)).isoformat()


# ---------------------------------------------------------------- opening and closing


def test_staff_open_a_round_and_the_areas_businesses_hear_of_it(login, sent_mail):
    close_open_rounds()
    staff = english(login("polis.umea@example.com"))
    umea = Area.get(Area.slug == "umea")
    response = open_by_form(staff, umea, in_days(0), in_days(28))
    assert response.status_code == 303
    survey_round = SurveyRound.get((SurveyRound.area == umea.id) & (SurveyRound.status == "open"))
    assert [q.key for q in round_questions(survey_round.id)][:2] == [
        "safe_at_work",
        "knows_contact",
    ]
    opened = AuditEntry.get(AuditEntry.action == "survey_round_opened")
    assert opened.area_id == umea.id and opened.actor.email == "polis.umea@example.com"
    assert [m["To"] for m in sent_mail] == ["ombud.umea@example.com"]
    body = sent_mail[0].get_body(("plain",)).get_content()
    assert "/surveys/mine" in body and "trygg" not in body.lower()  # says nothing more
    page = english(login("ombud.umea@example.com")).get("/home").text
    assert "Answer the survey" in page


@pytest.mark.parametrize(
    "opens,closes,field",
    [
        ("", "", "opens_on"),
        ("2026-13-40", "", "opens_on"),
        ("<script>", "x" * 5000, "opens_on"),
        ("today", "today+3", "closes_on"),  # too short
        ("today", "today+91", "closes_on"),  # too long
        ("today-1", "today+20", "opens_on"),  # in the past
    ],
)
def test_a_round_with_bad_dates_is_refused_and_nothing_is_written(login, opens, closes, field):
    def date(text):
        return in_days(int(text[5:] or 0)) if text.startswith("today") else text

    before = SurveyRound.select().count()
    staff = english(login("polis.umea@example.com"))
    response = open_by_form(staff, Area.get(Area.slug == "umea"), date(opens), date(closes))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text and "<script>" not in response.text
    assert SurveyRound.select().count() == before


def test_an_area_has_one_unfinished_round_at_a_time(login):
    staff = english(login("polis@example.com"))
    response = open_by_form(staff, sundsvall(), in_days(0), in_days(10))
    assert response.status_code == 422
    assert "already has a round that has not closed" in response.text


def test_staff_may_open_rounds_only_in_their_own_areas(login):
    close_open_rounds()
    staff = login("polis@example.com")
    response = open_by_form(staff, Area.get(Area.slug == "umea"), in_days(0), in_days(10))
    assert response.status_code == 422
    assert not SurveyRound.select().where(SurveyRound.status == "open").exists()
    assert login("lansstyrelsen@example.com").get("/surveys/rounds/new").status_code == 403


def test_closing_now_counts_the_answers_and_is_audited(login):
    staff = login("kommun@example.com")
    survey_round = open_round()
    response = staff.post(f"/surveys/rounds/{survey_round.id}/close", data={})
    assert response.status_code == 303
    closed = SurveyRound.get_by_id(survey_round.id)
    assert closed.status == "closed" and closed.answers == 3
    assert SurveyTally.select().where(SurveyTally.round == survey_round.id).count() > 0
    assert AuditEntry.select().where(AuditEntry.action == "survey_round_closed").count() == 1
    assert (
        login("polis.umea@example.com")
        .post(f"/surveys/rounds/{survey_round.id}/close", data={})
        .status_code
        == 404
    )


# ---------------------------------------------------------------- answering


def test_a_business_answers_in_english_and_reads_what_was_stored(login):
    ombud = english(login("ombud@example.com"))
    form = ombud.get("/surveys/answer").text
    assert "How safe do you feel when you receive and hand out shipments at work?" in form
    assert "stored without a link to you" in form and 'href="tel:112"' in form
    response = ombud.post("/surveys/answer", data=form_answers(open_round(), "5"))
    assert response.status_code == 303 and response.location.endswith("/surveys/answered")
    receipt = ombud.get("/surveys/answered").text
    assert "Thank you – your answers are saved" in receipt
    assert "Parcel agent (paketombud)" in receipt and "Sundsvalls kommun" in receipt
    assert "are not stored with the answers" in receipt
    assert "Thank you for answering" in ombud.get("/home").text


@pytest.mark.parametrize(
    "change",
    [
        {"safe_at_work": ""},
        {"safe_at_work": "6"},
        {"safe_at_work": "abc"},
        {"threatened": "3"},
        {"knows_contact": "<script>alert(1)</script>"},
    ],
)
def test_a_bad_answer_is_refused_at_its_question_and_nothing_is_stored(login, change):
    survey_round = open_round()
    before = SurveyResponse.select().count()
    data = form_answers(survey_round, text="En text.", **change)
    response = english(login("ombud@example.com")).post("/surveys/answer", data=data)
    assert response.status_code == 422
    question = SurveyQuestion.get(SurveyQuestion.key == next(iter(change)))
    assert f'id="q{question.id}-error"' in response.text
    assert "<script>alert" not in response.text
    assert SurveyResponse.select().count() == before and SurveyComment.select().count() == 3


def test_a_free_text_too_long_is_refused(login):
    data = form_answers(open_round(), text="x" * 2001)
    assert login("ombud@example.com").post("/surveys/answer", data=data).status_code == 422


def test_without_an_open_round_there_is_nothing_to_answer(login):
    umea_round = SurveyRound.get(
        (SurveyRound.area == Area.get(Area.slug == "umea").id) & (SurveyRound.status == "open")
    )
    close_round(umea_round, by=None)
    ombud = english(login("ombud.umea@example.com"))
    page = ombud.get("/surveys/answer")
    assert page.status_code == 200 and "No round of the safety survey is open" in page.text
    assert ombud.post("/surveys/answer", data={"q1": "3"}).status_code == 200
    assert (
        SurveyResponse.select()
        .join(SurveyRound)
        .where(SurveyRound.area == Area.get(Area.slug == "umea").id)
        .count()
        == 9  # the demo's 8 and 1: nothing more
    )


# ---------------------------------------------------------------- questions


def test_an_area_adds_its_own_question_and_the_next_round_asks_it(login):
    staff = english(login("polis@example.com"))
    response = staff.post(
        "/surveys/questions/new",
        data={
            "area": sundsvall().id,
            "kind": "choice",
            "text_sv": "Hur ofta är du ensam i butiken?",
            "text_en": "How often are you alone in the shop?",
            "choices_sv": "Aldrig\nIbland\nOfta",
            "choices_en": "Never\nSometimes\nOften",
        },
    )
    assert response.status_code == 303
    question = SurveyQuestion.get(SurveyQuestion.texts.contains("ensam i butiken"))
    assert json.loads(question.texts)["en"]["choices"] == ["Never", "Sometimes", "Often"]
    assert question.id not in [q.id for q in round_questions(open_round().id)]  # not the open one
    close_round(open_round(), by=None)
    from app.surveys.services import open_round as open_new_round

    survey_round = open_new_round(sundsvall(), today(), today(), by=None)
    assert question.id in [q.id for q in round_questions(survey_round.id)]
    form = english(login("ombud@example.com")).get("/surveys/answer").text
    assert "How often are you alone in the shop?" in form and ">Sometimes</label>" in form


def test_a_changed_question_is_a_new_version_and_past_rounds_keep_theirs(login):
    own = SurveyQuestion.get(SurveyQuestion.area == sundsvall().id)
    staff = english(login("kommun@example.com"))
    texts = json.loads(own.texts)
    response = staff.post(
        f"/surveys/questions/{own.id}",
        data={"text_sv": "Ny formulering?", "text_en": "New wording?"},
    )
    assert response.status_code == 303
    new = SurveyQuestion.get((SurveyQuestion.key == own.key) & (SurveyQuestion.version == 2))
    assert json.loads(new.texts)["sv"]["text"] == "Ny formulering?"
    assert SurveyQuestion.get_by_id(own.id).retired
    link = SurveyRoundQuestion.get(SurveyRoundQuestion.question == own.id)
    assert json.loads(link.question.texts) == texts  # the round still asks the old words
    assert staff.get(f"/surveys/questions/{own.id}").status_code == 404  # a retired version


def test_national_questions_are_changed_by_administrators_only(login):
    national = SurveyQuestion.get(SurveyQuestion.key == "trust_police")
    assert login("polis@example.com").get(f"/surveys/questions/{national.id}").status_code == 404
    admin = login("admin@example.com")
    texts = json.loads(national.texts)
    data = {
        "text_sv": texts["sv"]["text"],
        "text_en": texts["en"]["text"],
        "low_sv": "Inget alls",
        "high_sv": "Mycket stort",
        "low_en": "None at all",
        "high_en": "Very much",
    }
    assert admin.post(f"/surveys/questions/{national.id}", data=data).status_code == 303
    assert SurveyQuestion.get(
        (SurveyQuestion.key == "trust_police") & ~SurveyQuestion.retired
    ).in_index


def test_a_question_with_missing_parts_is_refused(login):
    staff = english(login("polis@example.com"))
    before = SurveyQuestion.select().count()
    for data in (
        {"area": sundsvall().id, "kind": "likert", "text_sv": "Fråga?", "text_en": "Question?"},
        {
            "area": sundsvall().id,
            "kind": "choice",
            "text_sv": "F?",
            "text_en": "Q?",
            "choices_sv": "Ja\nNej",
            "choices_en": "Yes",
        },
        {"area": sundsvall().id, "kind": "essay", "text_sv": "F?", "text_en": "Q?"},
        {
            "area": Area.get(Area.slug == "umea").id,
            "kind": "yes_no",
            "text_sv": "F?",
            "text_en": "Q?",
        },
        {"area": 0, "kind": "yes_no", "text_sv": "F?", "text_en": "Q?"},  # national: admins
    ):
        assert staff.post("/surveys/questions/new", data=data).status_code == 422, data
    assert SurveyQuestion.select().count() == before


def test_removing_a_question_keeps_it_for_rounds_that_asked_it(login):
    own = SurveyQuestion.get(SurveyQuestion.area == sundsvall().id)
    assert (
        login("polis@example.com").post(f"/surveys/questions/{own.id}/retire", data={}).status_code
        == 303
    )
    assert SurveyQuestion.get_by_id(own.id).retired
    assert own.id in [q.id for q in round_questions(open_round().id)]


# ---------------------------------------------------------------- the periodic jobs


def test_the_job_closes_rounds_after_their_last_day(app, demo):
    survey_round = open_round()
    jobs.close_finished_rounds.call_local()
    assert SurveyRound.get_by_id(survey_round.id).is_open
    after = survey_round.closes_on + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(after, datetime.time(12)), tick=False):
        jobs.close_finished_rounds.call_local()
    assert SurveyRound.get_by_id(survey_round.id).status == "closed"


def test_the_job_opens_a_round_on_the_areas_interval(app, demo, sent_mail):
    close_open_rounds()
    umea = Area.get(Area.slug == "umea")
    jobs.open_rounds_on_interval.call_local()
    assert not SurveyRound.select().where(SurveyRound.status == "open").exists()  # not due
    later = today() + datetime.timedelta(days=370)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(12)), tick=False):
        jobs.open_rounds_on_interval.call_local()
    opened = SurveyRound.select().where(SurveyRound.status == "open")
    assert {r.area_id for r in opened} == {sundsvall().id, umea.id}
    assert all((r.closes_on - r.opens_on).days == 28 for r in opened)
    assert (
        AuditEntry.select()
        .where((AuditEntry.action == "survey_round_opened") & AuditEntry.actor.is_null())
        .count()
        == 2
    )


def test_free_text_and_messages_are_deleted_after_24_months_answers_after_5_years(app, demo):
    sundsvall_rounds = SurveyRound.select().where(SurveyRound.area == sundsvall().id)
    assert SurveyComment.select().count() == 3 and SurveyMessage.select().count() == 5
    in_two_years = datetime.datetime.now() + datetime.timedelta(days=731)
    with time_machine.travel(in_two_years, tick=False):
        jobs.purge_old_survey_texts.call_local()
        jobs.purge_old_survey_answers.call_local()
    assert SurveyComment.select().count() == 0 and SurveyMessage.select().count() == 0
    assert SurveyResponse.select().count() > 0  # answers stay five years
    tallies = SurveyTally.select().count()
    in_six_years = datetime.datetime.now() + datetime.timedelta(days=6 * 365)
    with time_machine.travel(in_six_years, tick=False):
        jobs.purge_old_survey_answers.call_local()
    closed_ids = [r.id for r in sundsvall_rounds if r.status == "closed"]
    assert not SurveyResponse.select().where(SurveyResponse.round.in_(closed_ids)).exists()
    assert SurveyTally.select().count() == tallies  # the aggregates stay


def test_the_areas_mailbox_hears_of_new_messages_once_a_day(app, login, sent_mail):
    login("ombud@example.com").post(
        "/surveys/dialogue", data={"category": "harassment", "text": "Otrevligt igen."}
    )
    assert not sent_mail  # not when it came
    jobs.mail_new_messages.call_local()
    assert [m["To"] for m in sent_mail] == ["tif.sundsvall@example.com"]
    assert "Otrevligt" not in sent_mail[0].get_body(("plain",)).get_content()
    jobs.mail_new_messages.call_local()
    assert len(sent_mail) == 1


def test_a_round_with_a_later_first_day_is_announced_on_that_morning(login, sent_mail):
    close_open_rounds()
    staff = login("polis.umea@example.com")
    umea = Area.get(Area.slug == "umea")
    assert open_by_form(staff, umea, in_days(3), in_days(30)).status_code == 303
    assert sent_mail == []  # nothing to answer yet
    first_day = datetime.datetime.combine(today() + datetime.timedelta(days=3), datetime.time(5))
    with time_machine.travel(first_day.replace(tzinfo=datetime.UTC), tick=False):
        jobs.mail_rounds_opening_today()
    assert [m["To"] for m in sent_mail] == ["ombud.umea@example.com"]


def test_a_round_opened_on_its_first_day_is_not_announced_twice(login, sent_mail):
    close_open_rounds()
    umea = Area.get(Area.slug == "umea")
    assert (
        open_by_form(login("polis.umea@example.com"), umea, in_days(0), in_days(28)).status_code
        == 303
    )
    jobs.mail_rounds_opening_today()
    assert [m["To"] for m in sent_mail] == ["ombud.umea@example.com"]


def test_the_prepared_open_round_is_the_one_peewee_finds(app, demo):
    """The business home's round is a prepared query: for every business user, the round
    open in their area now and whether they answered it, as a peewee query reads them."""
    from playhouse.shortcuts import model_to_dict

    from app.accounts.models import User
    from app.businesses.models import Business
    from app.surveys.models import SurveyParticipant
    from app.surveys.queries import open_round_for

    def by_peewee(user):
        area = Business.get_by_id(user.business_id).area_id
        found = SurveyRound.get_or_none(
            (SurveyRound.area == area)
            & (SurveyRound.status == "open")
            & (SurveyRound.opens_on <= today())
        )
        answered = (
            found is not None
            and SurveyParticipant.select()
            .where((SurveyParticipant.round == found.id) & (SurveyParticipant.user == user.id))
            .exists()
        )
        return (found and model_to_dict(found, recurse=False)), answered

    answered_already = User.get(User.email == "ombud@example.com")
    SurveyParticipant.create(round=open_round(), user=answered_already)
    seen = set()
    with app.test_request_context():
        for user in User.select().where((User.role == "business") & User.business.is_null(False)):
            survey_round, answered = open_round_for(user)
            as_dict = survey_round and model_to_dict(survey_round, recurse=False)
            assert (as_dict, answered) == by_peewee(user), user.email
            seen.add((survey_round is not None, answered))
    assert (True, True) in seen and (True, False) in seen
