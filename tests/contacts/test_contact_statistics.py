"""Contact statistics: quarters released once final, per month, type of site and channel, the
shares with a visit and with feedback; figures below 3 or from a single business hidden;
released figures that stay when contacts are logged late, visited later or deleted."""

import datetime
import re

import time_machine

from app.businesses.models import Business
from app.contacts.jobs import purge_old_contacts
from app.contacts.models import Contact
from app.contacts.queries import final_quarters
from app.seizures.periods import Quarter

MOMENT = datetime.datetime(2026, 7, 20, 10, tzinfo=datetime.UTC)


def add(name, day, **values):
    owner = Business.get(Business.name == name)
    values = {"channel": "police_phone", "category": "narcotics", "visit_wish": "no", **values}
    return Contact.create(
        business=owner,
        area=owner.area_id,
        municipality=owner.municipality_id,
        contacted_on=day,
        **values,
    )


def row(html, section, label):
    """The cells of a row in the table of a section (by its heading id)."""
    part = html[html.index(f'id="{section}"') :]
    table = re.search(r"<table.*?</table>", part, re.S).group(0)
    found = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", table, re.S)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td>(.*?)</td>", found.group(1), re.S)
    ]
    return [None if c.startswith("–") else c.replace("\xa0", " ") for c in cells]


def test_a_quarter_is_final_90_days_after_it_ends():
    """A contact may be logged 90 days late: the last day of March until 29 June."""
    assert final_quarters(datetime.date(2026, 6, 29))[-1] == Quarter(2025, 4)
    assert final_quarters(datetime.date(2026, 6, 30)) == [
        Quarter(2025, 2),
        Quarter(2025, 3),
        Quarter(2025, 4),
        Quarter(2026, 1),
    ]


def test_figures_from_two_businesses_are_shown_and_from_one_hidden(as_user):
    Contact.delete().execute()
    kiosk, terminal = "Kiosken Stenstan", "Sundsvall Paketterminal"
    january = datetime.date(2026, 1, 12)
    for name in (kiosk, terminal, terminal):
        add(name, january, visit_wish="discreet", visited_on=january)
    for day in (3, 4, 5, 6):  # the terminal alone, through Tullverket
        add(terminal, datetime.date(2026, 2, day), channel="customs")
    for name, channel in (
        (kiosk, "police_phone"),
        (terminal, "police_phone"),
        (terminal, "police_phone"),
        (kiosk, "police_web"),
        (kiosk, "police_web"),
        (terminal, "police_web"),
    ):
        add(name, datetime.date(2026, 3, 9), channel=channel)
    for day in (3, 4, 5):  # Ålidhems Livs in Umeå, alone in its area
        add("Ålidhems Livs", datetime.date(2026, 3, day))
    with time_machine.travel(MOMENT):
        municipality = as_user("kommun@example.com")
        municipality.get("/language/en")
        page = municipality.get("/contacts/statistics").text
        admin = as_user("admin@example.com")
        admin.get("/language/en")
        everything = admin.get("/contacts/statistics").text
    # February comes from one business; January (3) is hidden with it, or February would be
    # the quarter's total minus what is shown.
    assert row(page, "months-heading", "February 2026") == [None]
    assert row(page, "months-heading", "January 2026") == [None]
    assert row(page, "months-heading", "March 2026") == ["6"]
    assert row(page, "channels-heading", "The police on 114 14") == ["0", "6", "6"]
    assert row(page, "channels-heading", "Tullverket on 90 114 or its tip form")[1] is None
    assert row(page, "channels-heading", "The tip form on polisen.se")[1] is None  # partner
    assert row(page, "site-types-heading", "Terminal")[1] is None  # one terminal
    assert row(page, "follow-up-heading", "Q1 2026") == ["23%", "0%"]  # 3 of 13 visited
    # Umeå's three contacts come from its one business: never shown, not even to admins.
    assert row(everything, "channels-heading", "The police on 114 14")[1] == "6"
    assert row(everything, "months-heading", "March 2026") == ["6"]


def test_shares_with_a_visit_and_with_feedback(as_user):
    Contact.delete().execute()
    day = datetime.date(2025, 11, 5)
    for n in range(12):
        name = ("Kiosken Stenstan", "Sundsvall Paketterminal")[n % 2]
        add(
            name,
            day,
            visit_wish="call_first",
            visited_on=day if n < 4 else None,
            feedback="Tack!" if n < 6 else "",
            feedback_on=day if n < 6 else None,
        )
    with time_machine.travel(MOMENT):
        county = as_user("lansstyrelsen@example.com")
        county.get("/language/en")
        page = county.get("/contacts/statistics").text
    assert row(page, "follow-up-heading", "Q4 2025") == ["33%", "50%"]


def statistics_page(as_user, moment) -> str:
    with time_machine.travel(moment):
        county = as_user("lansstyrelsen@example.com")
        county.get("/language/en")
        return county.get("/contacts/statistics").text


def test_released_figures_stay_through_late_visits_and_the_deletion_of_the_contacts(as_user):
    """What outsiders saw of a quarter is what they see later: a visit recorded after the
    release moves no share, and the contacts' deletion after 12 months removes no figure."""
    Contact.delete().execute()
    day = datetime.date(2025, 11, 5)
    contacts = [
        add(("Kiosken Stenstan", "Sundsvall Paketterminal")[n % 2], day, visit_wish="discreet")
        for n in range(8)
    ]
    seen = statistics_page(as_user, MOMENT)
    assert row(seen, "follow-up-heading", "Q4 2025")[0] == "0%"
    assert row(seen, "months-heading", "November 2025") == ["8"]
    Contact.update(visited_on=day).where(Contact.id == contacts[0].id).execute()
    later = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
    with time_machine.travel(later):
        purge_old_contacts()
    assert not Contact.select().exists()
    page = statistics_page(as_user, later)
    assert row(page, "follow-up-heading", "Q4 2025")[0] == "0%"
    assert row(page, "months-heading", "November 2025") == ["8"]


def test_a_quarter_is_not_shown_before_its_contacts_are_final(as_user):
    Contact.delete().execute()
    for name in ("Kiosken Stenstan", "Sundsvall Paketterminal") * 2:
        add(name, datetime.date(2026, 3, 2))
    before = statistics_page(as_user, datetime.datetime(2026, 6, 29, 10, tzinfo=datetime.UTC))
    assert "March 2026" not in before
    add("Kiosken Stenstan", datetime.date(2026, 3, 31))  # logged 90 days late
    after = statistics_page(as_user, datetime.datetime(2026, 6, 30, 10, tzinfo=datetime.UTC))
    assert row(after, "months-heading", "March 2026") == ["5"]
