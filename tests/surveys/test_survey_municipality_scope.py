"""Municipality staff read their own municipality's survey results, free text and messages
only, in every police area that covers it; the area's police read the whole area. Every
changed route is tried by every role: anonymous, a business, the police of the area and of
another, the municipality of the answers and the other municipality of the same area, the
county, the administrator and customs."""

import pytest
from survey_helpers import (
    business_account,
    closed_round_with,
    new_business,
    sundsvall,
    timra_staff,
)

from app.areas.models import Municipality
from app.surveys.dialogue import send_message
from app.surveys.models import SurveyComment, SurveyMessage, SurveyQuestion, SurveyRound, random_key
from app.surveys.services import forget_person

TIMRA_STAFF = "kommun.timra@example.com"
EVERYONE = (
    None,
    "ombud@example.com",
    "polis@example.com",
    "polis.umea@example.com",
    "kommun@example.com",
    TIMRA_STAFF,
    "lansstyrelsen@example.com",
    "admin@example.com",
    "tull@example.com",
)


def municipality(code):
    return Municipality.get(Municipality.code == code)


def latest_closed():
    return (
        SurveyRound.select()
        .where((SurveyRound.area == sundsvall().id) & (SurveyRound.status == "closed"))
        .order_by(SurveyRound.closes_on.desc())
        .first()
    )


@pytest.fixture
def browser(app, as_user):
    """browser(email) -> a client of that account (None: anonymous), Timrå's staff too."""
    timra_staff(app)

    def make(email):
        client = as_user(email)
        client.get("/language/en")
        return client

    return make


def timra_writer_message():
    """A parcel agent in Timrå asks for an answer: its message names the writer."""
    shop = new_business("Timrå Livs", municipality_code="2262")
    writer = business_account(shop.name, email="timra.livs@example.com")
    return send_message(writer, "threat", "En kund hotade mig i kassan.", wants_contact=True)


# ---------------------------------------------------------------- messages


MESSAGE_ACCESS = {
    None: (302, 302),
    "ombud@example.com": (403, 403),
    "polis@example.com": (200, 200),
    "polis.umea@example.com": (404, 404),
    "kommun@example.com": (200, 404),
    TIMRA_STAFF: (404, 200),
    "lansstyrelsen@example.com": (403, 403),
    "admin@example.com": (403, 403),
    "tull@example.com": (403, 403),
}


@pytest.mark.parametrize("email", EVERYONE)
def test_a_message_is_read_in_its_own_municipality_and_by_the_areas_police(browser, email):
    sundsvall_message = SurveyMessage.get(SurveyMessage.text.contains("frågar om paket"))
    timra_message = timra_writer_message()
    client = browser(email)
    for message, status in zip(
        (sundsvall_message, timra_message), MESSAGE_ACCESS[email], strict=True
    ):
        page = client.get(f"/surveys/messages/{message.id}")
        assert page.status_code == status
        if message is timra_message and status == 200:
            assert "Timrå Livs" in page.text  # the writer asked for an answer
        reply = client.post(f"/surveys/messages/{message.id}", data={"text": "Vi hör av oss."})
        assert reply.status_code == (303 if status == 200 else status)
        handled = client.post(f"/surveys/messages/{message.id}/handled", data={})
        assert handled.status_code == (303 if status == 200 else status)
        expected = "handled" if status == 200 else "new"
        assert SurveyMessage.get_by_id(message.id).status == expected


@pytest.mark.parametrize("email,code", [("kommun@example.com", "2281"), (TIMRA_STAFF, "2262")])
def test_each_municipality_lists_and_counts_its_own_messages(browser, email, code):
    timra_writer_message()
    client = browser(email)
    listing = client.get("/surveys/messages").text
    waiting = list(SurveyMessage.select().where(SurveyMessage.status == "new"))
    own = [m for m in waiting if m.municipality_id == municipality(code).id]
    assert own and len(own) < len(waiting)
    for message in waiting:
        assert (f"/surveys/messages/{message.id}" in listing) == (message in own)
    assert f"{len(own)} new message" in client.get("/surveys/review").text


def test_the_police_list_every_message_of_the_area(browser):
    timra_message = timra_writer_message()
    listing = browser("polis@example.com").get("/surveys/messages").text
    assert f"/surveys/messages/{timra_message.id}" in listing
    for message in SurveyMessage.select().where(
        (SurveyMessage.area == sundsvall().id) & (SurveyMessage.status == "new")
    ):
        assert f"/surveys/messages/{message.id}" in listing


def test_a_message_keeps_its_municipality_only_where_it_hides_the_writer(app, demo):
    """Sundsvall has two active businesses in the demo: too few for its own group, so a
    message without a wish for an answer goes to the area's police only; with the wish the
    writer is known anyway. With five businesses the municipality is kept."""
    ombud = business_account("Kiosken Stenstan")
    anonymous = send_message(ombud, "threat", "Hotad vid kassan.", wants_contact=False)
    known = send_message(ombud, "threat", "Hotad vid kassan igen.", wants_contact=True)
    assert anonymous.municipality_id is None and anonymous.user_id is None
    assert known.municipality_id == municipality("2281").id
    with app.test_request_context():
        forget_person(ombud)  # erased: no longer known, so coarsened
    assert SurveyMessage.get_by_id(known.id).municipality_id is None
    for number in range(3):
        new_business(f"Butik {number}")
    kept = send_message(ombud, "other", "Konstiga paket.", wants_contact=False)
    assert kept.municipality_id == municipality("2281").id


def test_a_message_without_municipality_is_read_by_the_police_only(browser):
    message = send_message(
        business_account("Kiosken Stenstan"), "threat", "Hotad vid kassan.", wants_contact=False
    )
    assert browser("polis@example.com").get(f"/surveys/messages/{message.id}").status_code == 200
    for email in ("kommun@example.com", TIMRA_STAFF):
        assert browser(email).get(f"/surveys/messages/{message.id}").status_code == 404


# ---------------------------------------------------------------- free text


def comment_of(code, status, text):
    return SurveyComment.create(
        id=random_key(),
        round=latest_closed().id,
        area=sundsvall().id,
        municipality=municipality(code).id if code else None,
        question=SurveyQuestion.get(SurveyQuestion.key == "free_text").id,
        text=text,
        status=status,
    )


REVIEW_ACCESS = {
    None: (302, 302, 302),
    "ombud@example.com": (403, 403, 403),
    "polis@example.com": (200, 200, 200),
    "polis.umea@example.com": (404, 404, 404),
    "kommun@example.com": (200, 404, 404),
    TIMRA_STAFF: (404, 200, 404),
    "lansstyrelsen@example.com": (403, 403, 403),
    "admin@example.com": (403, 403, 403),
    "tull@example.com": (403, 403, 403),
}


@pytest.mark.parametrize("email", EVERYONE)
def test_free_text_is_reviewed_in_its_own_municipality(browser, email):
    """Of Sundsvall, of Timrå, and of the municipalities with few businesses (no
    municipality: the area's police only)."""
    waiting = [
        comment_of("2281", "new", "Text från Sundsvall att granska."),
        comment_of("2262", "new", "Text från Timrå att granska."),
        comment_of(None, "new", "Text från en liten kommun att granska."),
    ]
    client = browser(email)
    review = client.get("/surveys/review")
    for comment, status in zip(waiting, REVIEW_ACCESS[email], strict=True):
        if review.status_code == 200:
            assert (comment.text in review.text) == (status == 200)
        field = f"comment-{comment.id}-text"
        response = client.post(f"/surveys/comments/{comment.id}", data={field: "Godkänd."})
        assert response.status_code == (303 if status == 200 else status)
        assert SurveyComment.get_by_id(comment.id).status == (
            "approved" if status == 200 else "new"
        )
        response = client.post(f"/surveys/comments/{comment.id}/withhold", data={})
        assert response.status_code == (404 if status == 200 else status)  # approved already


@pytest.mark.parametrize(
    "email,shown,hidden",
    [
        ("polis@example.com", ("Sundsvall", "Timrå", "liten"), ()),
        ("kommun@example.com", ("Sundsvall",), ("Timrå", "liten")),
        (TIMRA_STAFF, ("Timrå",), ("Sundsvall", "liten")),
    ],
)
def test_approved_free_text_is_read_in_its_own_municipality(browser, email, shown, hidden):
    for code, place in (("2281", "Sundsvall"), ("2262", "Timrå"), (None, "liten")):
        comment_of(code, "approved", f"Godkänd text ({place}).")
    page = browser(email).get(f"/surveys/comments?round={latest_closed().id}").text
    for place in shown:
        assert f"Godkänd text ({place})." in page
    for place in hidden:
        assert f"Godkänd text ({place})." not in page


# ---------------------------------------------------------------- results


RESULTS_ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "polis@example.com": 200,
    "polis.umea@example.com": 404,
    "kommun@example.com": 200,
    TIMRA_STAFF: 200,
    "lansstyrelsen@example.com": 200,
    "admin@example.com": 200,
    "tull@example.com": 403,
}
ANSWERS = {  # the demo's latest closed round in Sundsvall
    "polis@example.com": 18,
    "lansstyrelsen@example.com": 18,
    "admin@example.com": 18,
    "kommun@example.com": 13,
    TIMRA_STAFF: 5,
}


@pytest.mark.parametrize("email", EVERYONE)
def test_results_are_of_the_readers_municipality(browser, email):
    client = browser(email)
    survey_round = latest_closed()
    for path in ("results", "summary", "results.csv", "results.xlsx"):
        response = client.get(f"/surveys/{path}?round={survey_round.id}")
        assert response.status_code == RESULTS_ACCESS[email], path
    if RESULTS_ACCESS[email] != 200:
        return
    page = client.get(f"/surveys/results?round={survey_round.id}").text
    assert f"<dt>Answers</dt><dd>{ANSWERS[email]}</dd>" in page
    csv = client.get(f"/surveys/results.csv?round={survey_round.id}").data.decode("utf-8-sig")
    assert f"All answers;;;Answers;{ANSWERS[email]}" in csv
    if email == "kommun@example.com":
        assert "Sundsvalls kommun only" in page and "Timrå kommun" not in page
        assert "By municipality" not in page and "Response rate" not in page
        assert "Timrå" not in csv and "By municipality" not in csv
    if email == TIMRA_STAFF:
        assert "Timrå kommun only" in page and "Sundsvalls kommun" not in page


def test_a_municipality_the_areas_view_pools_sees_no_figures(browser):
    """Timrå gets 2 answers in a round: the area's results show them with Sundsvall's
    together, so Timrå's staff see no figures, downloads, summary or free text of it."""
    survey_round = closed_round_with({"2281": 6, "2262": 2})
    police = browser("polis@example.com").get(f"/surveys/results?round={survey_round.id}").text
    assert "<dt>Answers</dt><dd>8</dd>" in police and "Timrå kommun" not in police
    timra = browser(TIMRA_STAFF)
    page = timra.get(f"/surveys/results?round={survey_round.id}").text
    assert "Too few answers from your municipality to show" in page
    assert "<dt>Answers</dt>" not in page
    for path in ("summary", "results.csv", "results.xlsx", "comments"):
        assert timra.get(f"/surveys/{path}?round={survey_round.id}").status_code == 404
    sundsvall_page = browser("kommun@example.com").get(f"/surveys/results?round={survey_round.id}")
    assert "Too few answers from your municipality" in sundsvall_page.text  # 6 of 8: would tell
