import re

import pytest

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.businesses.models import Business, BusinessOperator, Operator
from app.joining.models import JoinRequest, JoinRequestOperator
from app.mail import OutboxMail

NEW_PASSWORD = "a quiet harbour at dawn"


def join_data(**changes):
    sundsvall_m = __import__("app.areas.models", fromlist=["Municipality"]).Municipality.get(
        code="2281"
    )
    data = {
        "business_name": "Stenstans Tobak",
        "org_number": "556036-0793",
        "site_type": "paketombud",
        "operators": [Operator.get(name="PostNord").id, Operator.get(name="DHL").id],
        "street_address": "Storgatan 1",
        "postcode": "852 30",
        "postal_town": "Sundsvall",
        "municipality": sundsvall_m.id,
        "contact_name": "Eva Berg",
        "contact_email": "Eva.Berg@example.com",
        "contact_phone": "070-123 45 67",
        "accept": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def english_client(app):
    browser = app.test_client()
    browser.get("/language/en")
    return browser


def test_join_form_offers_only_the_areas_municipalities(client, demo):
    page = client.get("/umea/join").text
    assert "Umeå kommun" in page and "Sundsvalls kommun" not in page
    assert "PostNord" in page and "Instabee (Budbee/Instabox)" in page


def test_unknown_area_is_404(client, demo):
    assert client.get("/nowhere/join").status_code == 404


def test_a_valid_request_is_saved_and_confirmed(app, demo, sent_mail):
    browser = english_client(app)
    response = browser.post("/sundsvall/join", data=join_data())
    assert response.status_code == 303
    assert response.headers["Location"] == "/sundsvall/join/thanks"
    request = JoinRequest.get(JoinRequest.business_name == "Stenstans Tobak")
    assert request.org_number == "5560360793"
    assert request.postcode == "85230"
    assert request.contact_email == "eva.berg@example.com"
    assert request.contact_phone == "+46701234567"
    assert request.language == "en"
    assert (
        JoinRequestOperator.select().where(JoinRequestOperator.join_request == request).count() == 2
    )
    recipients = [m["To"] for m in sent_mail]
    assert recipients == ["eva.berg@example.com", "tif.sundsvall@example.com"]
    staff_mail = sent_mail[1].get_body(("plain",)).get_content()
    assert "Stenstans" not in staff_mail and "Eva" not in staff_mail  # content-free


def test_a_sole_trader_may_leave_the_org_number_empty(app, demo, sent_mail):
    response = app.test_client().post("/sundsvall/join", data=join_data(org_number=""))
    assert response.status_code == 303
    assert JoinRequest.get(JoinRequest.business_name == "Stenstans Tobak").org_number is None


@pytest.mark.parametrize(
    "changes,field_message",
    [
        ({"org_number": "556036-0794"}, "valid organisation number"),
        ({"org_number": "12345"}, "valid organisation number"),
        ({"contact_phone": "12"}, "valid phone number"),
        ({"contact_phone": "hello"}, "valid phone number"),
        ({"postcode": "1234"}, "postcode of five digits"),
        ({"contact_email": "not-an-email"}, "valid email address"),
        ({"site_type": "castle"}, "Not a valid choice"),
        ({"municipality": "999999"}, "Not a valid choice"),
        ({"operators": ["999999"]}, "valid choice"),
        ({"accept": None}, "accept the terms"),
        ({"business_name": ""}, "Fill in the name of the business."),
        ({"street_address": ""}, "Fill in the street address."),
        ({"contact_name": ""}, "Fill in your name."),
        ({"postal_town": ""}, "Fill in the town."),
        ({"municipality": ""}, "Choose the municipality the business is in."),
        ({"site_type": "other"}, "Say what kind of site it is."),
        ({"business_name": "x" * 201}, "200 characters"),
        ({"contact_name": "Eva\x00Berg"}, "hidden characters"),
    ],
)
def test_bad_input_gets_its_message_and_nothing_is_saved(
    app, demo, sent_mail, changes, field_message
):
    response = english_client(app).post("/sundsvall/join", data=join_data(**changes))
    assert response.status_code == 422
    assert field_message in response.text
    assert JoinRequest.select().where(JoinRequest.business_name == "Stenstans Tobak").count() == 0
    assert not sent_mail


def test_a_municipality_of_another_area_is_refused(app, demo):
    from app.areas.models import Municipality

    umea = Municipality.get(code="2480")
    response = english_client(app).post("/sundsvall/join", data=join_data(municipality=umea.id))
    assert response.status_code == 422


@pytest.mark.parametrize("known", ["connected", "suspended", "pending"])
def test_the_public_form_answers_a_known_business_exactly_as_a_new_one(
    app, demo, login, sent_mail, known
):
    """The form must not tell anyone whether a shop takes part: same status, same page, same
    mail to the address given. Staff see the repeat marked in their queue."""
    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    if known == "pending":
        app.test_client().post("/sundsvall/join", data=join_data(contact_email="a@example.com"))
        repeated = join_data(contact_email="b@example.com")
    else:
        Business.update(
            org_number="5560360793",
            street_address="Storgatan 1",
            postcode="85230",
            status="active" if known == "connected" else "suspended",
        ).where(Business.id == kiosk.id).execute()
        repeated = join_data(business_name="Kiosken Stenstan", contact_email="b@example.com")
    unknown = join_data(
        business_name="Helt Ny Butik",
        org_number="",
        street_address="Nygatan 9",
        contact_email="c@example.com",
    )
    answers = []
    for data in (repeated, unknown):
        del sent_mail[:]
        response = english_client(app).post("/sundsvall/join", data=data)
        answers.append(
            (
                response.status_code,
                response.headers["Location"],
                [(m["To"], m["Subject"]) for m in sent_mail if m["To"] == data["contact_email"]],
            )
        )
    assert answers[0][:2] == answers[1][:2] == (303, "/sundsvall/join/thanks")
    assert [subject for _to, subject in answers[0][2]] == [s for _t, s in answers[1][2]]
    assert len(answers[0][2]) == 1
    staff = login("polis@example.com")
    staff.get("/language/en")
    queue = staff.get("/join-requests/").text
    assert queue.count("the applicant was not told") == 1
    marked = JoinRequest.get(JoinRequest.contact_email == "b@example.com")
    assert marked.duplicate_of == ("request" if known == "pending" else "business")
    assert JoinRequest.get(JoinRequest.contact_email == "c@example.com").duplicate_of == ""


def test_script_in_the_name_is_shown_escaped_to_staff(app, demo, login, sent_mail):
    app.test_client().post("/sundsvall/join", data=join_data(business_name="<script>x()</script>"))
    page = login("polis@example.com").get("/join-requests/").text
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page


QUEUE_ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "lansstyrelsen@example.com": 403,
    "tull@example.com": 403,
    "polis@example.com": 200,
    "kommun@example.com": 200,
    "admin@example.com": 200,
    "polis.umea@example.com": 200,
}


@pytest.mark.parametrize("email,status", QUEUE_ACCESS.items())
def test_queue_access(app, demo, login, email, status):
    browser = login(email) if email else app.test_client()
    response = browser.get("/join-requests/")
    assert response.status_code == status
    if status == 200:
        sees_sundsvall = "Nacksta Servicebutik" in response.text
        sees_umea = "Teg Kiosk" in response.text
        assert sees_sundsvall == (
            email in ("polis@example.com", "kommun@example.com", "admin@example.com")
        )
        assert sees_umea == (email in ("polis.umea@example.com", "admin@example.com"))


def pending(name="Nacksta Servicebutik"):
    return JoinRequest.get(JoinRequest.business_name == name)


@pytest.mark.parametrize(
    "email", ["polis.umea@example.com", "ombud@example.com", "lansstyrelsen@example.com"]
)
def test_staff_outside_the_scope_cannot_approve(login, email):
    response = login(email).post(f"/join-requests/{pending().id}/approve", data={})
    assert response.status_code in (403, 404)
    assert pending().status == "pending"
    assert not Business.select().where(Business.name == "Nacksta Servicebutik").exists()


def test_approval_creates_the_business_and_its_first_user_who_sets_a_password(
    app, login, sent_mail
):
    staff = login("kommun@example.com")
    staff.get("/language/en")
    response = staff.post(f"/join-requests/{pending().id}/approve", data={})
    assert response.status_code == 303
    assert "is approved" in staff.get("/join-requests/").text
    business = Business.get(Business.name == "Nacksta Servicebutik")
    assert business.area.slug == "sundsvall" and business.municipality.code == "2281"
    operators = {
        link.operator.name
        for link in BusinessOperator.select().where(BusinessOperator.business == business)
    }
    assert operators == {"PostNord", "Bring"}
    user = User.get(User.email == "sara.lind@example.com")
    assert user.role == "business" and user.business_id == business.id and user.password_hash == ""
    assert pending().status == "approved" and pending().decided_by.email == "kommun@example.com"
    actions = {
        e.action for e in AuditEntry.select().where(AuditEntry.actor == pending().decided_by)
    }
    assert {"join_request_approved", "business_created"} <= actions

    welcome = sent_mail[-1]
    assert welcome["To"] == "sara.lind@example.com"
    # Shop inboxes are shared: the mail says an account is ready, not which business joined.
    for part in ("plain", "html"):
        body = welcome.get_body((part,)).get_content()
        assert "Nacksta" not in body and "connected" not in body.lower()
    assert "Nacksta" not in welcome["Subject"]
    link = re.search(
        r"http://portal\.test(/invitation/\S+)", welcome.get_body(("plain",)).get_content()
    ).group(1)
    newcomer = app.test_client()
    assert newcomer.get(link).status_code == 200
    assert (
        newcomer.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 303
    )
    newcomer.login("sara.lind@example.com", NEW_PASSWORD)
    assert "<h1>Nacksta Servicebutik</h1>" in newcomer.get("/home").text
    assert newcomer.get(link).status_code == 404  # single use


def test_htmx_approval_swaps_the_row(login, sent_mail):
    staff = login("polis@example.com")
    response = staff.post(
        f"/join-requests/{pending().id}/approve", data={}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.strip().startswith(f'<article id="request-{pending().id}"')
    assert "<html" not in response.text


def test_a_request_is_approved_once(login, sent_mail):
    staff = login("polis@example.com")
    staff.post(f"/join-requests/{pending().id}/approve", data={})
    staff.post(f"/join-requests/{pending().id}/approve", data={})
    assert Business.select().where(Business.name == "Nacksta Servicebutik").count() == 1


def test_approval_is_refused_when_the_email_already_has_an_account(login, sent_mail):
    JoinRequest.update(contact_email="ombud@example.com").where(
        JoinRequest.id == pending().id
    ).execute()
    staff = login("polis@example.com")
    staff.get("/language/en")
    response = staff.post(
        f"/join-requests/{pending().id}/approve", data={}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422 and "already has an account" in response.text
    assert pending().status == "pending"
    assert not Business.select().where(Business.name == "Nacksta Servicebutik").exists()


def test_rejection_needs_a_reason_which_is_emailed(login, sent_mail):
    staff = login("polis@example.com")
    staff.get("/language/en")
    form = staff.get(f"/join-requests/{pending().id}/reject")
    assert form.status_code == 200 and 'name="reason"' in form.text
    empty = staff.post(f"/join-requests/{pending().id}/reject", data={"reason": ""})
    assert empty.status_code == 422 and pending().status == "pending"
    done = staff.post(
        f"/join-requests/{pending().id}/reject", data={"reason": "The shop is outside our area."}
    )
    assert done.status_code == 303
    assert (
        pending().status == "rejected"
        and pending().reject_reason == "The shop is outside our area."
    )
    assert "The shop is outside our area." in sent_mail[-1].get_body(("plain",)).get_content()
    assert sent_mail[-1]["To"] == "sara.lind@example.com"
    assert AuditEntry.select().where(AuditEntry.action == "join_request_rejected").count() == 1
    assert OutboxMail.select().count() >= 1


def test_htmx_reject_link_brings_the_form_inline(login):
    staff = login("polis@example.com")
    response = staff.get(f"/join-requests/{pending().id}/reject", headers={"HX-Request": "true"})
    assert response.text.strip().startswith(f'<article id="request-{pending().id}"')


def test_rejected_requests_are_deleted_after_six_months(demo, login, sent_mail):
    from datetime import timedelta

    from app.db import utcnow
    from app.joining.models import purge_rejected_join_requests

    login("polis@example.com").post(f"/join-requests/{pending().id}/reject", data={"reason": "No."})
    purge_rejected_join_requests()
    assert JoinRequest.select().where(JoinRequest.status == "rejected").count() == 1
    JoinRequest.update(decided_at=utcnow() - timedelta(days=190)).where(
        JoinRequest.status == "rejected"
    ).execute()
    purge_rejected_join_requests()
    assert JoinRequest.select().where(JoinRequest.status == "rejected").count() == 0


def test_one_address_gets_few_confirmation_mails_a_day(app, demo, sent_mail):
    """Each request mails the address given: a few a day per address, whoever sends them."""
    statuses = []
    for n in range(4):
        visitor = app.test_client()
        data = join_data(business_name=f"Butik {n}", org_number="", contact_email="mal@example.com")
        statuses.append(visitor.post("/sundsvall/join", data=data).status_code)
    assert statuses == [303, 303, 303, 429]
    assert len([m for m in sent_mail if m["To"] == "mal@example.com"]) == 3
    refused_form = app.test_client().post("/sundsvall/join", data=join_data(contact_email="x"))
    assert refused_form.status_code == 422  # a form with errors does not use up the allowance


def test_the_queue_is_paged(app, demo, login):
    from app.areas.models import Area, Municipality

    sundsvall, municipality = Area.get(slug="sundsvall"), Municipality.get(code="2281")
    JoinRequest.insert_many(
        [
            {
                "area": sundsvall,
                "municipality": municipality,
                "business_name": f"Ombud {n:02d}",
                "site_type": "paketombud",
                "street_address": f"Gatan {n}",
                "postcode": "85230",
                "contact_name": "Kim",
                "contact_email": f"kim{n}@example.com",
                "contact_phone": "+46701740605",
            }
            for n in range(30)
        ]
    ).execute()
    staff = login("polis@example.com")
    first = staff.get("/join-requests/").text
    assert first.count('class="card') == 20 and 'rel="next"' in first
    second = staff.get("/join-requests/?page=2").text
    assert second.count('class="card') == 11  # 30 and the demo's own request


def test_the_staff_home_says_how_many_requests_wait(login):
    staff = login("polis@example.com")
    staff.get("/language/en")
    page = staff.get("/home").text
    assert "1 request is waiting." in page and 'href="/join-requests/"' in page
    assert "request is waiting" not in login("lansstyrelsen@example.com").get("/home").text
