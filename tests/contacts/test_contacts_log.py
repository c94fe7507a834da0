"""The contact log: what a business records (and what is never stored), what police and
customs see and do with it, the feedback only that business reads, and retention."""

import datetime
import re

import pytest
import time_machine

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.businesses.models import Business
from app.contacts.jobs import purge_old_contacts
from app.contacts.models import Contact
from app.db import count_queries, database
from app.seizures.periods import local_today
from tests.seizures.roles import assert_reached_only_by

MOMENT = datetime.datetime(2026, 5, 20, 10, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 20)
LOG = {"contacted_on": "2026-05-19", "channel": "police_phone", "category": "narcotics"}


def business(name="Kiosken Stenstan"):
    return Business.get(Business.name == name)


def add(name="Kiosken Stenstan", **values):
    owner = business(name)
    values = {
        "contacted_on": TODAY - datetime.timedelta(days=3),
        "channel": "police_phone",
        "category": "narcotics",
        "visit_wish": "no",
        **values,
    }
    return Contact.create(
        business=owner, area=owner.area_id, municipality=owner.municipality_id, **values
    )


def test_a_row_holds_only_what_the_business_may_record(db):
    """Date, channel, category, visit wish, at the level of the business (placed by its area
    and municipality), and what the police add: no user, no free text from the business, no
    shipment number, no time of day."""
    columns = {c.name: c.data_type.lower() for c in database.get_columns("contact")}
    assert set(columns) == {
        "id",
        "business_id",
        "area_id",
        "municipality_id",
        "contacted_on",
        "channel",
        "category",
        "visit_wish",
        "visited_on",
        "feedback",
        "feedback_on",
    }
    assert {f.rel_model.__name__ for f in Contact._meta.refs} == {
        "Business",
        "Area",
        "Municipality",
    }
    assert "date" in columns["contacted_on"] and "time" not in columns["contacted_on"]


@time_machine.travel(MOMENT)
def test_a_business_logs_a_contact_and_nothing_links_it_to_the_person(as_user, sent_mail):
    Contact.delete().execute()
    clerk = as_user("ombud@example.com")
    audit_before = AuditEntry.select().count()
    response = clerk.post("/contacts/", data={**LOG, "visit_wish": "no", "user": "1"})
    assert response.status_code == 303
    contact = Contact.get()
    assert contact.business_id == business().id
    assert contact.area_id == business().area_id
    assert contact.contacted_on == datetime.date(2026, 5, 19)
    assert (contact.channel, contact.category) == ("police_phone", "narcotics")
    assert contact.visit_wish == "no" and contact.visited_on is None and contact.feedback == ""
    # No audit entry (it would name the person who logged it), no mail without a visit wish.
    assert AuditEntry.select().count() == audit_before
    assert sent_mail == []


@time_machine.travel(MOMENT)
def test_a_visit_wish_mails_the_areas_police_without_content(as_user, sent_mail):
    as_user("ombud@example.com").post("/contacts/", data={**LOG, "visit_wish": "discreet"})
    assert [m["To"] for m in sent_mail] == ["polis@example.com"]
    body = sent_mail[0].get_body(("plain",)).get_content()
    assert "Kiosken Stenstan" not in body and "arkotika" not in body and "diskret" not in body
    assert "/contacts/log?show=waiting" in body


@pytest.mark.parametrize(
    "name,value,error",
    [
        ("contacted_on", "2026-05-21", "contacted_on-error"),  # tomorrow
        ("contacted_on", "2026-02-18", "contacted_on-error"),  # 91 days ago
        ("contacted_on", "19/5/2026", "contacted_on-error"),
        ("contacted_on", "", "contacted_on-error"),
        ("contacted_on", "2026-05-19\x00", "contacted_on-error"),
        ("channel", "carrier pigeon", "channel-error"),
        ("channel", "", "channel-error"),
        ("category", "cake", "category-error"),
        ("visit_wish", "tomorrow", "visit_wish-error"),
        ("visit_wish", "", "visit_wish-error"),
    ],
)
@time_machine.travel(MOMENT)
def test_bad_input_is_refused_at_the_field_and_nothing_is_written(as_user, name, value, error):
    clerk = as_user("ombud@example.com")
    before = Contact.select().count()
    response = clerk.post("/contacts/", data={**LOG, "visit_wish": "no", name: value})
    assert response.status_code == 422
    assert f'id="{error}"' in response.text
    assert Contact.select().count() == before


@time_machine.travel(MOMENT)
def test_the_oldest_date_allowed_is_90_days_ago(as_user):
    clerk = as_user("ombud@example.com")
    data = {**LOG, "visit_wish": "no", "contacted_on": "2026-02-19"}
    assert clerk.post("/contacts/", data=data).status_code == 303


PAGES = {
    "/contacts/": {"ombud@example.com", "terminal@example.com", "ombud.umea@example.com"},
    "/contacts/log": {"polis@example.com", "polis.umea@example.com", "tull@example.com"},
    "/contacts/statistics": {
        "polis@example.com",
        "polis.umea@example.com",
        "tull@example.com",
        "kommun@example.com",
        "lansstyrelsen@example.com",
        "admin@example.com",
    },
}


@pytest.mark.parametrize("path", PAGES)
def test_each_role_reaches_only_its_pages(as_user, path):
    assert_reached_only_by(as_user, path, PAGES[path])


def linked_contacts(html):
    return set(map(int, re.findall(r'href="/contacts/(\d+)"', html)))


@time_machine.travel(MOMENT)
def test_police_see_their_areas_contacts_and_customs_only_its_own_channels(as_user):
    Contact.delete().execute()
    by_phone = add(channel="police_phone")
    by_customs = add("Sundsvall Paketterminal", channel="customs")
    in_umea = add("Ålidhems Livs", channel="customs")
    expected = {
        "polis@example.com": {by_phone.id, by_customs.id},
        "polis.umea@example.com": {in_umea.id},
        "tull@example.com": {by_customs.id, in_umea.id},
    }
    for email, visible in expected.items():
        browser = as_user(email)
        assert linked_contacts(browser.get("/contacts/log").text) == visible, email
        for contact in (by_phone, by_customs, in_umea):
            status = browser.get(f"/contacts/{contact.id}").status_code
            assert status == (200 if contact.id in visible else 404), (email, contact.id)
    for email in ("kommun@example.com", "lansstyrelsen@example.com", "admin@example.com"):
        assert as_user(email).get(f"/contacts/{by_phone.id}").status_code == 403


@time_machine.travel(MOMENT)
def test_police_record_a_visit_with_an_audit_entry(as_user):
    Contact.delete().execute()
    contact = add(visit_wish="discreet", contacted_on=TODAY - datetime.timedelta(days=5))
    police = as_user("polis@example.com")
    police.get("/language/en")
    assert "1 business wishes a visit that has not been made." in police.get("/home").text
    assert linked_contacts(police.get("/contacts/log?show=waiting").text) == {contact.id}
    refused = [
        police.post(f"/contacts/{contact.id}/visit", data={"visited_on": day})
        for day in ("2026-05-21", "2026-05-14", "someday", "")
    ]
    assert [r.status_code for r in refused] == [422] * 4
    assert Contact.get_by_id(contact.id).visited_on is None
    response = police.post(f"/contacts/{contact.id}/visit", data={"visited_on": "2026-05-18"})
    assert response.status_code == 303
    assert Contact.get_by_id(contact.id).visited_on == datetime.date(2026, 5, 18)
    entry = AuditEntry.get(AuditEntry.action == "contacts_visit_recorded")
    assert entry.actor.email == "polis@example.com" and entry.object_id == contact.id
    assert "Recorded a visit" in police.get("/audit/").text
    municipality = as_user("kommun@example.com")
    municipality.get("/language/en")
    log = municipality.get("/audit/")
    assert log.status_code == 200 and "Recorded a visit" not in log.text  # counts only
    assert linked_contacts(police.get("/contacts/log?show=waiting").text) == set()
    assert "No business is waiting for a visit." in police.get("/home").text


@time_machine.travel(MOMENT)
def test_feedback_is_seen_by_that_business_alone_on_that_contact(as_user, sent_mail):
    Contact.delete().execute()
    contact = add()
    other = add("Sundsvall Paketterminal")
    message = "Tack för att ni ringde. Vi har följt upp uppgifterna."
    customs = as_user("tull@example.com")
    response = customs.post(f"/contacts/{contact.id}/feedback", data={"message": message})
    assert response.status_code == 404
    police = as_user("polis@example.com")
    response = police.post(f"/contacts/{contact.id}/feedback", data={"message": message})
    assert response.status_code == 303
    assert Contact.get_by_id(contact.id).feedback == message
    assert Contact.get_by_id(other.id).feedback == ""
    assert message in as_user("ombud@example.com").get("/contacts/").text
    for email in ("terminal@example.com", "ombud.umea@example.com"):
        assert message not in as_user(email).get("/contacts/").text, email
    assert [m["To"] for m in sent_mail] == ["ombud@example.com"]
    assert message not in sent_mail[0].get_body(("plain",)).get_content()
    assert AuditEntry.select().where(AuditEntry.action == "contacts_feedback_sent").count() == 1


@time_machine.travel(MOMENT)
def test_feedback_that_names_a_case_or_a_seizure_or_is_empty_is_refused(as_user):
    contact = add()
    police = as_user("polis@example.com")
    for message in (
        "Ärendet 5000-K123456-26 är klart.",
        "Paketet togs i beslag, tack!",
        "Tack – beslaget ledde till att två personer greps.",
        "Thanks, the parcel was seized.",
        "Tullen konfiskerade försändelsen.",
        "",
        "x" * 1001,
    ):
        response = police.post(f"/contacts/{contact.id}/feedback", data={"message": message})
        assert response.status_code == 422 and 'id="message-error"' in response.text
    assert Contact.get_by_id(contact.id).feedback == ""


@time_machine.travel(MOMENT)
def test_htmx_gets_the_changed_section_only(as_user):
    contact = add(visit_wish="call_first")
    police = as_user("polis@example.com")
    response = police.post(
        f"/contacts/{contact.id}/visit",
        data={"visited_on": "2026-05-19"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="visit"')
    assert 'role="status"' in response.text and "<html" not in response.text
    refused = police.post(
        f"/contacts/{contact.id}/feedback", data={"message": ""}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422
    assert refused.text.lstrip().startswith('<section id="feedback"')


def test_rows_are_deleted_after_12_months(db, demo):
    Contact.delete().execute()
    kept = add(contacted_on=datetime.date(2025, 4, 30))
    add(contacted_on=datetime.date(2025, 4, 29))
    with time_machine.travel(datetime.datetime(2026, 4, 30, 12, tzinfo=datetime.UTC)):
        assert local_today() == datetime.date(2026, 4, 30)
        purge_old_contacts()
    assert [c.id for c in Contact.select()] == [kept.id]
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)):
        purge_old_contacts()
    assert not Contact.select().exists()


def test_the_deletion_runs_every_night():
    from app.jobs import huey

    assert "purge_old_contacts" in {task.__name__ for task in huey._registry._periodic_tasks}


@time_machine.travel(MOMENT)
def test_pages_run_the_same_queries_for_5_and_50_contacts(as_user):
    pages = [
        (as_user("ombud@example.com"), "/contacts/"),
        (as_user("polis@example.com"), "/contacts/log"),
        (as_user("tull@example.com"), "/contacts/log"),
        (as_user("kommun@example.com"), "/contacts/statistics"),
        (as_user("admin@example.com"), "/contacts/statistics"),
    ]
    counts = []
    for n in (5, 50):
        Contact.delete().execute()
        for i in range(n):
            name = ("Kiosken Stenstan", "Sundsvall Paketterminal", "Ålidhems Livs")[i % 3]
            add(name, contacted_on=TODAY - datetime.timedelta(days=3 + 5 * i), channel="customs")
        counted = []
        for browser, path in pages:
            browser.get(path)
            with count_queries() as queries:
                assert browser.get(path).status_code == 200
            counted.append(len(queries))
        counts.append(counted)
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 8


def test_a_business_that_is_removed_takes_its_contacts_with_it(db, demo):
    contact = add("Ålidhems Livs")
    User.delete().where(User.business == business("Ålidhems Livs")).execute()
    business("Ålidhems Livs").delete_instance()
    assert not Contact.select().where(Contact.id == contact.id).exists()


def test_an_account_without_its_business_finds_nothing_and_writes_nothing(app, demo):
    """A business account whose business is gone gets 404, never a contact of its own."""
    User.create(
        email="ohne@example.com",
        role="business",
        password_hash=User.get(User.email == "ombud@example.com").password_hash,
    )
    browser = app.test_client()
    browser.login("ohne@example.com")
    before = Contact.select().count()
    assert browser.get("/contacts/").status_code == 404
    assert browser.post("/contacts/", data={**LOG, "visit_wish": "no"}).status_code == 404
    assert Contact.select().count() == before
