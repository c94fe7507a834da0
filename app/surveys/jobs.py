"""The survey's periodic work: rounds close when their last day is over and open again on
the area's interval; free text, messages and answers are deleted when their time is up."""

import calendar
import datetime

from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l

from app.areas.models import Area
from app.db import utcnow
from app.jobs import crontab, periodic
from app.mail import queue_mail
from app.surveys.dates import local_date, today
from app.surveys.models import SurveyComment, SurveyMessage, SurveyResponse, SurveyRound
from app.surveys.services import (
    ROUND_LENGTH,
    SurveyRefused,
    close_round,
    mail_round_opened,
    open_round,
    portal_path,
)

TEXT_RETENTION = datetime.timedelta(days=730)  # free text and messages: 24 months
ANSWER_RETENTION = datetime.timedelta(days=5 * 365)  # then only the aggregates


@periodic(crontab(hour="0", minute="10"))
def close_finished_rounds() -> None:
    """Rounds whose last day has passed."""
    due = SurveyRound.select().where(
        (SurveyRound.status == "open") & (SurveyRound.closes_on < today())
    )
    for survey_round in list(due):
        close_round(survey_round, by=None)


@periodic(crontab(hour="6", minute="0"))
def mail_rounds_opening_today() -> None:
    """The businesses of a round whose first day is today hear of it now, unless the round
    was opened today (they heard of it then)."""
    due = SurveyRound.select().where(
        (SurveyRound.status == "open") & (SurveyRound.opens_on == today())
    )
    for survey_round in list(due):
        if local_date(survey_round.created_at) < survey_round.opens_on:
            mail_round_opened(survey_round.id)


@periodic(crontab(hour="0", minute="20"))
def open_rounds_on_interval() -> None:
    """A new round in each area that has run the survey before, once its interval since the
    last round's start has passed (an area's first round is opened by its staff)."""
    for area in Area.select():
        last = (
            SurveyRound.select()
            .where(SurveyRound.area == area.id)
            .order_by(SurveyRound.opens_on.desc())
            .first()
        )
        if last is None or last.is_open:
            continue
        if add_months(last.opens_on, area.survey_interval_months) <= today():
            try:
                open_round(area, today(), today() + ROUND_LENGTH, by=None)
            except SurveyRefused:
                continue


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@periodic(crontab(hour="3", minute="40"))
def purge_old_survey_texts() -> None:
    """Free-text answers 24 months after their round closed; messages 24 months after they
    came (their replies with them)."""
    old_rounds = SurveyRound.select(SurveyRound.id).where(
        SurveyRound.closed_at < utcnow() - TEXT_RETENTION
    )
    SurveyComment.delete().where(SurveyComment.round.in_(old_rounds)).execute()
    SurveyMessage.delete().where(SurveyMessage.received_on < today() - TEXT_RETENTION).execute()


@periodic(crontab(hour="3", minute="50"))
def purge_old_survey_answers() -> None:
    """Answers 5 years after their round closed; the round's aggregates stay."""
    old_rounds = SurveyRound.select(SurveyRound.id).where(
        SurveyRound.closed_at < utcnow() - ANSWER_RETENTION
    )
    SurveyResponse.delete().where(SurveyResponse.round.in_(old_rounds)).execute()


@periodic(crontab(hour="7", minute="15"))
def mail_new_messages() -> None:
    """Once a day, the area's mailbox hears that messages from businesses wait – not when
    each one came, which could point to who wrote it."""
    waiting = SurveyMessage.select(SurveyMessage.area).where(~SurveyMessage.notified).distinct()
    for area in Area.select().where(Area.id.in_(waiting)):
        if area.contact_email:
            queue_mail(
                area.contact_email,
                "surveys/mail/messages_waiting",
                "sv",
                link=portal_path("surveys.review"),
            )
    SurveyMessage.update(notified=True).where(~SurveyMessage.notified).execute()


def retention() -> list[tuple]:
    """For the privacy notice."""
    return [
        (_l("Who has answered an open survey round (never what)"), _l("until the round closes")),
        (
            _l("Free-text answers and messages in the dialogue"),
            format_timedelta(TEXT_RETENTION, threshold=1),
        ),
        (
            _l("Survey answers, stored without a link to the person"),
            _l(
                "%(period)s, then only the totals",
                period=format_timedelta(ANSWER_RETENTION, threshold=1),
            ),
        ),
    ]
