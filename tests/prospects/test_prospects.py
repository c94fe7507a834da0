import re

import pytest

from app.areas.models import Area, Municipality
from app.audit.models import AuditEntry
from app.businesses.models import Business
from app.joining.models import JoinRequest
from app.prospects.models import Prospect

ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "tull@example.com": 403,
    "lansstyrelsen@example.com": 403,
    "polis@example.com": 200,
    "kommun@example.com": 200,
    "admin@example.com": 200,
    "polis.umea@example.com": 200,
}


def birsta():
    return Prospect.get(Prospect.name == "Birsta Paketombud")


@pytest.mark.parametrize("email,status", ACCESS.items())
def test_network_access(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    response = browser.get("/network/")
    assert response.status_code == status
    if status == 200:
        assert ("Birsta Paketombud" in response.text) == (email != "polis.umea@example.com")


@pytest.mark.parametrize("email,status", {**ACCESS, "polis.umea@example.com": 404}.items())
def test_prospect_page_access(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    assert browser.get(f"/network/{birsta().id}").status_code == status


def test_share_connected_is_shown(login, demo):
    page = login("polis@example.com")
    page.get("/language/en")
    text = page.get("/network/").text
    # The figures match the list's rows: 2 sites, neither joined; 2 connected businesses in
    # Sundsvall, so half of the 4 known sites are connected.
    assert text.count("<tr>") - 1 == 2
    assert "<dt>Sites in the list</dt><dd>2</dd>" in text
    assert "<dt>Not joined yet</dt><dd>2</dd>" in text
    assert "<dt>Connected businesses</dt><dd>2</dd>" in text
    assert "<dt>Share of known sites connected</dt><dd>50%</dd>" in text
    assert "No contact given" in text  # Timrå Brevbärarkontor has none


def test_add_edit_and_remove_a_site(login, demo):
    staff = login("kommun@example.com")
    sundsvall = Area.get(slug="sundsvall")
    municipality = Municipality.get(code="2281")
    data = {
        "name": "Matbutiken Haga",
        "site_type": "paketombud",
        "operator": "",
        "area": sundsvall.id,
        "municipality": municipality.id,
        "street_address": "Hagagatan 2",
        "contact_name": "Bo",
        "contact_role": "Butikschef",
        "contact_email": "bo@example.com",
        "contact_phone": "",
    }
    assert staff.post("/network/new", data=data).status_code == 303
    prospect = Prospect.get(Prospect.name == "Matbutiken Haga")
    assert prospect.area_id == sundsvall.id and prospect.operator_id is None
    staff.post(f"/network/{prospect.id}", data={**data, "name": "Matbutiken Haga AB"})
    assert Prospect.get_by_id(prospect.id).name == "Matbutiken Haga AB"
    staff.post(f"/network/{prospect.id}/delete", data={})
    assert Prospect.get_or_none(Prospect.id == prospect.id) is None
    assert [
        e.action
        for e in AuditEntry.select().order_by(AuditEntry.id)
        if e.action.startswith("prospect")
    ] == ["prospect_added", "prospect_changed", "prospect_deleted"]


def test_a_municipality_outside_the_area_is_refused(login, demo):
    staff = login("admin@example.com")
    staff.get("/language/en")
    data = {
        "name": "X",
        "site_type": "terminal",
        "area": Area.get(slug="sundsvall").id,
        "municipality": Municipality.get(code="2480").id,
    }
    response = staff.post("/network/new", data=data)
    assert response.status_code == 422 and "not in the police area" in response.text
    assert not Prospect.select().where(Prospect.name == "X").exists()


def test_staff_cannot_place_a_site_outside_their_scope(login, demo):
    staff = login("polis@example.com")
    data = {
        "name": "Y",
        "site_type": "terminal",
        "area": Area.get(slug="umea").id,
        "municipality": Municipality.get(code="2480").id,
    }
    assert staff.post("/network/new", data=data).status_code == 422
    assert not Prospect.select().where(Prospect.name == "Y").exists()


def test_invited_site_joins_and_is_linked_to_its_business(app, login, demo, sent_mail):
    staff = login("polis@example.com")
    preview = staff.get(f"/network/{birsta().id}/invite")  # what the contact will read, first
    assert preview.status_code == 200 and "Anna Berglund" in preview.text
    assert "/sundsvall/join?invitation=" in preview.text and not sent_mail
    assert staff.post(f"/network/{birsta().id}/invite", data={}).status_code == 303
    assert birsta().invited_at is not None
    mail = sent_mail[-1]
    assert mail["To"] == "ombud.norr@example.com"
    assert "Anna Berglund" in mail.get_body(("plain",)).get_content()  # signed by the sender
    link = re.search(
        r"http://portal\.test(/sundsvall/join\?invitation=\S+)",
        mail.get_body(("plain",)).get_content(),
    ).group(1)
    applicant = app.test_client()
    form = applicant.get(link).text
    assert 'value="Birsta Paketombud"' in form
    token = re.search(r'name="invitation" value="([^"]+)"', form).group(1)
    from app.businesses.models import Operator

    response = applicant.post(
        "/sundsvall/join",
        data={
            "invitation": token,
            "business_name": "Birsta Paketombud",
            "org_number": "",
            "site_type": "paketombud",
            "operators": [Operator.get(name="PostNord").id],
            "street_address": "Birstavägen 1",
            "postcode": "86234",
            "postal_town": "Sundsvall",
            "municipality": Municipality.get(code="2281").id,
            "contact_name": "Kim",
            "contact_email": "kim@example.com",
            "contact_phone": "070-765 43 21",
            "accept": "y",
        },
    )
    assert response.status_code == 303
    request = JoinRequest.get(JoinRequest.business_name == "Birsta Paketombud")
    assert request.prospect_id == birsta().id
    staff.post(f"/join-requests/{request.id}/approve", data={})
    assert birsta().business_id == Business.get(Business.name == "Birsta Paketombud").id
    staff.get("/language/en")
    assert "<dt>Joined after an invitation</dt><dd>1</dd>" in staff.get("/network/").text


def test_forged_invitation_is_ignored(client, demo):
    page = client.get("/sundsvall/join?invitation=forged.token.value").text
    assert 'name="invitation"' not in page


def test_site_without_email_cannot_be_invited(login, demo, sent_mail):
    timra = Prospect.get(Prospect.name == "Timrå Brevbärarkontor")
    login("polis@example.com").post(f"/network/{timra.id}/invite", data={})
    assert not sent_mail and Prospect.get_by_id(timra.id).invited_at is None


def test_a_site_can_be_added_with_only_the_required_fields(login, demo):
    """The optional fields may be left out of the request altogether (it answered 500)."""
    from app.areas.models import Area, Municipality

    browser = login("polis@example.com")
    response = browser.post(
        "/network/new",
        data={
            "name": "Nytt Ombud",
            "site_type": "paketombud",
            "area": Area.get(Area.slug == "sundsvall").id,
            "municipality": Municipality.get(Municipality.code == "2281").id,
        },
    )
    assert response.status_code == 303
    added = Prospect.get(Prospect.name == "Nytt Ombud")
    assert added.street_address == "" and added.contact_email == ""
