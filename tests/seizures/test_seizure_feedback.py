"""Seizure feedback: the register police and customs keep, what businesses see of their area
after the embargo, the statistics of every scope and their exports."""

import datetime
import io
import re

import openpyxl
import pytest
import time_machine

from app.areas.models import Area, Municipality
from app.audit.models import AuditEntry
from app.db import count_queries, database
from app.seizures.models import ReleasedFigure, SeizureFeedback
from tests.seizures.roles import assert_reached_only_by

APRIL_30 = datetime.datetime(2026, 4, 30, 12, tzinfo=datetime.UTC)
MAY_1 = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)


def sundsvall():
    return Area.get(Area.slug == "sundsvall")


def umea():
    return Area.get(Area.slug == "umea")


def add(area, month, category="narcotics", count=4, shareable=True, description=""):
    return SeizureFeedback.create(
        area=area,
        month=month,
        category=category,
        count=count,
        shareable=shareable,
        description=description,
    )


def cell(html, category, column):
    """The figure of a category's row in the first figures table (column 0 = first quarter)."""
    table = re.search(r'<table class="figures-table">.*?</table>', html, re.S).group(0)
    row = re.search(rf"<th scope=\"row\">{re.escape(category)}</th>(.*?)</tr>", table, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    text = re.sub(r"<[^>]+>", "", cells[column]).strip()
    return None if text.startswith("–") else int(text.replace("\xa0", ""))


def browser_at(app, moment, email):
    """A client logged in as `email` at `moment` (sessions end when the clock jumps ahead)."""
    with time_machine.travel(moment):
        browser = app.test_client()
        browser.login(email)
        browser.get("/language/en")
    return browser


def page_at(app, moment, email, path="/seizures/"):
    browser = browser_at(app, moment, email)
    with time_machine.travel(moment):
        return browser.get(path).text


@pytest.fixture
def empty_register(db, demo):
    SeizureFeedback.delete().execute()


def test_an_entry_holds_only_what_may_be_shared(db):
    """No case number, author, time of entry, or link to a contact or a business."""
    expected = {
        "id",
        "area",
        "municipality",
        "month",
        "category",
        "count",
        "description",
        "shareable",
    }
    assert set(SeizureFeedback._meta.fields) == expected
    columns = {c.name for c in database.get_columns("seizure_feedback")}
    assert columns == {"id", "area_id", "municipality_id", "month", "category", "count"} | {
        "description",
        "shareable",
    }
    linked = {f.rel_model.__name__ for f in SeizureFeedback._meta.refs}
    assert linked == {"Area", "Municipality"}


def test_a_released_figure_is_a_count_of_a_place_and_quarter_only(db):
    """What statistics keep once released: no entry, contact, business or time behind it."""
    columns = {c.name for c in database.get_columns("released_figure")}
    assert columns == {"id", "kind", "period", "area_id", "municipality_id", "row", "figure"}
    assert ReleasedFigure._meta.refs == {}


PAGES = {
    "/seizures/": {"ombud@example.com", "terminal@example.com", "ombud.umea@example.com"},
    "/seizures/entries/": {"polis@example.com", "tull@example.com", "polis.umea@example.com"},
    "/seizures/statistics": {
        "polis@example.com",
        "tull@example.com",
        "polis.umea@example.com",
        "kommun@example.com",
        "lansstyrelsen@example.com",
        "admin@example.com",
    },
}


@pytest.mark.parametrize("path", PAGES)
def test_each_role_reaches_only_its_pages(as_user, path):
    assert_reached_only_by(as_user, path, PAGES[path])


@time_machine.travel(APRIL_30)
def test_police_enter_change_and_delete_feedback_with_audit_entries(as_user):
    police = as_user("polis@example.com")
    data = {
        "month": "2026-03-01",
        "area": sundsvall().id,
        "municipality": Municipality.get(Municipality.code == "2262").id,
        "category": "doping",
        "count": "7",
        "description": "Testosteron i paket märkta som proteinpulver.",
        "shareable": "y",
    }
    assert police.post("/seizures/entries/new", data=data).status_code == 303
    entry = SeizureFeedback.get(SeizureFeedback.count == 7)
    assert entry.month == datetime.date(2026, 3, 1) and entry.shareable
    listed = police.get("/seizures/entries/").text
    assert "Testosteron" not in listed  # the list shows figures, the form the text
    assert f"/seizures/entries/{entry.id}" in listed
    response = police.post(f"/seizures/entries/{entry.id}", data={**data, "count": "8"})
    assert response.status_code == 303
    assert SeizureFeedback.get_by_id(entry.id).count == 8
    assert police.post(f"/seizures/entries/{entry.id}/delete", data={}).status_code == 303
    assert not SeizureFeedback.select().where(SeizureFeedback.id == entry.id).exists()
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert [a for a in actions if a.startswith("seizures_")] == [
        "seizures_entry_added",
        "seizures_entry_changed",
        "seizures_entry_deleted",
    ]


@time_machine.travel(APRIL_30)
def test_customs_enter_feedback_for_any_area_of_their_region(as_user):
    customs = as_user("tull@example.com")
    form = customs.get("/seizures/entries/new").text
    assert "Sundsvall" in form and "Umeå" in form
    response = customs.post(
        "/seizures/entries/new",
        data={"month": "2026-02-01", "area": umea().id, "category": "weapons", "count": "11"},
    )
    assert response.status_code == 303
    entry = SeizureFeedback.get(SeizureFeedback.count == 11)
    assert entry.area_id == umea().id and entry.municipality_id is None and not entry.shareable


def test_entries_of_another_area_are_not_found(as_user):
    entry = SeizureFeedback.select().where(SeizureFeedback.area == umea()).first()
    police = as_user("polis@example.com")
    assert police.get(f"/seizures/entries/{entry.id}").status_code == 404
    assert police.post(f"/seizures/entries/{entry.id}/delete", data={}).status_code == 404
    assert SeizureFeedback.get_by_id(entry.id)
    assert as_user("tull@example.com").get(f"/seizures/entries/{entry.id}").status_code == 200


HOSTILE = [
    ("count", "0", "count-error"),
    ("count", "10000", "count-error"),
    ("count", "abc", "count-error"),
    ("count", "", "count-error"),
    ("month", "2027-01-01", "month-error"),  # the future is not a choice
    ("month", "2025-12-01", "month-error"),  # a quarter already fed back
    ("category", "cake", "category-error"),
    ("area", "999999", "area-error"),
    ("description", "Ärende 5000-K123456-26, se anteckning.", "description-error"),
    ("description", "Kolli 370123456789 stoppades.", "description-error"),
    ("description", "x" * 501, "description-error"),
    ("description", "a\x00b", "description-error"),
]


@pytest.mark.parametrize("name,value,error", HOSTILE)
@time_machine.travel(APRIL_30)
def test_bad_input_is_refused_at_the_field_and_nothing_is_written(as_user, name, value, error):
    police = as_user("polis@example.com")
    data = {"month": "2026-03-01", "area": sundsvall().id, "category": "narcotics", "count": "4"}
    before = SeizureFeedback.select().count()
    response = police.post("/seizures/entries/new", data={**data, name: value})
    assert response.status_code == 422
    assert f'id="{error}"' in response.text
    assert SeizureFeedback.select().count() == before


@time_machine.travel(APRIL_30)
def test_a_fed_back_entry_can_no_longer_change(app, empty_register):
    """Once a quarter is fed back its figures stay: a change or a deletion would show as a
    difference between what businesses saw before and after."""
    entry = add(sundsvall(), datetime.date(2026, 3, 1), count=5)
    police = browser_at(app, MAY_1, "polis@example.com")
    with time_machine.travel(MAY_1):
        page = police.get(f"/seizures/entries/{entry.id}")
        assert page.status_code == 200 and "can no longer be changed" in page.text
        assert 'name="count"' not in page.text
        assert f'href="/seizures/entries/{entry.id}"' not in police.get("/seizures/entries/").text
        data = {"month": "2026-03-01", "area": sundsvall().id, "category": "narcotics"}
        changed = police.post(f"/seizures/entries/{entry.id}", data={**data, "count": "9"})
        deleted = police.post(f"/seizures/entries/{entry.id}/delete", data={})
    assert changed.status_code == deleted.status_code == 422
    assert SeizureFeedback.get_by_id(entry.id).count == 5
    assert not AuditEntry.select().where(AuditEntry.action.startswith("seizures_")).exists()


@time_machine.travel(APRIL_30)
def test_only_months_of_quarters_not_yet_fed_back_can_be_chosen(as_user):
    police = as_user("polis@example.com")
    form = police.get("/seizures/entries/new").text
    months = re.findall(r'<option value="(\d{4}-\d{2}-01)"', form)
    # Q2 2026 so far (April) and Q1 2026, fed back on 1 May.
    assert months == ["2026-04-01", "2026-03-01", "2026-02-01", "2026-01-01"]


def test_an_area_or_municipality_outside_the_scope_is_refused(as_user):
    police = as_user("polis@example.com")
    base = {"month": "2026-03-01", "category": "narcotics", "count": "4"}
    other_area = police.post("/seizures/entries/new", data={**base, "area": umea().id})
    umea_kommun = Municipality.get(Municipality.code == "2480").id
    other_municipality = police.post(
        "/seizures/entries/new",
        data={**base, "area": sundsvall().id, "municipality": umea_kommun},
    )
    assert other_area.status_code == other_municipality.status_code == 422
    assert 'id="municipality-error"' in other_municipality.text


def test_a_quarter_is_fed_back_once_its_last_months_embargo_is_over(app, empty_register):
    """Embargo 30 days counted from the end of the month: Q1 2026 (its last month March) is
    shown from 1 May 2026, never before, and only what is marked as shareable."""
    add(sundsvall(), datetime.date(2026, 1, 1), count=4, description="Cannabis i godispåsar.")
    add(sundsvall(), datetime.date(2026, 3, 1), count=5)
    add(sundsvall(), datetime.date(2026, 3, 1), category="weapons", count=6, shareable=False)
    page = page_at(app, APRIL_30, "ombud@example.com")
    assert "Seizures Q1 2025–Q4 2025" in page
    assert "The next quarter, Q1 2026, is shown from May 1, 2026" in page
    assert "Cannabis" not in page
    page = page_at(app, MAY_1, "ombud@example.com")
    assert cell(page, "Narcotics", 3) == 9  # Q1 2026, the last of the four quarters
    assert cell(page, "Weapons and weapon parts", 3) == 0  # not shareable: not counted
    assert "Cannabis i godispåsar." in page


def test_a_description_beside_a_hidden_figure_is_not_shown(app, empty_register):
    """A description tells that its figure is not zero: beside a hidden 1 or 2 it would give
    the hidden cell away."""
    add(sundsvall(), datetime.date(2026, 1, 1), count=4, description="Cannabis i godispåsar.")
    add(
        sundsvall(), datetime.date(2026, 2, 1), category="doping", count=1, description="Tabletter."
    )
    add(sundsvall(), datetime.date(2026, 3, 1), category="weapons", count=2)
    page = page_at(app, MAY_1, "ombud@example.com")
    assert cell(page, "Narcotics", 3) == 4 and "Cannabis i godispåsar." in page
    assert "Tabletter." not in page


def test_an_area_with_a_longer_embargo_waits_longer(app, empty_register):
    Area.update(embargo_days=60).where(Area.slug == "sundsvall").execute()
    add(sundsvall(), datetime.date(2026, 3, 1), count=5)
    may_30 = datetime.datetime(2026, 5, 30, 12, tzinfo=datetime.UTC)
    assert "The next quarter, Q1 2026, is shown from May 31, 2026" in page_at(
        app, may_30, "ombud@example.com"
    )
    may_31 = may_30 + datetime.timedelta(days=1)
    assert cell(page_at(app, may_31, "ombud@example.com"), "Narcotics", 3) == 5


def test_a_business_sees_its_own_area_only(app, empty_register):
    add(sundsvall(), datetime.date(2026, 2, 1), count=5, description="Sundsvall-beskrivning.")
    add(umea(), datetime.date(2026, 2, 1), count=8, description="Umeå-beskrivning.")
    for email, count, shown in (
        ("ombud@example.com", 5, "Sundsvall-beskrivning."),
        ("terminal@example.com", 5, "Sundsvall-beskrivning."),
        ("ombud.umea@example.com", 8, "Umeå-beskrivning."),
    ):
        page = page_at(app, MAY_1, email)
        assert cell(page, "Narcotics", 3) == count, email
        assert shown in page and page.count("beskrivning.") == 1


def test_small_counts_are_hidden_with_a_partner_and_totals_add_up_what_is_shown(
    app, empty_register
):
    add(sundsvall(), datetime.date(2026, 2, 1), count=7)
    add(sundsvall(), datetime.date(2026, 2, 1), category="doping", count=1)
    add(sundsvall(), datetime.date(2026, 2, 1), category="weapons", count=4)
    page = page_at(app, MAY_1, "ombud@example.com")
    assert cell(page, "Doping substances", 3) is None
    assert cell(page, "Weapons and weapon parts", 3) is None  # the smallest partner
    assert cell(page, "Narcotics", 3) == 7
    assert cell(page, "Narcotics", 4) == 7  # the row's total
    footer = re.search(r"<tfoot>.*?</tfoot>", page, re.S).group(0)
    assert ">7<" in footer and ">12<" not in footer


def test_staff_statistics_sum_the_areas_of_their_scope(app, empty_register):
    add(sundsvall(), datetime.date(2026, 2, 1), count=5)
    add(umea(), datetime.date(2026, 2, 1), count=8)
    for email, count in (
        ("polis@example.com", 5),
        ("kommun@example.com", 5),
        ("lansstyrelsen@example.com", 5),
        ("polis.umea@example.com", 8),
        ("tull@example.com", 13),
        ("admin@example.com", 13),
    ):
        page = page_at(app, MAY_1, email, "/seizures/statistics")
        categories = page[page.index('id="categories-heading"') :]
        assert cell(categories, "Narcotics", 7) == count, email


def test_exports_hold_the_figures_of_the_page(app, empty_register):
    add(sundsvall(), datetime.date(2026, 2, 1), count=5)
    add(sundsvall(), datetime.date(2026, 2, 1), category="doping", count=2)
    add(sundsvall(), datetime.date(2026, 2, 1), category="weapons", count=3)
    staff = browser_at(app, MAY_1, "lansstyrelsen@example.com")
    with time_machine.travel(MAY_1):
        csv = staff.get("/seizures/statistics/export?format=csv")
        xlsx = staff.get("/seizures/statistics/export")
        assert staff.get("/seizures/statistics/export?format=pdf").status_code == 404
    assert csv.status_code == xlsx.status_code == 200
    lines = csv.get_data().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Category;Q2 2024;") and lines[0].endswith("Q1 2026;Total")
    assert lines[1] == "Narcotics;0;0;0;0;0;0;0;5;5"
    assert lines[3] == "Doping substances;0;0;0;0;0;0;0;–;–"
    assert lines[4] == "Weapons and weapon parts;0;0;0;0;0;0;0;–;–"
    assert lines[-1] == "Total;0;0;0;0;0;0;0;5;5"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.get_data())).active
    assert [c.value for c in sheet[2]] == ["Narcotics", 0, 0, 0, 0, 0, 0, 0, 5, 5]


def test_statistics_pages_run_the_same_queries_for_5_and_50_entries(as_user, empty_register):
    pages = (
        (as_user("admin@example.com"), "/seizures/statistics"),
        (as_user("tull@example.com"), "/seizures/entries/"),
        (as_user("ombud@example.com"), "/seizures/"),
    )
    counts = []
    for n in (5, 50):
        SeizureFeedback.delete().execute()
        for i in range(n):
            add((sundsvall(), umea())[i % 2], datetime.date(2025, 1 + i % 12, 1), count=3 + i % 4)
        counted = []
        for browser, path in pages:
            browser.get(path)  # warm up: the session's first request writes to it
            with count_queries() as queries:
                assert browser.get(path).status_code == 200
            counted.append(len(queries))
        counts.append(counted)
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 8


def test_a_month_fed_back_in_the_chosen_area_is_refused(app, empty_register):
    """Customs choose among months open in some area of their region; the area they choose
    decides: Sundsvall waits 60 days, Umeå 30."""
    Area.update(embargo_days=60).where(Area.slug == "sundsvall").execute()
    may_15 = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)
    customs = browser_at(app, may_15, "tull@example.com")
    data = {"month": "2026-03-01", "category": "narcotics", "count": "4"}
    with time_machine.travel(may_15):
        refused = customs.post("/seizures/entries/new", data={**data, "area": umea().id})
        accepted = customs.post("/seizures/entries/new", data={**data, "area": sundsvall().id})
    assert refused.status_code == 422 and 'id="month-error"' in refused.text
    assert accepted.status_code == 303
    assert [e.area_id for e in SeizureFeedback.select()] == [sundsvall().id]


def test_a_quarter_once_fed_back_stays_closed_when_the_embargo_is_lengthened(app, empty_register):
    """Its figures were released as they were (released.py): an entry changed or added
    later would never show, so the register refuses it."""
    entry = add(sundsvall(), datetime.date(2026, 3, 1), count=5)
    assert cell(page_at(app, MAY_1, "ombud@example.com"), "Narcotics", 3) == 5
    Area.update(embargo_days=60).where(Area.slug == "sundsvall").execute()
    police = browser_at(app, MAY_1, "polis@example.com")
    data = {"month": "2026-03-01", "area": sundsvall().id, "category": "narcotics"}
    with time_machine.travel(MAY_1):
        added = police.post("/seizures/entries/new", data={**data, "count": "4"})
        changed = police.post(f"/seizures/entries/{entry.id}", data={**data, "count": "9"})
        later = police.post(
            "/seizures/entries/new", data={**data, "month": "2026-04-01", "count": "4"}
        )
    assert added.status_code == 422 and 'id="month-error"' in added.text
    assert changed.status_code == 422 and "can no longer be changed" in changed.text
    assert later.status_code == 303
    assert SeizureFeedback.get_by_id(entry.id).count == 5
