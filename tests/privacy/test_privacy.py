"""Privacy operations: a person's download of their data, requests for erasure and how staff
answer them, the pseudonymous tombstone, and the privacy notice's retention table."""

import json

import pytest

from app.accounts.models import Session, User
from app.audit.models import AuditEntry
from app.db import count_queries
from app.joining.models import JoinRequest
from app.mail import OutboxMail
from app.privacy.models import ErasureRequest
from app.privacy.services import request_erasure
from tests.conftest import DEMO_PASSWORD


def user(email) -> User:
    return User.get(User.email == email)


def download(browser) -> dict:
    response = browser.get("/account/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]
    return json.loads(response.data)


def test_the_download_holds_the_persons_own_data(login):
    shop = login("ombud@example.com")
    data = download(shop)
    assert data["accounts"]["account"]["email"] == "ombud@example.com"
    assert data["accounts"]["account"]["belongs_to"] == "Kiosken Stenstan"
    assert len(data["accounts"]["sessions"]) == 1
    text = json.dumps(data)
    for secret in ("password_hash", "argon2", "token_hash", "totp_secret"):
        assert secret not in text


def test_the_download_never_holds_other_peoples_data(login):
    """Police approve a request to join: the applicant's name and address are in the police
    officer's log of actions only as 'approved a request', never by name."""
    police = login("polis@example.com")
    pending = JoinRequest.get(JoinRequest.business_name == "Nacksta Servicebutik")
    assert police.post(f"/join-requests/{pending.id}/approve", data={}).status_code == 303
    text = json.dumps(download(police), ensure_ascii=False)
    assert "polis@example.com" in text
    for other in ("sara.lind@example.com", "Sara Lind", "Nacksta", "ombud@example.com"):
        assert other not in text
    assert '"object_id"' not in text and '"actor"' not in text


def test_the_download_includes_requests_to_join_that_name_the_person(login, db):
    JoinRequest.update(contact_email="ombud@example.com", status="approved").where(
        JoinRequest.business_name == "Nacksta Servicebutik"
    ).execute()
    data = download(login("ombud@example.com"))
    (request,) = data["privacy"]["requests_to_join_naming_you"]
    assert request["contact_name"] == "Sara Lind"


def test_asking_for_erasure_makes_one_request_for_the_areas_staff(login):
    shop = login("ombud@example.com")
    for _ in range(2):
        assert shop.post("/account/data/erasure", data={}).status_code == 303
    requests = ErasureRequest.select().where(ErasureRequest.user == user("ombud@example.com"))
    assert requests.count() == 1
    assert requests.get().area.slug == "sundsvall"
    assert AuditEntry.select().where(AuditEntry.action == "privacy_erasure_requested").count() == 1
    assert "ombud@example.com" in login("polis@example.com").get("/privacy-requests/").text
    assert "ombud@example.com" in login("kommun@example.com").get("/privacy-requests/").text
    assert "ombud@example.com" in login("admin@example.com").get("/privacy-requests/").text
    assert "ombud@example.com" not in login("polis.umea@example.com").get("/privacy-requests/").text


@pytest.mark.parametrize(
    "email", ["tull@example.com", "lansstyrelsen@example.com", "ombud@example.com"]
)
def test_roles_that_do_not_handle_requests_are_refused(login, email):
    assert login(email).get("/privacy-requests/").status_code == 403


def test_a_staff_members_request_is_for_an_administrator_only(login):
    police = login("polis.umea@example.com")
    police.post("/account/data/erasure", data={})
    request = ErasureRequest.get(ErasureRequest.user == user("polis.umea@example.com"))
    assert request.area is None
    assert "polis.umea@example.com" not in login("polis@example.com").get("/privacy-requests/").text
    assert (
        login("polis@example.com")
        .post(f"/privacy-requests/{request.id}/erase", data={})
        .status_code
        == 404
    )
    assert "polis.umea@example.com" in login("admin@example.com").get("/privacy-requests/").text


def test_erasure_leaves_a_pseudonymous_tombstone(app, login, sent_mail):
    shop = login("terminal@example.com")  # the demo data has its request waiting
    terminal = user("terminal@example.com")
    AuditEntry.create(action="login", actor=terminal.id)
    request = ErasureRequest.get(ErasureRequest.user == terminal)
    police = login("polis@example.com")
    assert police.post(f"/privacy-requests/{request.id}/erase", data={}).status_code == 303
    tombstone = User.get_by_id(terminal.id)
    assert tombstone.email == f"erased-{terminal.id}@invalid"
    assert (tombstone.name, tombstone.password_hash, tombstone.language) == ("", "", "")
    assert tombstone.erased_at and tombstone.disabled_at
    assert (tombstone.role, tombstone.business_id) == ("business", terminal.business_id)
    assert Session.select().where(Session.user == terminal.id).count() == 0
    assert shop.get("/home").status_code == 302
    assert AuditEntry.select().where(AuditEntry.actor == terminal.id).count() == 1  # kept
    assert [m["To"] for m in sent_mail] == ["terminal@example.com"]
    done = AuditEntry.get(AuditEntry.action == "privacy_erasure_done")
    assert done.actor.email == "polis@example.com" and done.area.slug == "sundsvall"
    refused = app.test_client().post(
        "/login", data={"email": "terminal@example.com", "password": DEMO_PASSWORD}
    )
    assert refused.status_code == 422
    assert police.post(f"/privacy-requests/{request.id}/erase", data={}).status_code == 404
    assert "Raderat konto" in police.get("/privacy-requests/").text


def test_erasure_blanks_decided_requests_to_join_that_name_the_person(login):
    JoinRequest.update(contact_email="terminal@example.com", status="approved").where(
        JoinRequest.business_name == "Nacksta Servicebutik"
    ).execute()
    request = ErasureRequest.get(ErasureRequest.user == user("terminal@example.com"))
    login("polis@example.com").post(f"/privacy-requests/{request.id}/erase", data={})
    kept = JoinRequest.get(JoinRequest.business_name == "Nacksta Servicebutik")
    assert (kept.contact_name, kept.contact_email, kept.contact_phone) == ("", "", "")
    assert JoinRequest.get(JoinRequest.business_name == "Teg Kiosk & Paket").contact_name


def test_declining_needs_a_reason_and_the_owner_reads_it_logged_in(login, sent_mail):
    request = ErasureRequest.get(ErasureRequest.user == user("terminal@example.com"))
    police = login("polis@example.com")
    for bad in ("", "other", "<script>"):
        response = police.post(f"/privacy-requests/{request.id}/decline", data={"reason": bad})
        assert response.status_code == 422 and 'id="reason-' in response.text
    assert ErasureRequest.get_by_id(request.id).status == "pending" and not sent_mail
    ok = police.post(f"/privacy-requests/{request.id}/decline", data={"reason": "archive"})
    assert ok.status_code == 303
    assert ErasureRequest.get_by_id(request.id).status == "declined"
    (mail,) = sent_mail
    assert "arkiv" not in mail.get_body(("plain",)).get_content()  # the reason waits in the portal
    page = login("terminal@example.com").get("/account/data").text
    assert "allmänna handlingar och arkiv" in page
    assert AuditEntry.select().where(AuditEntry.action == "privacy_erasure_declined").count() == 1


def test_other_areas_cannot_answer_a_request(login):
    request = ErasureRequest.get(ErasureRequest.user == user("terminal@example.com"))
    umea = login("polis.umea@example.com")
    assert umea.post(f"/privacy-requests/{request.id}/erase", data={}).status_code == 404
    assert (
        umea.post(f"/privacy-requests/{request.id}/decline", data={"reason": "archive"}).status_code
        == 404
    )
    assert User.get_or_none(User.email == "terminal@example.com") is not None


def test_the_home_panel_counts_waiting_requests_in_scope(login):
    assert "privacy-requests-heading" in login("polis@example.com").get("/home").text
    assert "privacy-requests-heading" not in login("polis.umea@example.com").get("/home").text


def test_the_requests_page_needs_the_same_queries_for_5_and_50_requests(app, login, db):
    police = login("polis@example.com")
    police.get("/privacy-requests/")  # the first page after login also saves the session
    terminal = user("terminal@example.com")

    def add(count):
        ErasureRequest.insert_many(
            [{"user": terminal.id, "area": terminal.business.area_id} for _ in range(count)]
        ).execute()
        with count_queries() as queries:
            assert police.get("/privacy-requests/").status_code == 200
        return len(queries)

    few, many = add(4), add(45)
    assert few == many <= 8


def test_the_privacy_notice_shows_the_configured_periods_and_controller(app, client):
    app.config.update(INACTIVE_DISABLE_MONTHS=20, CONTROLLER_NAME="Polismyndigheten Region Nord")
    try:
        page = client.get("/privacy", headers={"Accept-Language": "sv"}).text
    finally:
        app.config.update(INACTIVE_DISABLE_MONTHS=18, CONTROLLER_NAME="")
    assert "Polismyndigheten Region Nord" in page
    assert "inaktiveras efter 20 månader, raderas efter 24 månader" in page
    assert "3 år" in page and "12 timmar" in page


def test_request_erasure_service_keeps_one_pending_request(app, demo):
    with app.test_request_context():
        first = request_erasure(user("ombud@example.com"))
        assert request_erasure(user("ombud@example.com")).id == first.id
    assert OutboxMail.select().count() == 0
