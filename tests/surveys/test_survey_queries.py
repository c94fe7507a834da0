"""Queries per page: at most 8, and the same with 5 and with 50 rounds, answers, free-text
answers, messages and questions (docs/design.md, "Budgets")."""

import datetime
import json

from survey_helpers import business_account, new_business, sundsvall, values_for

from app.accounts.models import User
from app.db import count_queries
from app.surveys.dates import today
from app.surveys.models import (
    SurveyComment,
    SurveyMessage,
    SurveyQuestion,
    SurveyReply,
    SurveyRound,
    SurveyRoundQuestion,
    random_key,
)
from app.surveys.services import close_round, current_questions, save_answer

PAGES = [
    ("polis@example.com", "/home"),
    ("polis@example.com", "/surveys/"),
    ("polis@example.com", "/surveys/results"),
    ("polis@example.com", "/surveys/summary"),
    ("polis@example.com", "/surveys/comments"),
    ("polis@example.com", "/surveys/review"),
    ("polis@example.com", "/surveys/messages"),
    ("polis@example.com", "/surveys/questions"),
    ("lansstyrelsen@example.com", "/surveys/results"),
    ("admin@example.com", "/surveys/results"),
    ("ombud@example.com", "/home"),
    ("ombud@example.com", "/surveys/mine"),
    ("ombud@example.com", "/surveys/answer"),
    ("ombud@example.com", "/surveys/dialogue"),
]


def new_round(area) -> SurveyRound:
    """A round opened directly (open_round() would mail every business account each time)."""
    survey_round = SurveyRound.create(
        area=area.id, opens_on=today(), closes_on=today(), own_site_types="paketombud"
    )
    for position, question in enumerate(current_questions(area.id)):
        SurveyRoundQuestion.create(round=survey_round.id, question=question.id, position=position)
    return survey_round


def add_rows(n: int, answering: list) -> None:
    """n more closed rounds in Sundsvall, each answered by `answering`, and n more
    free-text answers, messages with replies and questions of the area."""
    area = sundsvall()
    for survey_round in SurveyRound.select().where(SurveyRound.status == "open"):
        close_round(survey_round, by=None)
    ombud = User.get(User.email == "ombud@example.com")
    question = SurveyQuestion.get(SurveyQuestion.key == "free_text")
    for number in range(n):
        survey_round = new_round(area)
        for user in answering:
            save_answer(survey_round, user, values_for(survey_round), {})
        close_round(survey_round, by=None)
        for status in ("new", "approved"):
            SurveyComment.create(
                id=random_key(),
                round=survey_round.id,
                area=area.id,
                question=question.id,
                text=f"Text {number}",
                status=status,
            )
        message = SurveyMessage.create(
            id=random_key(),
            area=area.id,
            category="threat",
            text=f"Meddelande {number}",
            user=ombud.id,
            received_on=today() - datetime.timedelta(days=number),
        )
        SurveyReply.create(message=message.id, author=None, text="Svar")
        SurveyQuestion.create(
            area=area.id,
            key=f"area-extra-{random_key()}",
            kind="yes_no",
            texts=json.dumps({"sv": {"text": f"Fråga {number}?"}, "en": {"text": f"Q {number}?"}}),
        )
    new_round(area)  # a round to answer again


def test_queries_per_page_do_not_grow_with_data(login, db):
    businesses = ["Kiosken Stenstan", "Sundsvall Paketterminal", new_business("Butik Nord").name]
    answering = [business_account(name) for name in businesses for _ in range(2)]
    browsers = {email: login(email) for email in {email for email, _path in PAGES}}
    counts = {}
    for n in (5, 45):  # 5 rows, then 50
        add_rows(n, answering)
        for email, path in PAGES:
            browser = browsers[email]
            browser.get(path)  # warm up
            with count_queries() as queries:
                response = browser.get(path)
            assert response.status_code == 200, (email, path)
            counts.setdefault((email, path), []).append(len(queries))
    for (email, path), (few, many) in counts.items():
        assert few == many, f"{email} {path}: {few} queries with 5 rows, {many} with 50"
        assert many <= 8, f"{email} {path}: {many} queries"
