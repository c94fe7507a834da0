"""Writes of the safety survey: opening and closing rounds, saving an answer without a link
to the person, and the area's own questions. Staff writes carry their audit entry; an answer
has none, and nothing logged names who answered."""

import datetime
import json
import secrets
from collections import Counter, defaultdict

from flask import current_app
from peewee import IntegrityError, fn

from app.accounts.models import User
from app.areas.models import Area
from app.audit.models import record
from app.businesses.models import Business
from app.db import database, is_sqlite, utcnow
from app.jobs import job
from app.mail import queue_mail
from app.surveys.dates import today
from app.surveys.masking import mask
from app.surveys.models import (
    MIN_ANSWERS,
    MIN_BUSINESSES,
    MIN_SITES_FOR_OWN_GROUP,
    SurveyComment,
    SurveyGroup,
    SurveyMessage,
    SurveyParticipant,
    SurveyParticipantBusiness,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyRoundQuestion,
    SurveyTally,
    random_key,
)
from app.surveys.queries import unfinished_round
from app.surveys.question_set import NATIONAL_QUESTIONS
from app.surveys.statistics import index_sums

ROUND_LENGTH = datetime.timedelta(days=28)  # a round the job opens


class SurveyRefused(Exception):
    """The action cannot be done; the message says why."""


def portal_path(endpoint: str) -> str:
    """A page's path for a mail's link, also in a job outside any request."""
    return current_app.url_map.bind("localhost").build(endpoint)


# ---------------------------------------------------------------- questions


def ensure_national_set() -> None:
    """The national questions are stored the first time they are needed."""
    if SurveyQuestion.select().where(SurveyQuestion.area.is_null()).exists():
        return
    SurveyQuestion.insert_many(
        [
            {
                "key": question["key"],
                "kind": question["kind"],
                "in_index": question["in_index"],
                "texts": json.dumps(question["texts"], ensure_ascii=False),
                "position": 10 * number,
            }
            for number, question in enumerate(NATIONAL_QUESTIONS, start=1)
        ]
    ).execute()


def current_questions(area_id: int) -> list[SurveyQuestion]:
    """What a round opened now asks: the national questions, then the area's own, and the
    free-text questions last."""
    ensure_national_set()
    questions = SurveyQuestion.select().where(
        (SurveyQuestion.area.is_null() | (SurveyQuestion.area == area_id)) & ~SurveyQuestion.retired
    )
    return sorted(
        questions, key=lambda q: (q.kind == "text", q.area_id is not None, q.position, q.id)
    )


def add_question(area_id: int | None, kind: str, texts: dict, by: User) -> SurveyQuestion:
    """A new question of an area (None: a national one), asked from the next round on."""
    ensure_national_set()
    same_set = SurveyQuestion.area.is_null() if area_id is None else SurveyQuestion.area == area_id
    with database.atomic():
        position = (
            SurveyQuestion.select(fn.MAX(SurveyQuestion.position)).where(same_set).scalar() or 0
        ) + 10
        question = SurveyQuestion.create(
            area=area_id,
            key=f"{'national' if area_id is None else f'area-{area_id}'}-{secrets.token_hex(6)}",
            kind=kind,
            texts=json.dumps(texts, ensure_ascii=False),
            position=position,
        )
        record("survey_question_added", question, actor=by)
    return question


def change_question(question: SurveyQuestion, texts: dict, by: User) -> SurveyQuestion:
    """A new version with the new texts; the rounds that asked the old one keep it."""
    with database.atomic():
        SurveyQuestion.update(retired=True).where(SurveyQuestion.id == question.id).execute()
        new_version = SurveyQuestion.create(
            area=question.area_id,
            key=question.key,
            version=question.version + 1,
            kind=question.kind,
            texts=json.dumps(texts, ensure_ascii=False),
            in_index=question.in_index,
            position=question.position,
        )
        record("survey_question_changed", new_version, actor=by)
    return new_version


def retire_question(question: SurveyQuestion, by: User) -> None:
    with database.atomic():
        SurveyQuestion.update(retired=True).where(SurveyQuestion.id == question.id).execute()
        record("survey_question_retired", question, actor=by)


# ---------------------------------------------------------------- rounds


def open_round(
    area: Area, opens_on: datetime.date, closes_on: datetime.date, by: User | None
) -> SurveyRound:
    """A new round for the area, asking the questions current now. Its groups are fixed from
    the area's businesses now: a municipality or site type with few businesses is pooled in
    every answer saved."""
    with database.atomic():
        if unfinished_round(area.id) is not None:
            raise SurveyRefused("the area already has a round that has not closed")
        survey_round = SurveyRound.create(
            area=area.id,
            opens_on=opens_on,
            closes_on=closes_on,
            own_site_types=",".join(_large_groups(area.id, Business.site_type)),
            own_municipalities=",".join(
                str(m) for m in _large_groups(area.id, Business.municipality)
            ),
        )
        SurveyRoundQuestion.insert_many(
            [
                {"round": survey_round.id, "question": question.id, "position": position}
                for position, question in enumerate(current_questions(area.id))
            ]
        ).execute()
        record("survey_round_opened", survey_round, actor=by)
    if opens_on <= today():  # a later first day: the morning job tells them that day
        mail_round_opened(survey_round.id)
    return survey_round


@job()
def mail_round_opened(round_id: int) -> None:
    """Tell the area's business accounts that something waits (the mail says no more)."""
    survey_round = SurveyRound.get_or_none(SurveyRound.id == round_id)
    if survey_round is None or not survey_round.is_open:
        return
    link = portal_path("surveys.mine")
    for user in active_business_accounts(survey_round.area_id):
        queue_mail(user.email, "surveys/mail/something_new", user.language, link=link)


def _large_groups(area_id: int, field) -> list:
    """Values of `field` shared by enough of the area's active businesses to be a group."""
    return sorted(
        value
        for value, count in Business.select(field, fn.COUNT(Business.id))
        .where((Business.area == area_id) & (Business.status == "active"))
        .group_by(field)
        .tuples()
        if count >= MIN_SITES_FOR_OWN_GROUP
    )


def own_municipality_now(business: Business) -> int | None:
    """The business's municipality, or None when the area has so few active businesses there
    that it would point to the business (as an answer is coarsened)."""
    large = _large_groups(business.area_id, Business.municipality)
    return business.municipality_id if business.municipality_id in large else None


def active_business_accounts(area_id: int):
    return (
        User.select()
        .join(Business)
        .where(
            (Business.area == area_id)
            & (Business.status == "active")
            & (User.role == "business")
            & User.disabled_at.is_null()
        )
    )


def close_round(survey_round: SurveyRound, by: User | None) -> None:
    """Count the answers into the aggregates, give every answer and comment a new random key
    in random order, forget who answered, and settle which rounds are shown together."""
    with database.atomic():
        finish_round(survey_round, _businesses_per_group(survey_round.id))
        record("survey_round_closed", survey_round, actor=by)


def finish_round(survey_round: SurveyRound, businesses: dict) -> None:
    """Close the round with `businesses` {group: businesses that answered} (from who
    answered; the demo data gives its own for rounds from before the portal)."""
    responses = list(SurveyResponse.select().where(SurveyResponse.round == survey_round.id))
    count_round(survey_round, responses, businesses)
    _rekey(SurveyResponse, SurveyResponse.key, survey_round.id)
    _rekey(SurveyComment, SurveyComment.id, survey_round.id)
    for model in (SurveyParticipant, SurveyParticipantBusiness):
        model.delete().where(model.round == survey_round.id).execute()


def count_round(survey_round: SurveyRound, responses, businesses: dict) -> None:
    """The round's aggregates from its answers (objects with site_type, municipality_id and
    answers), its figures, and which rounds are shown together; the round is closed."""
    per_question = write_aggregates(survey_round.id, responses, businesses)
    index_points, index_answers = index_sums(per_question, index_question_ids(survey_round))
    SurveyRound.update(
        status="closed",
        answers=len(responses),
        businesses=sum(businesses.values()),
        eligible=active_business_accounts(survey_round.area_id).count(),
        index_points=index_points,
        index_answers=index_answers,
        closed_at=utcnow(),
    ).where(SurveyRound.id == survey_round.id).execute()
    settle_shown_together(survey_round.area_id)


def _businesses_per_group(round_id: int) -> dict:
    rows = (
        SurveyParticipantBusiness.select(
            SurveyParticipantBusiness.site_type,
            SurveyParticipantBusiness.municipality,
            fn.COUNT(SurveyParticipantBusiness.business),
        )
        .where(SurveyParticipantBusiness.round == round_id)
        .group_by(SurveyParticipantBusiness.site_type, SurveyParticipantBusiness.municipality)
        .tuples()
    )
    return {(site_type, municipality): count for site_type, municipality, count in rows}


def index_question_ids(survey_round: SurveyRound) -> list[int]:
    return [
        link.question_id
        for link in SurveyRoundQuestion.select(SurveyRoundQuestion.question)
        .join(SurveyQuestion)
        .where((SurveyRoundQuestion.round == survey_round.id) & SurveyQuestion.in_index)
    ]


def write_aggregates(round_id: int, responses, businesses: dict) -> dict:
    """SurveyGroup and SurveyTally of a round from its answers; answers {question id:
    {value: count}} of the whole round."""
    groups, tallies = Counter(), Counter()
    per_question = defaultdict(Counter)
    for response in responses:
        group = (response.site_type, response.municipality_id)
        groups[group] += 1
        for question_id, value in json.loads(response.answers).items():
            tallies[(int(question_id), *group, value)] += 1
            per_question[int(question_id)][value] += 1
    SurveyGroup.insert_many(
        [
            {
                "round": round_id,
                "site_type": site_type,
                "municipality": municipality,
                "answers": answers,
                "businesses": businesses.get((site_type, municipality), 0),
            }
            for (site_type, municipality), answers in groups.items()
        ]
    ).execute()
    rows = [
        {
            "round": round_id,
            "question": question_id,
            "site_type": site_type,
            "municipality": municipality,
            "value": value,
            "count": count,
        }
        for (question_id, site_type, municipality, value), count in tallies.items()
    ]
    for start in range(0, len(rows), 500):
        SurveyTally.insert_many(rows[start : start + 500]).execute()
    return per_question


def _rekey(model, key_field, round_id: int) -> None:
    """The round's rows again, each under a new random key, written in key order."""
    rows = list(model.select().where(model.round == round_id).dicts())
    for row in rows:
        row[key_field.name] = random_key()
    _rewrite(model, key_field, round_id, rows)


def _rewrite(model, order_field, round_id: int, rows: list[dict]) -> None:
    model.delete().where(model.round == round_id).execute()
    rows.sort(key=lambda row: row[order_field.name])
    for start in range(0, len(rows), 500):
        model.insert_many(rows[start : start + 500]).execute()


def settle_shown_together(area_id: int) -> None:
    """The closed rounds still waiting to be shown (too few answers on their own) are shown
    together with the last one once they have enough answers from enough businesses. The
    sets never change afterwards, so no set shown can be subtracted from another."""
    waiting = list(
        SurveyRound.select()
        .where(
            (SurveyRound.area == area_id)
            & (SurveyRound.status == "closed")
            & SurveyRound.shown_with.is_null()
        )
        .order_by(SurveyRound.closed_at, SurveyRound.id)
    )
    if not waiting:
        return
    answers = sum(r.answers for r in waiting)
    # Different rounds may have the same businesses: the largest count is sure.
    businesses = max(r.businesses for r in waiting)
    if answers >= MIN_ANSWERS and businesses >= MIN_BUSINESSES:
        SurveyRound.update(shown_with=waiting[-1].id).where(
            SurveyRound.id.in_([r.id for r in waiting])
        ).execute()


# ---------------------------------------------------------------- answering


class AlreadyAnswered(SurveyRefused):
    pass


def save_answer(survey_round: SurveyRound, user: User, values: dict, texts: dict) -> None:
    """Store one answer without a link to the person: `values` {question id: value} and
    `texts` {question id: free text}. The person is only marked as having answered (once per
    round; the mark is deleted when the round closes)."""
    business = Business.get_by_id(user.business_id)
    site_type = survey_round.site_type_group(business.site_type)
    municipality = survey_round.municipality_group(business.municipality_id)
    with database.atomic():
        if not is_sqlite():  # answers to one round one at a time: _keep_key_order rewrites
            SurveyRound.select().where(SurveyRound.id == survey_round.id).for_update().get()
        if has_answered(survey_round.id, user.id):
            raise AlreadyAnswered("already answered")
        try:  # two answers sent at once: the key refuses the second
            SurveyParticipant.insert(round=survey_round.id, user=user.id).execute()
        except IntegrityError as error:
            raise AlreadyAnswered("already answered") from error
        SurveyParticipantBusiness.insert(
            round=survey_round.id,
            business=business.id,
            site_type=site_type,
            municipality=municipality,
        ).on_conflict_ignore().execute()
        SurveyResponse.insert(
            key=random_key(),
            round=survey_round.id,
            site_type=site_type,
            municipality=municipality,
            answers=json.dumps({str(q): v for q, v in sorted(values.items())}),
        ).execute()
        for question_id, text in sorted(texts.items()):
            if text.strip():
                SurveyComment.insert(
                    id=random_key(),
                    round=survey_round.id,
                    area=survey_round.area_id,
                    question=question_id,
                    text=mask(text.strip()),
                    municipality=municipality,
                ).execute()
        if not is_sqlite():
            _keep_key_order(survey_round.id)


def has_answered(round_id: int, user_id: int) -> bool:
    return (
        SurveyParticipant.select()
        .where((SurveyParticipant.round == round_id) & (SurveyParticipant.user == user_id))
        .exists()
    )


def _keep_key_order(round_id: int) -> None:
    """PostgreSQL keeps rows in the order they were written: the round's rows of every
    unordered table are written again in key order, so that the newest is not the last."""
    for model, order in (
        (SurveyParticipant, SurveyParticipant.user),
        (SurveyParticipantBusiness, SurveyParticipantBusiness.business),
        (SurveyResponse, SurveyResponse.key),
        (SurveyComment, SurveyComment.id),
    ):
        rows = list(model.select().where(model.round == round_id).dicts())
        _rewrite(model, order, round_id, rows)


def round_questions(round_id: int) -> list[SurveyQuestion]:
    """The questions a round asks, in order."""
    return list(
        SurveyQuestion.select()
        .join(SurveyRoundQuestion)
        .where(SurveyRoundQuestion.round == round_id)
        .order_by(SurveyRoundQuestion.position)
    )


def forget_person(user: User) -> None:
    """The messages an erased person sent stay with the area, no longer linked to anyone,
    and with their municipality only where it has enough businesses to hide among."""
    changes = {"user": None}
    business = Business.get_or_none(Business.id == user.business_id)
    if business is not None and own_municipality_now(business) is None:
        changes["municipality"] = None
    SurveyMessage.update(**changes).where(SurveyMessage.user == user.id).execute()
