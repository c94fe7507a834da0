"""Free text: masked before it is stored, read first by a moderator in scope, then shown to
the area's staff – never to businesses; and the dialogue between a business and its area."""

import pytest
from survey_helpers import open_round, sundsvall

from app.accounts.models import User
from app.areas.models import Municipality
from app.audit.models import AuditEntry
from app.surveys.dates import today
from app.surveys.masking import mask
from app.surveys.models import SurveyComment, SurveyMessage, SurveyReply, random_key


@pytest.mark.parametrize(
    "text,hidden,marker",
    [
        ("Ring mig på 070-174 06 12 efter fem.", "070-174 06 12", "[phone number]"),
        ("Numret +46 70 174 06 13 ringde igen.", "174 06 13", "[phone number]"),
        ("Skriv till kiosk.ägaren@example.com.", "example.com", "[email address]"),
        ("Hans personnummer är 19811218-9876.", "9876", "[personal identity number]"),
        ("Kunden har samordningsnummer 701063-2391", "2391", "[personal identity number]"),
        ("Firman 556036-0793 skickar dem.", "0793", "[organisation number]"),
        ("Han bor på Storgatan 18 B, tror jag.", "Storgatan 18", "[address]"),
        ("Paketen går till 852 30 Sundsvall.", "852 30", "[address]"),
        ("Det var Anna Svensson som hämtade.", "Svensson", "[name]"),
        ("Mannen heter Kjell Ek och är arg.", "Kjell", "[name]"),
    ],
)
def test_masking_hides_what_points_to_a_person(app, text, hidden, marker):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        masked = mask(text)
    assert hidden not in masked and marker in masked, masked


def test_masking_leaves_ordinary_text_and_the_tip_lines(app):
    text = "Det är lugnt. Polisen nås på 114 14 och Tullverket på 90 114, och 112 i nöd."
    with app.test_request_context():
        assert mask(text) == text


def comment(status="new", text="En kund som heter [namn] hotade mig."):
    return SurveyComment.create(
        id=random_key(),
        round=SurveyComment.select().first().round_id,
        area=sundsvall().id,
        question=SurveyComment.select().first().question_id,
        text=text,
        status=status,
    )


def test_a_moderator_edits_and_approves_free_text(login):
    waiting = SurveyComment.get(SurveyComment.status == "new")
    staff = login("kommun@example.com")
    page = staff.get("/surveys/review").text
    assert "[namn]" in page and f'name="comment-{waiting.id}-text"' in page
    response = staff.post(
        f"/surveys/comments/{waiting.id}",
        data={f"comment-{waiting.id}-text": "En kund har flera gånger försökt hämta ut paket."},
    )
    assert response.status_code == 303
    approved = SurveyComment.get_by_id(waiting.id)
    assert approved.status == "approved" and approved.text.startswith("En kund har")
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "survey_comment_approved" and entry.object_type == "SurveyRound"
    comments_page = staff.get(f"/surveys/comments?round={approved.round_id}").text
    assert "försökt hämta ut paket" in comments_page


def test_approval_answers_the_fragment_for_htmx(login):
    waiting = SurveyComment.get(SurveyComment.status == "new")
    staff = login("polis@example.com")
    response = staff.post(
        f"/surveys/comments/{waiting.id}",
        data={f"comment-{waiting.id}-text": "Godkänd text."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<article id="comment-{waiting.id}"')


def test_an_empty_or_overlong_edit_is_refused_and_changes_nothing(login):
    waiting = SurveyComment.get(SurveyComment.status == "new")
    staff = login("polis@example.com")
    for value in ("", "x" * 2001, "a\x00b"):
        response = staff.post(
            f"/surveys/comments/{waiting.id}", data={f"comment-{waiting.id}-text": value}
        )
        assert response.status_code == 422
        assert 'class="error"' in response.text
        assert SurveyComment.get_by_id(waiting.id).status == "new"


def test_withholding_deletes_the_text(login):
    waiting = SurveyComment.get(SurveyComment.status == "new")
    staff = login("polis@example.com")
    assert staff.post(f"/surveys/comments/{waiting.id}/withhold", data={}).status_code == 303
    assert SurveyComment.get_or_none(SurveyComment.id == waiting.id) is None
    assert AuditEntry.select().where(AuditEntry.action == "survey_comment_rejected").count() == 1


@pytest.mark.parametrize(
    "email,status",
    {
        "polis.umea@example.com": 404,  # another area's text
        "lansstyrelsen@example.com": 403,
        "admin@example.com": 403,
        "tull@example.com": 403,
        "ombud@example.com": 403,
    }.items(),
)
def test_only_moderators_in_scope_review(login, email, status):
    waiting = SurveyComment.get(SurveyComment.status == "new")
    browser = login(email)
    response = browser.post(
        f"/surveys/comments/{waiting.id}", data={f"comment-{waiting.id}-text": "Läckt."}
    )
    assert response.status_code == status
    assert SurveyComment.get_by_id(waiting.id).status == "new"
    if status == 403:
        assert browser.get("/surveys/review").status_code == 403
    else:
        assert "[namn]" not in browser.get("/surveys/review").text


def test_free_text_of_an_open_round_is_not_reviewed_yet(login):
    SurveyComment.create(
        id=random_key(),
        round=open_round().id,
        area=sundsvall().id,
        question=SurveyComment.select().first().question_id,
        text="Svar från en öppen omgång.",
    )
    assert "öppen omgång" not in login("polis@example.com").get("/surveys/review").text


# ---------------------------------------------------------------- the dialogue


def test_a_message_without_contact_is_stored_without_a_link(login):
    ombud = login("ombud@example.com")
    response = ombud.post(
        "/surveys/dialogue",
        data={"category": "threat", "text": "Han sa att han visste var jag bor, 070-174 06 15."},
    )
    assert response.status_code == 303
    message = SurveyMessage.get(SurveyMessage.text.contains("visste var jag bor"))
    assert message.user_id is None and message.area_id == sundsvall().id
    assert message.received_on == today() and "174 06 15" not in message.text
    assert "visste var jag bor" not in ombud.get("/surveys/dialogue").text  # nothing links it
    staff = login("polis@example.com")
    page = staff.get(f"/surveys/messages/{message.id}").text
    assert "visste var jag bor" in page and "Leila Haddad" not in page
    assert 'name="text"' not in page  # no one to answer


def test_a_message_with_contact_gets_an_answer_in_the_portal(login, sent_mail):
    ombud = login("ombud@example.com")
    ombud.post(
        "/surveys/dialogue",
        data={
            "category": "pressure",
            "text": "Någon vill att vi lämnar ut paket.",
            "wants_contact": "y",
        },
    )
    message = SurveyMessage.get(SurveyMessage.text == "Någon vill att vi lämnar ut paket.")
    assert message.user_id == User.get(User.email == "ombud@example.com").id
    staff = login("kommun@example.com")
    assert "Leila Haddad" in staff.get(f"/surveys/messages/{message.id}").text
    response = staff.post(
        f"/surveys/messages/{message.id}", data={"text": "Vi kommer förbi på tisdag."}
    )
    assert response.status_code == 303
    assert SurveyReply.get(SurveyReply.message == message.id).text == "Vi kommer förbi på tisdag."
    mail = sent_mail[-1]
    assert mail["To"] == "ombud@example.com"
    body = mail.get_body(("plain",)).get_content()
    assert "tisdag" not in body and "/surveys/dialogue" in body  # a content-free mail
    assert "Vi kommer förbi på tisdag." in ombud.get("/surveys/dialogue").text
    assert staff.post(f"/surveys/messages/{message.id}/handled", data={}).status_code == 303
    assert SurveyMessage.get_by_id(message.id).status == "handled"
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions[-2:] == ["survey_message_replied", "survey_message_handled"]


@pytest.mark.parametrize(
    "data",
    [
        {"category": "threat", "text": ""},
        {"category": "", "text": "Något hände."},
        {"category": "hacked", "text": "Något hände."},
        {"category": "threat", "text": "x" * 2001},
        {"category": "threat", "text": "a\x00b"},
    ],
)
def test_a_message_with_bad_input_is_refused_and_nothing_is_stored(login, data):
    before = SurveyMessage.select().count()
    response = login("ombud@example.com").post("/surveys/dialogue", data=data)
    assert response.status_code == 422 and 'class="error"' in response.text
    assert SurveyMessage.select().count() == before


@pytest.mark.parametrize(
    "email,status",
    {
        "polis@example.com": 200,
        "kommun@example.com": 200,
        "polis.umea@example.com": 404,
        "lansstyrelsen@example.com": 403,
        "admin@example.com": 403,
        "tull@example.com": 403,
        "ombud@example.com": 403,
        "ombud.umea@example.com": 403,
    }.items(),
)
def test_messages_are_read_by_the_areas_staff_only(login, email, status):
    message = SurveyMessage.get(
        (SurveyMessage.area == sundsvall().id)
        & SurveyMessage.user.is_null()
        & (SurveyMessage.municipality == Municipality.get(Municipality.code == "2281").id)
    )
    browser = login(email)
    assert browser.get(f"/surveys/messages/{message.id}").status_code == status
    reply = browser.post(f"/surveys/messages/{message.id}/handled", data={})
    assert reply.status_code in (303 if status == 200 else status,)
    if status != 200:
        assert SurveyMessage.get_by_id(message.id).status == message.status


def test_staff_see_the_new_messages_of_their_area_only(login):
    page = login("polis.umea@example.com").get("/surveys/messages").text
    assert "Umeå" in page and "Sundsvall" not in page.split("<main")[1]
    assert login("polis@example.com").get("/surveys/messages?status=handled").status_code == 200
