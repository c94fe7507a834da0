"""Reads of the safety survey, within the reader's scope (staff through `scoped()`, a
business its own area's rounds)."""

from collections import defaultdict
from dataclasses import dataclass

import peewee as pw
from peewee import JOIN, fn

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import PreparedSelect, database, fields_of, paginate
from app.security import can, get_in_scope, scoped
from app.surveys.dates import today
from app.surveys.models import (
    SurveyComment,
    SurveyGroup,
    SurveyMessage,
    SurveyParticipant,
    SurveyQuestion,
    SurveyReply,
    SurveyResponse,
    SurveyRound,
    SurveyRoundQuestion,
    SurveyTally,
)
from app.surveys.statistics import (
    Count,
    Figures,
    pooled_across_sets,
    safety_index,
    shown_breakdowns,
    total,
)

# ---------------------------------------------------------------- rounds


def rounds_page(user, page_number):
    """The rounds in scope, newest first, with the area and, while open, the answers so far."""
    answers_so_far = (
        SurveyResponse.select(fn.COUNT(SurveyResponse.key))
        .where(SurveyResponse.round == SurveyRound.id)
        .alias("answers_so_far")
    )
    query = (
        SurveyRound.select(SurveyRound, Area, answers_so_far)
        .join(Area)
        .order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc())
    )
    return paginate(
        scoped(SurveyRound, user, query),
        page_number,
        per_page=20,
        count_query=scoped(SurveyRound, user),
    )


def rounds_for_results(user, round_id) -> tuple[SurveyRound | None, list[SurveyRound]]:
    """The round asked for (404 outside the scope) – else the latest with results to show in
    scope, else the latest at all – and every round of its area, in the order they closed
    (open ones last)."""
    with_area = SurveyRound.select(SurveyRound, Area).join(Area)
    if round_id:
        survey_round = get_in_scope(SurveyRound, round_id, user, with_area)
    else:
        survey_round = (
            scoped(SurveyRound, user, with_area)
            .order_by(SurveyRound.shown_with.is_null(), SurveyRound.closed_at.desc())
            .first()
        )
    if survey_round is None:
        return None, []
    of_area = with_area.where(SurveyRound.area == survey_round.area_id).order_by(
        SurveyRound.closed_at.is_null(), SurveyRound.closed_at, SurveyRound.id
    )
    rounds = list(scoped(SurveyRound, user, of_area))
    if not round_id:
        survey_round = _latest_shown(rounds)
    return survey_round, rounds


def _latest_shown(rounds: list[SurveyRound]) -> SurveyRound | None:
    shown = [r for r in rounds if r.shown_with_id is not None]
    return (shown or rounds or [None])[-1]


def unfinished_round(area_id: int) -> SurveyRound | None:
    return SurveyRound.get_or_none((SurveyRound.area == area_id) & (SurveyRound.status == "open"))


def answers_so_far(round_id: int) -> int:
    return SurveyResponse.select().where(SurveyResponse.round == round_id).count()


def closed_rounds_of_business_area(user) -> list[SurveyRound]:
    """The closed rounds of the area of a business user's business, in the order they closed."""
    return list(
        SurveyRound.select()
        .where(
            (SurveyRound.area == _business_area(user.business_id))
            & (SurveyRound.status == "closed")
        )
        .order_by(SurveyRound.closed_at, SurveyRound.id)
    )


def _business_area(business_id):
    return Business.select(Business.area).where(Business.id == business_id)


def shown_sets(area_rounds: list[SurveyRound]) -> list[list[SurveyRound]]:
    """The area's closed rounds in the sets they are shown in, oldest first (rounds still
    waiting for more answers are left out)."""
    sets = defaultdict(list)
    for survey_round in area_rounds:
        if survey_round.shown_with_id is not None:
            sets[survey_round.shown_with_id].append(survey_round)
    return list(sets.values())  # in the order their last round closed


def set_of(survey_round: SurveyRound, area_rounds) -> list[SurveyRound] | None:
    for rounds in shown_sets(area_rounds):
        if survey_round.id in {r.id for r in rounds}:
            return rounds
    return None


def trend(area_rounds) -> list[tuple[list[SurveyRound], float | None]]:
    """The safety index of each set of rounds shown, oldest first."""
    return [
        (
            rounds,
            safety_index(
                sum(r.index_points or 0 for r in rounds), sum(r.index_answers or 0 for r in rounds)
            ),
        )
        for rounds in shown_sets(area_rounds)
    ]


# ---------------------------------------------------------------- results of a set of rounds


def results_municipality(user) -> int | None:
    """The municipality whose results alone the user reads (None: the whole area's)."""
    return user.municipality_id if user.role == "municipality" else None


def results_of(shown: list[SurveyRound], area_rounds, municipality_id=None) -> "Results":
    """The results of a set of rounds shown, with the area's earlier sets (for the small
    places pooled across them)."""
    sets = shown_sets(area_rounds)
    index = next(i for i, rounds in enumerate(sets) if rounds[-1].id == shown[-1].id)
    return Results(shown, municipality_id, sets[:index])


@dataclass
class PooledPlace:
    """A municipality too small to show in each of some rounds, shown over them together."""

    key: object
    count: Count
    figures: Figures
    rounds: list
    question_ids: set


class Results:
    """What a set of rounds shown together says, every small group hidden, and the small
    places that reach the thresholds with it over the area's earlier sets (`earlier`, oldest
    first); with `municipality_id`, only that municipality's part, when the area's view
    shows it."""

    def __init__(self, rounds: list[SurveyRound], municipality_id: int | None = None, earlier=()):
        sets = [*earlier, rounds]
        set_of_round = {r.id: index for index, s in enumerate(sets) for r in s}
        self.rounds = rounds
        self.municipality_id = municipality_id
        self.shown = True
        per_set: list[dict] = [defaultdict(Count) for _ in sets]
        self.municipality_names = {}
        for group in (
            SurveyGroup.select(SurveyGroup, Municipality)
            .join(Municipality, JOIN.LEFT_OUTER)
            .where(SurveyGroup.round.in_(list(set_of_round)))
        ):
            key = (group.site_type, group.municipality_id)
            per_set[set_of_round[group.round_id]][key].add(
                group.round_id, group.answers, group.businesses
            )
            if group.municipality_id:
                self.municipality_names[group.municipality_id] = group.municipality.name
        self.counts = per_set[-1]
        places = pooled_across_sets(per_set, lambda group: group[1]).get(len(sets) - 1, [])
        places_rounds = [[r for i in row.set_indexes for r in sets[i]] for row in places]
        round_ids = [r.id for r in rounds]
        needed = {*round_ids, *(r.id for covered in places_rounds for r in covered)}
        self.tallies: dict = defaultdict(lambda: defaultdict(int))
        by_round: dict = defaultdict(lambda: defaultdict(int))
        for round_id, question_id, site_type, municipality, value, count in (
            SurveyTally.select(
                SurveyTally.round,
                SurveyTally.question,
                SurveyTally.site_type,
                SurveyTally.municipality,
                SurveyTally.value,
                SurveyTally.count,
            )
            .where(SurveyTally.round.in_(list(needed)))
            .tuples()
        ):
            by_round[(round_id, site_type, municipality)][(question_id, value)] += count
            if round_id in round_ids:
                self.tallies[(site_type, municipality)][(question_id, value)] += count
        asked = _questions_asked(needed)
        self.questions = asked.in_every(round_ids)
        self.index_ids = [q.id for q in self.questions if q.in_index]
        self.total = total(self.counts.values())
        self.overall = Figures(self.tallies, self.counts)
        self.by_municipality, self.by_site_type = self._breakdowns()
        self.pooled_places = []
        for row, covered in zip(places, places_rounds, strict=True):
            question_ids = {q.id for q in asked.in_every([r.id for r in covered])}
            cells = [(r.id, *group) for index, group in row.cells for r in sets[index]]
            figures = Figures(by_round, cells, question_ids)
            self.pooled_places.append(
                PooledPlace(row.key, row.count, figures, covered, question_ids)
            )
        if municipality_id is not None:
            self._narrow_to(municipality_id)

    def _narrow_to(self, municipality_id: int) -> None:
        """The municipality's own row of the area's breakdown by municipality, or its row
        pooled over rounds, and nothing else: what the area's view shows of it, so nothing
        more can be subtracted (a municipality the area's view pools with others is not
        shown)."""
        row = next((row for row in self.by_municipality or () if row[0] == municipality_id), None)
        place = next((p for p in self.pooled_places if p.key == municipality_id), None)
        self.by_municipality = self.by_site_type = None
        self.pooled_places = []
        if row is not None:
            _key, self.total, self.overall = row
        elif place is not None:
            self.total, self.overall, self.rounds = place.count, place.figures, place.rounds
            self.questions = [q for q in self.questions if q.id in place.question_ids]
            self.index_ids = [q.id for q in self.questions if q.in_index]
        else:
            self.shown = False

    @property
    def municipality_name(self) -> str:
        return self.municipality_names.get(self.municipality_id, "")

    @property
    def eligible(self) -> int:
        return sum(r.eligible or 0 for r in self.rounds)

    @property
    def response_rate(self) -> float | None:
        if self.municipality_id is not None:  # the accounts asked are counted per area
            return None
        eligible = max(self.eligible, self.total.answers)
        return self.total.answers / eligible if eligible else None

    @property
    def index(self) -> float | None:
        return self.overall.index(self.index_ids)

    def _breakdowns(self):
        by_municipality, by_site_type = shown_breakdowns(self.counts)
        return self._figures(by_municipality), self._figures(by_site_type)

    def _figures(self, rows):
        """A breakdown's rows as (key, Count, Figures); key is a site type, a municipality
        id, None (municipalities pooled when saved) or OTHERS. None: not shown."""
        if rows is None:
            return None
        return [(row.key, row.count, Figures(self.tallies, row.groups)) for row in rows]


class _Asked:
    """Which closed questions each round asked, in the order of the latest round."""

    def __init__(self, links):
        self.rounds_asking = defaultdict(set)
        self.questions = {}
        for link in links:
            self.rounds_asking[link.question_id].add(link.round_id)
            self.questions.setdefault(link.question_id, link.question)

    def in_every(self, round_ids) -> list[SurveyQuestion]:
        wanted = set(round_ids)
        return [q for qid, q in self.questions.items() if wanted <= self.rounds_asking[qid]]


def _questions_asked(round_ids) -> _Asked:
    return _Asked(
        SurveyRoundQuestion.select(SurveyRoundQuestion, SurveyQuestion)
        .join(SurveyQuestion)
        .where(SurveyRoundQuestion.round.in_(list(round_ids)) & (SurveyQuestion.kind != "text"))
        .order_by(SurveyRoundQuestion.round.desc(), SurveyRoundQuestion.position)
    )


# ---------------------------------------------------------------- free text and messages


def approved_comments(user, round_ids, page_number):
    query = (
        SurveyComment.select(SurveyComment.id, SurveyComment.text)
        .where(SurveyComment.round.in_(round_ids) & (SurveyComment.status == "approved"))
        .order_by(SurveyComment.id)
    )
    return paginate(scoped(SurveyComment, user, query), page_number, per_page=20)


def comments_to_review(user, page_number):
    """Free text waiting for a moderator: of rounds whose answers are shown (a round with too
    few answers keeps its free text back as well)."""
    return paginate(_waiting_comments(user), page_number, per_page=10)


def _waiting_comments(user):
    query = (
        SurveyComment.select(SurveyComment, SurveyRound)
        .join(SurveyRound)
        .where((SurveyComment.status == "new") & SurveyRound.shown_with.is_null(False))
        .order_by(SurveyRound.closes_on, SurveyComment.id)
    )
    return scoped(SurveyComment, user, query)


def messages_page(user, status: str, page_number):
    query = (
        SurveyMessage.select(SurveyMessage, Area)
        .join(Area)
        .where(SurveyMessage.status == status)
        .order_by(SurveyMessage.received_on.desc(), SurveyMessage.id)
    )
    return paginate(
        scoped(SurveyMessage, user, query),
        page_number,
        per_page=20,
        count_query=scoped(SurveyMessage, user).where(SurveyMessage.status == status),
    )


def to_review(user) -> int:
    """Free text and messages waiting for the user's area, in one query."""
    comments = scoped(
        SurveyComment,
        user,
        SurveyComment.select(fn.COUNT(SurveyComment.id))
        .join(SurveyRound)
        .where((SurveyComment.status == "new") & SurveyRound.shown_with.is_null(False)),
    )
    messages = scoped(
        SurveyMessage,
        user,
        SurveyMessage.select(fn.COUNT(SurveyMessage.id)).where(SurveyMessage.status == "new"),
    )
    both = pw.NodeList((comments, pw.SQL("+"), messages))  # query + query would be a UNION
    return pw.Select(columns=[both]).bind(database).scalar()


def own_messages(user) -> list[SurveyMessage]:
    """A business user's messages that asked for contact, with staff's replies."""
    messages = (
        SurveyMessage.select()
        .where(SurveyMessage.user == user.id)
        .order_by(SurveyMessage.received_on.desc(), SurveyMessage.id)
    )
    return pw.prefetch(messages, SurveyReply.select().order_by(SurveyReply.created_at))


# ---------------------------------------------------------------- a business's view


def open_round_for(user) -> tuple[SurveyRound | None, bool]:
    """The round open now in the business's area, and whether this user has answered it.
    Asked on every business home: a prepared query (its SQL written once)."""
    found = _OPEN_ROUND.first(user.id, user.business_id, today())
    if found is None:
        return None, False
    survey_round, answered = found
    return survey_round, bool(answered)


def _open_round_query(user_id, business_id, day):
    answered = SurveyParticipant.select(fn.COUNT(SurveyParticipant.user)).where(
        (SurveyParticipant.round == SurveyRound.id) & (SurveyParticipant.user == user_id)
    )
    return (
        SurveyRound.select(*fields_of(SurveyRound), answered)
        .where(
            (SurveyRound.area == _business_area(business_id))
            & (SurveyRound.status == "open")
            & (SurveyRound.opens_on <= day)
        )
        .limit(1)
    )


_OPEN_ROUND = PreparedSelect((SurveyRound,), _open_round_query)


# ---------------------------------------------------------------- home panels


def business_panel(user) -> dict | None:
    """The business home's panel: the round open now, if any."""
    survey_round, answered = open_round_for(user)
    if survey_round is None:
        return None
    return {"survey_round": survey_round, "answered": answered}


def staff_panel(user) -> dict:
    """The staff home's panel: the latest round in scope and, while open, its answers."""
    answers = (
        SurveyResponse.select(fn.COUNT(SurveyResponse.key))
        .where(SurveyResponse.round == SurveyRound.id)
        .alias("answers_so_far")
    )
    survey_round = (
        scoped(SurveyRound, user, SurveyRound.select(SurveyRound, Area, answers).join(Area))
        .order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc())
        .first()
    )
    waiting = to_review(user) if can("survey_moderate", user) else None
    return {"survey_round": survey_round, "to_review": waiting}


def message_writer(message):
    """The writer of a message who asked for an answer, with their business (else None)."""
    if message.user_id is None:
        return None
    return User.select(User, Business).join(Business).where(User.id == message.user_id).first()


def replies_to(message) -> list:
    return list(
        SurveyReply.select()
        .where(SurveyReply.message == message.id)
        .order_by(SurveyReply.created_at)
    )


def personal_data(user: User) -> dict:
    """What the survey holds about the person: never their answers (nothing links an answer
    to anyone), only the open rounds they have answered and the messages they sent asking
    for an answer, with the replies."""
    answered = (
        SurveyRound.select(SurveyRound.opens_on, SurveyRound.closes_on)
        .join(SurveyParticipant)
        .where(SurveyParticipant.user == user.id)
    )
    messages = SurveyMessage.select().where(SurveyMessage.user == user.id)
    return {
        "open_rounds_you_have_answered": [
            {"opens_on": r.opens_on.isoformat(), "closes_on": r.closes_on.isoformat()}
            for r in answered
        ],
        "messages_you_asked_to_be_answered": [
            {
                "category": m.category,
                "text": m.text,
                "received_on": m.received_on.isoformat(),
                "replies": [reply.text for reply in m.replies],
            }
            for m in messages
        ],
    }
