"""Helpers of the survey tests: the demo's open round in Sundsvall, answers as a form sends
them, and more business accounts."""

import itertools

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.surveys.dates import today
from app.surveys.models import SurveyRound
from app.surveys.services import close_round, round_questions, save_answer
from app.surveys.services import open_round as open_new_round

_serial = itertools.count(1)


def sundsvall():
    return Area.get(Area.slug == "sundsvall")


def open_round():
    return SurveyRound.get((SurveyRound.area == sundsvall().id) & (SurveyRound.status == "open"))


def closed_round_with(answers: dict, closes_on=None) -> SurveyRound:
    """A round of Sundsvall in which every municipality keeps its own group, answered once
    by each of new businesses ({municipality code: answers}), then closed. The demo's open
    round is removed first."""
    SurveyRound.delete().where(
        (SurveyRound.area == sundsvall().id) & (SurveyRound.status == "open")
    ).execute()
    survey_round = open_new_round(sundsvall(), today(), closes_on or today(), by=None)
    own = [Municipality.get(Municipality.code == code).id for code in ("2281", "2262")]
    SurveyRound.update(own_municipalities=",".join(map(str, own))).where(
        SurveyRound.id == survey_round.id
    ).execute()
    survey_round = SurveyRound.get_by_id(survey_round.id)
    for code, number in answers.items():
        for _ in range(number):
            shop = new_business(f"Butik {next(_serial)}", municipality_code=code)
            save_answer(survey_round, business_account(shop.name), values_for(survey_round), {})
    close_round(SurveyRound.get_by_id(survey_round.id), by=None)
    return SurveyRound.get_by_id(survey_round.id)


def close_open_rounds():
    for survey_round in SurveyRound.select().where(SurveyRound.status == "open"):
        close_round(survey_round, by=None)


def form_answers(survey_round, value="3", text="", **by_key) -> dict:
    """A form's data answering every question of the round: 1–5 questions with `value` ("0"
    is "don't know"), the others with their first answer, or `by_key[question key]`."""
    data = {}
    for question in round_questions(survey_round.id):
        if question.kind == "text":
            data[f"q{question.id}"] = text
        else:
            first = value if question.kind == "likert" else "1"
            data[f"q{question.id}"] = by_key.get(question.key, first)
    return data


def values_for(survey_round, value=3) -> dict:
    """{question id: value} of every closed question (the others: 1), for the service."""
    return {
        q.id: (value if q.kind == "likert" else 1)
        for q in round_questions(survey_round.id)
        if q.kind != "text"
    }


def business_account(business_name="Kiosken Stenstan", email=None) -> User:
    """One more account of a business (without a password: for the services)."""
    business = Business.get(Business.name == business_name)
    return User.create(
        email=email or f"kollega{next(_serial)}@example.com",
        name=f"Kollega {next(_serial)}",
        role="business",
        business=business,
    )


def new_business(name, site_type="paketombud", municipality_code="2281", area=None) -> Business:
    return Business.create(
        name=name,
        site_type=site_type,
        area=area or sundsvall(),
        municipality=Municipality.get(Municipality.code == municipality_code),
    )


def with_demo_password(app, user: User) -> User:
    """The account can log in with the demo accounts' password."""
    from app.accounts.passwords import hash_password
    from tests.conftest import DEMO_PASSWORD

    with app.app_context():
        password_hash = hash_password(DEMO_PASSWORD)
    User.update(password_hash=password_hash).where(User.id == user.id).execute()
    return user


def logged_in_colleague(app):
    """A logged-in second account of Kiosken Stenstan (the same business as ombud@)."""
    with_demo_password(app, business_account(email="kollega@example.com"))
    browser = app.test_client()
    browser.login("kollega@example.com")
    return browser


def timra_staff(app) -> User:
    """The crime-prevention coordinator of Timrå kommun, the other municipality of the
    Sundsvall police area (kommun.timra@example.com)."""
    return with_demo_password(
        app,
        User.create(
            email="kommun.timra@example.com",
            name="Sara Lindqvist",
            role="municipality",
            municipality=Municipality.get(Municipality.code == "2262"),
        ),
    )
