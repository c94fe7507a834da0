"""Writes of the review and the dialogue: moderators approve or withhold free-text answers;
businesses send messages; staff reply and mark them handled. Staff writes carry their audit
entry; a business's message has none."""

from app.accounts.models import User
from app.audit.models import record
from app.db import database
from app.mail import queue_mail
from app.surveys.dates import today
from app.surveys.masking import mask
from app.surveys.models import SurveyComment, SurveyMessage, SurveyReply, SurveyRound, random_key
from app.surveys.services import own_municipality_now, portal_path


def approve_comment(comment: SurveyComment, text: str, by: User) -> None:
    """The text as the moderator left it is what staff read from now on."""
    with database.atomic():
        SurveyComment.update(text=text, status="approved").where(
            SurveyComment.id == comment.id
        ).execute()
        record("survey_comment_approved", SurveyRound.get_by_id(comment.round_id), actor=by)


def withhold_comment(comment: SurveyComment, by: User) -> None:
    """A text no one should read is deleted, not kept hidden."""
    with database.atomic():
        SurveyComment.delete().where(SurveyComment.id == comment.id).execute()
        record("survey_comment_rejected", SurveyRound.get_by_id(comment.round_id), actor=by)


def send_message(user: User, category: str, text: str, wants_contact: bool) -> SurveyMessage:
    """The message reaches the business's area, masked, with the day it came; linked to its
    writer only when they want an answer. Its municipality is coarsened unless the writer is
    known anyway."""
    business = user.business
    return SurveyMessage.create(
        id=random_key(),
        area=business.area_id,
        municipality=business.municipality_id if wants_contact else own_municipality_now(business),
        category=category,
        text=mask(text),
        user=user.id if wants_contact else None,
        received_on=today(),
    )


def reply_to(message: SurveyMessage, text: str, by: User) -> SurveyReply:
    writer = User.get_by_id(message.user_id)
    with database.atomic():
        reply = SurveyReply.create(message=message.id, author=by.id, text=text)
        record("survey_message_replied", None, actor=by, area=message.area_id)
    queue_mail(
        writer.email,
        "surveys/mail/something_new",
        writer.language,
        link=portal_path("surveys.dialogue"),
    )
    return reply


def mark_handled(message: SurveyMessage, by: User) -> None:
    with database.atomic():
        SurveyMessage.update(status="handled").where(SurveyMessage.id == message.id).execute()
        record("survey_message_handled", None, actor=by, area=message.area_id)
