"""The safety survey in Sundsvall and Umeå: past rounds with results above the thresholds
(one small round shown together with the next), a round open now in each area that the demo
businesses can answer, free text to review, and messages from businesses.

The past rounds are from before the demo's own businesses joined: their answers are made
here, group by group, with the businesses that answered and the accounts asked at the time.
"""

import datetime
import json
import random

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import utcnow
from app.surveys.dates import today
from app.surveys.models import (
    DONT_KNOW,
    POOLED_SITE_TYPE,
    SurveyComment,
    SurveyMessage,
    SurveyQuestion,
    SurveyReply,
    SurveyResponse,
    SurveyRound,
    SurveyRoundQuestion,
    random_key,
)
from app.surveys.services import current_questions, ensure_national_set, finish_round

AREA_QUESTION = {
    "sv": {
        "text": "Har en kund under det senaste året bett dig lämna ut ett paket till någon "
        "annan än mottagaren?"
    },
    "en": {
        "text": "In the last year, has a customer asked you to hand a parcel to someone other "
        "than the addressee?"
    },
    "ar": {
        "text": "هل طلب منك أحد الزبائن خلال العام الماضي أن تسلّم طردًا إلى شخص غير المرسَل إليه؟"
    },
}

# How answers lean, by question key: weights of 1–5 (or yes, no; or the choices) and
# "don't know" last.
LEANINGS = {
    "safe_at_work": (1, 2, 5, 6, 3, 1),
    "knows_contact": (7, 4, 2, 1),
    "threatened": (2, 9, 1),
    "trust_police": (0, 1, 4, 7, 4, 2),
    "trust_municipality": (1, 2, 6, 5, 2, 3),
    "collaboration_helps": (1, 2, 4, 6, 3, 3),
}
AREA_LEANING = (4, 8, 2)

# Past rounds: (area, days ago it opened, eligible accounts, groups as (site type,
# municipality code or None, answers, businesses)).
PAST_ROUNDS = (
    ("sundsvall", 800, 21, (("paketombud", "2281", 3, 2),)),
    (
        "sundsvall",
        430,
        24,
        (
            ("paketombud", "2281", 6, 4),
            ("paketombud", "2262", 5, 3),
            (POOLED_SITE_TYPE, "2281", 3, 2),
        ),
    ),
    (
        "sundsvall",
        65,
        26,
        (
            ("paketombud", "2281", 7, 4),
            ("paketombud", "2262", 5, 3),
            (POOLED_SITE_TYPE, "2281", 6, 3),
        ),
    ),
    ("umea", 90, 14, ((POOLED_SITE_TYPE, None, 8, 4),)),
)

COMMENTS = (
    (
        "approved",
        "Det känns tryggare sedan polisen var här och pratade med oss. Men på kvällarna är jag "
        "ofta ensam i butiken, och då är det obehagligt när någon vill hämta flera paket på "
        "olika namn.",
    ),
    (
        "approved",
        "Bra med kortet vid kassan. Vi skulle vilja veta mer om vad som händer efter att vi "
        "har ringt.",
    ),
    (
        "new",
        "En kund som heter [namn] har flera gånger försökt hämta ut paket med andras "
        "avier. Han bor på [adress]. Jag vågade inte säga nej.",
    ),
)

# (area, municipality code, category, days ago, writer, status, text)
MESSAGES = (
    (
        "sundsvall",
        "2281",
        "threat",
        3,
        None,
        "new",
        "En man kom in två gånger förra veckan och frågade efter paket till andra namn än sitt "
        "eget. Andra gången blev han arg och sa att han visste när jag slutar för dagen.",
    ),
    (
        "sundsvall",
        "2281",
        "pressure",
        9,
        "ombud@example.com",
        "new",
        "Ett par personer har börjat vänta utanför butiken när leveranserna kommer och frågar "
        "om paket har kommit till en viss adress. Vad ska vi göra när de kommer tillbaka?",
    ),
    (
        "sundsvall",
        "2281",
        "harassment",
        40,
        None,
        "handled",
        "Vi får ofta otrevliga kommentarer när vi ber om legitimation för att lämna ut paket, "
        "särskilt sena kvällar.",
    ),
    (
        "sundsvall",
        "2262",
        "other",
        6,
        None,
        "new",
        "Samma bil stannar utanför varje tisdag när paketen kommer, och föraren frågar efter "
        "försändelser till olika företag som inte finns här i Timrå.",
    ),
    (
        "umea",
        "2480",
        "other",
        12,
        None,
        "new",
        "Det har kommit många paket till en adress som inte finns, och ingen hämtar ut dem. Det "
        "känns konstigt.",
    ),
)
REPLY = (
    "Tack för att du berättar. Ring 112 om de hotar dig eller om något pågår. Vi kommer förbi "
    "butiken nästa vecka och pratar om hur ni kan göra – och vill gärna höra mer då. /Anna, "
    "kommunpolis"
)


def load() -> None:
    if SurveyRound.select().exists():
        return
    ensure_national_set()
    sundsvall = Area.get(Area.slug == "sundsvall")
    SurveyQuestion.create(
        area=sundsvall.id,
        key=f"area-{sundsvall.id}-demo",
        kind="yes_no",
        texts=json.dumps(AREA_QUESTION, ensure_ascii=False),
        position=10,
    )
    rng = random.Random(15)
    rounds = [_past_round(rng, *values) for values in PAST_ROUNDS]
    _open_round(rng, "sundsvall", 5, 3)
    _open_round(rng, "umea", 2, 1)
    sundsvall_municipality = Municipality.get(Municipality.code == "2281")
    for status, text in COMMENTS:
        question = SurveyQuestion.get(SurveyQuestion.key == "free_text")
        SurveyComment.create(
            id=random_key(),
            round=rounds[2].id,
            area=sundsvall.id,
            municipality=sundsvall_municipality.id,
            question=question.id,
            text=text,
            status=status,
        )
    _messages()


def _round(area: Area, opens_on: datetime.date) -> SurveyRound:
    survey_round = SurveyRound.create(
        area=area.id,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=28),
        own_site_types="paketombud",
        own_municipalities=",".join(
            str(m.id) for m in Municipality.select().where(Municipality.code.in_(["2281", "2262"]))
        ),
    )
    for position, question in enumerate(current_questions(area.id)):
        SurveyRoundQuestion.create(round=survey_round.id, question=question.id, position=position)
    return survey_round


def _past_round(rng, slug, days_ago, eligible, groups) -> SurveyRound:
    area = Area.get(Area.slug == slug)
    survey_round = _round(area, today() - datetime.timedelta(days=days_ago))
    businesses = {}
    for site_type, code, answers, business_count in groups:
        municipality = Municipality.get(Municipality.code == code).id if code else None
        businesses[(site_type, municipality)] = business_count
        for _ in range(answers):
            _answer(rng, survey_round, site_type, municipality)
    finish_round(survey_round, businesses)
    closed_at = datetime.datetime.combine(survey_round.closes_on, datetime.time(0, 10))
    SurveyRound.update(eligible=eligible, closed_at=closed_at).where(
        SurveyRound.id == survey_round.id
    ).execute()
    return SurveyRound.get_by_id(survey_round.id)


def _open_round(rng, slug: str, days_ago: int, answers: int) -> None:
    """Open since a few days, with answers from businesses not in the demo."""
    survey_round = _round(Area.get(Area.slug == slug), today() - datetime.timedelta(days=days_ago))
    municipality = survey_round.municipality_group(
        Business.get(Business.area == survey_round.area_id).municipality_id
    )
    for _ in range(answers):
        _answer(rng, survey_round, "paketombud", municipality)


def _answer(rng, survey_round: SurveyRound, site_type: str, municipality) -> None:
    values = {}
    for link in (
        SurveyRoundQuestion.select(SurveyRoundQuestion, SurveyQuestion)
        .join(SurveyQuestion)
        .where(SurveyRoundQuestion.round == survey_round.id)
    ):
        question = link.question
        if question.kind == "text":
            continue
        leaning = LEANINGS.get(question.key, AREA_LEANING)
        options = [*range(1, len(leaning)), DONT_KNOW]
        values[str(question.id)] = rng.choices(options, leaning)[0]
    SurveyResponse.create(
        key=random_key(),
        round=survey_round.id,
        site_type=site_type,
        municipality=municipality,
        answers=json.dumps(values),
    )


def _messages() -> None:
    police = User.get(User.email == "polis@example.com")
    for slug, code, category, days_ago, writer, status, text in MESSAGES:
        message = SurveyMessage.create(
            id=random_key(),
            area=Area.get(Area.slug == slug).id,
            municipality=Municipality.get(Municipality.code == code).id,
            category=category,
            text=text,
            user=User.get(User.email == writer).id if writer else None,
            status=status,
            received_on=today() - datetime.timedelta(days=days_ago),
            notified=True,
        )
        if writer:
            SurveyReply.create(
                message=message.id,
                author=police.id,
                text=REPLY,
                created_at=utcnow() - datetime.timedelta(days=days_ago - 2),
            )
