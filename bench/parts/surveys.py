"""The safety survey at national scale: five yearly rounds closed in every area (500 000
answers, their aggregates and the sets small rounds are shown in), a round open now in each
area with its first answers and who gave them, free text, and messages from businesses.
The writer answers the open round as businesses do, many at once."""

import datetime
import json
import re
from collections import namedtuple
from functools import cache

from bench.generate import SIZES, bulk_insert
from bench.measure import csrf_token

NAME = "surveys"
SIZES.update(
    {
        "survey_answers": 500_000,  # in the closed rounds
        "survey_open_answers": 20_000,  # in the rounds open now
        "survey_comments": 30_000,
        "survey_messages": 6_000,
    }
)


PAST_ROUNDS = 5
Answer = namedtuple("Answer", "site_type municipality_id answers")
# How answers lean: weights of 1–5 and "don't know" (other kinds: their answers, then
# "don't know").
LIKERT = (1, 3, 6, 7, 3, 1)
OTHER = (6, 3, 2, 1)


def generate(ctx) -> None:
    from app.db import database

    with database.atomic():  # one transaction: thousands of small writes
        _generate(ctx)


def _generate(ctx) -> None:
    from app.surveys.models import (
        SurveyComment,
        SurveyMessage,
        SurveyParticipant,
        SurveyParticipantBusiness,
        SurveyResponse,
        SurveyRound,
        SurveyRoundQuestion,
        random_key,
    )
    from app.surveys.services import count_round, current_questions

    rng = ctx.rng
    done = {area for (area,) in SurveyRound.select(SurveyRound.area).tuples()}
    areas = [a for a in sorted(ctx.areas) if a not in done]  # the demo areas have theirs
    if not areas:
        return
    businesses = {}  # area -> [(business, site type, municipality)]
    site_types = _site_types()
    for business, area, municipality in ctx.businesses:
        businesses.setdefault(area, []).append((business, site_types[business], municipality))
    weights = [len(businesses.get(a, ())) + 1 for a in areas]
    total_weight = sum(weights)
    questions = current_questions(areas[0])  # the national set: no generated area adds one
    closed_count = ctx.size("survey_answers")

    closed_answers = []
    for area, weight in zip(areas, weights, strict=True):
        sites = businesses.get(area) or []
        per_round = max(1, round(closed_count * weight / total_weight / PAST_ROUNDS))
        for years_ago in range(PAST_ROUNDS, 0, -1):
            opens = ctx.now.date() - datetime.timedelta(days=365 * years_ago)
            survey_round = _round(SurveyRound, SurveyRoundQuestion, area, opens, sites, questions)
            answers, counted = _answers(rng, survey_round, sites, per_round, questions)
            count_round(survey_round, answers, counted)  # as closing does, without the rekeying
            closed_at = datetime.datetime.combine(survey_round.closes_on, datetime.time(0, 10))
            SurveyRound.update(
                closed_at=closed_at, eligible=round(len(answers) / rng.uniform(0.35, 0.8))
            ).where(SurveyRound.id == survey_round.id).execute()
            closed_answers.extend(
                (random_key(), survey_round.id, a.site_type, a.municipality_id, a.answers)
                for a in answers
            )
    _insert_fast(SurveyResponse, closed_answers)

    # The round open now, its first answers and who gave them.
    users_by_business = {}
    for user_id, role, _area, _municipality, business in ctx.users:
        if role == "business":
            users_by_business.setdefault(business, []).append(user_id)
    open_count = ctx.size("survey_open_answers")
    participants, participant_businesses, responses = [], [], []
    for area, weight in zip(areas, weights, strict=True):
        sites = businesses.get(area) or []
        opens = ctx.now.date() - datetime.timedelta(days=10)
        survey_round = _round(SurveyRound, SurveyRoundQuestion, area, opens, sites, questions)
        wanted = round(open_count * weight / total_weight)
        answered_by = [
            (user, site) for site in sites for user in users_by_business.get(site[0], [])
        ][:wanted]
        seen = set()
        for user, (business, site_type, municipality) in answered_by:
            group_site = survey_round.site_type_group(site_type)
            group_municipality = survey_round.municipality_group(municipality)
            participants.append({"round": survey_round.id, "user": user})
            if business not in seen:
                seen.add(business)
                participant_businesses.append(
                    {
                        "round": survey_round.id,
                        "business": business,
                        "site_type": group_site,
                        "municipality": group_municipality,
                    }
                )
            responses.append(
                {
                    "key": random_key(),
                    "round": survey_round.id,
                    "site_type": group_site,
                    "municipality": group_municipality,
                    "answers": _values(rng, questions),
                }
            )
    bulk_insert(SurveyParticipant, participants)
    bulk_insert(SurveyParticipantBusiness, participant_businesses)
    bulk_insert(SurveyResponse, responses)

    shown = list(
        SurveyRound.select(SurveyRound.id, SurveyRound.area)
        .where(SurveyRound.shown_with.is_null(False))
        .tuples()
    )
    free_text = next(q for q in questions if q.kind == "text")

    def municipality_in(area):  # texts are read by their municipality's staff
        return rng.choice([m for _b, _t, m in businesses.get(area) or [(None, None, None)]])

    bulk_insert(
        SurveyComment,
        [
            {
                "id": random_key(),
                "round": round_id,
                "area": area,
                "municipality": municipality_in(area),
                "question": free_text.id,
                "text": rng.choice(COMMENTS),
                "status": rng.choice(("approved", "approved", "new")),
            }
            for round_id, area in (rng.choice(shown) for _ in range(ctx.size("survey_comments")))
        ],
    )
    bulk_insert(
        SurveyMessage,
        [
            {
                "id": random_key(),
                "area": area,
                "municipality": municipality_in(area),
                "category": rng.choice(("threat", "pressure", "harassment", "other")),
                "text": rng.choice(COMMENTS),
                "status": rng.choice(("new", "handled", "handled")),
                "received_on": ctx.now.date() - datetime.timedelta(days=rng.randint(0, 700)),
                "notified": True,
            }
            for area in (rng.choice(areas) for _ in range(ctx.size("survey_messages")))
        ],
    )


def _site_types() -> dict:
    from app.businesses.models import Business

    return dict(Business.select(Business.id, Business.site_type).tuples())


def _round(SurveyRound, SurveyRoundQuestion, area, opens, sites, questions):
    """A round of the area, its groups fixed from the area's businesses as open_round does."""
    from collections import Counter

    from app.surveys.models import MIN_SITES_FOR_OWN_GROUP

    types = Counter(site_type for _b, site_type, _m in sites)
    municipalities = Counter(municipality for _b, _t, municipality in sites)
    survey_round = SurveyRound.create(
        area=area,
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=28),
        own_site_types=",".join(
            sorted(t for t, n in types.items() if n >= MIN_SITES_FOR_OWN_GROUP)
        ),
        own_municipalities=",".join(
            str(m) for m, n in sorted(municipalities.items()) if n >= MIN_SITES_FOR_OWN_GROUP
        ),
    )
    SurveyRoundQuestion.insert_many(
        [
            {"round": survey_round.id, "question": q.id, "position": position}
            for position, q in enumerate(questions)
        ]
    ).execute()
    return survey_round


def _answers(rng, survey_round, sites, count, questions):
    """`count` answers from the area's businesses (each answering business about twice), as
    (site_type, municipality_id, answers), and the number of businesses behind each group."""
    if not sites:
        return [], {}
    answering = rng.sample(sites, max(1, min(len(sites), count // 2 or 1)))
    answers, businesses = [], {}
    for number in range(count):
        _business, site_type, municipality = answering[number % len(answering)]
        group = (
            survey_round.site_type_group(site_type),
            survey_round.municipality_group(municipality),
        )
        if number < len(answering):
            businesses[group] = businesses.get(group, 0) + 1
        answers.append(Answer(*group, _values(rng, questions)))
    return answers, businesses


def _insert_fast(model, rows: list[tuple]) -> None:
    """Rows in the order of the model's fields, with the driver's executemany (peewee builds
    the SQL of every row in Python: minutes for half a million)."""
    from app.db import database

    fields = model._meta.sorted_fields
    columns = ", ".join(f.column_name for f in fields)
    marks = ", ".join([database.param] * len(fields))
    sql = f"INSERT INTO {model._meta.table_name} ({columns}) VALUES ({marks})"
    cursor = database.cursor()
    for start in range(0, len(rows), 50_000):
        cursor.executemany(sql, rows[start : start + 50_000])


def _values(rng, questions) -> str:
    values = {}
    for question in questions:
        if question.kind == "text":
            continue
        if question.kind == "likert":
            values[str(question.id)] = rng.choices((1, 2, 3, 4, 5, 0), LIKERT)[0]
        else:
            choices = 2 if question.kind == "yes_no" else len(question.text_in("sv")["choices"])
            options = [*range(1, choices + 1), 0]
            values[str(question.id)] = rng.choices(options, OTHER[: len(options)])[0]
    return json.dumps(values)


COMMENTS = (
    "Det känns tryggare sedan polisen var här och pratade med oss.",
    "Vi vill veta mer om vad som händer efter att vi har ringt.",
    "På kvällarna är jag ofta ensam i butiken, och då är det obehagligt.",
    "Kunder blir arga när vi ber om legitimation.",
    "Bra med kortet vid kassan, det hjälper nya kollegor.",
    "Någon har frågat efter paket till flera olika namn.",
)


def __getattr__(name: str):
    """PAGES and WRITERS are made when first asked for: bench.pages and bench.writers
    collect them from the parts while they are being imported themselves, so importing them
    here, at the top, would find this module half-made."""
    if name == "PAGES":
        return _pages()
    if name == "WRITERS":
        return _writers()
    raise AttributeError(name)


@cache
def _pages() -> list:
    from bench.pages import ADMIN, BUSINESS, COUNTY, MUNICIPALITY, POLICE, Page

    return [
        Page("survey rounds", "/surveys/", MUNICIPALITY, dashboard=True),
        Page("survey results (police)", "/surveys/results", POLICE, dashboard=True),
        Page("survey results (county)", "/surveys/results", COUNTY, dashboard=True),
        Page("survey results (admin)", "/surveys/results", ADMIN, dashboard=True),
        Page("survey summary (admin)", "/surveys/summary", ADMIN),
        Page("survey review", "/surveys/review", POLICE, dashboard=True),
        Page("survey messages", "/surveys/messages", MUNICIPALITY, dashboard=True),
        Page("survey questions", "/surveys/questions", POLICE),
        Page("survey (business)", "/surveys/mine", BUSINESS),
        Page("survey answer form", "/surveys/answer", BUSINESS),
        Page("survey dialogue", "/surveys/dialogue", BUSINESS),
    ]


def _answerers(n: int) -> list[str]:
    """Business accounts of distinct businesses whose area has a round open and who have not
    answered it."""
    from app.accounts.models import User
    from app.businesses.models import Business
    from app.surveys.models import SurveyParticipant, SurveyParticipantBusiness, SurveyRound

    open_areas = SurveyRound.select(SurveyRound.area).where(SurveyRound.status == "open")
    answered_users = SurveyParticipant.select(SurveyParticipant.user)
    answered_businesses = SurveyParticipantBusiness.select(SurveyParticipantBusiness.business)
    rows = (
        User.select(User.email, User.business)
        .join(Business)
        .where(
            User.email.endswith("@bench.example")
            & Business.area.in_(open_areas)
            & User.id.not_in(answered_users)
            & Business.id.not_in(answered_businesses)
            & (Business.status == "active")
        )
        .order_by(User.id)
    )
    emails, businesses = [], set()
    for user in rows:
        if user.business_id not in businesses:
            businesses.add(user.business_id)
            emails.append(user.email)
        if len(emails) == n:
            return emails
    raise RuntimeError(f"only {len(emails)} businesses can answer, {n} wanted")


QUESTION = re.compile(r'name="(q\d+)"[^>]* type="radio"')


def _answer(client, email: str) -> None:
    """A business answers the open round: every question "don't know", no free text."""
    from bench.writers import _expect, _login

    _login(client, email)
    page = client.get("/surveys/answer").text
    data = {name: "0" for name in set(QUESTION.findall(page))}
    if not data:
        raise RuntimeError("no open round to answer")
    data["csrf_token"] = csrf_token(page)
    _expect(client.post("/surveys/answer", data=data), 303)


@cache
def _writers() -> list:
    from bench.writers import Writer

    return [
        Writer(
            "survey answer",
            _answerers,
            _answer,
            {
                "session": 1,
                "survey_participant": 1,
                "survey_participant_business": 1,
                "survey_response": 1,
            },
        )
    ]
