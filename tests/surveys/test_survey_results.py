"""What staff and businesses read: only the count while a round is open; after it closes the
figures of groups large enough, small rounds shown together with the next; exports and the
printable summary; every role and scope."""

import csv
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from conftest import without_csrf_tokens
from survey_helpers import (
    business_account,
    closed_round_with,
    new_business,
    open_round,
    sundsvall,
    timra_staff,
    values_for,
)

from app.areas.models import Area
from app.surveys.dates import today
from app.surveys.models import SurveyRound
from app.surveys.services import close_round, round_questions, save_answer
from app.surveys.services import open_round as open_new_round


def latest_closed(slug="sundsvall"):
    return (
        SurveyRound.select()
        .join(Area)
        .where((Area.slug == slug) & (SurveyRound.status == "closed"))
        .order_by(SurveyRound.closes_on.desc())
        .first()
    )


def english(browser):
    browser.get("/language/en")
    return browser


# ---------------------------------------------------------------- while open, only the count


def test_an_open_round_shows_only_its_count(login):
    staff = english(login("polis@example.com"))
    survey_round = open_round()
    page = staff.get(f"/surveys/results?round={survey_round.id}").text
    assert "3 answers so far." in page
    assert "Question by question" not in page and "Safety index" not in page
    for path in ("/surveys/summary", "/surveys/results.csv", "/surveys/results.xlsx"):
        assert staff.get(f"{path}?round={survey_round.id}").status_code == 404
    assert staff.get(f"/surveys/comments?round={survey_round.id}").status_code == 404


def test_answers_of_an_open_round_change_only_the_count(login):
    staff = english(login("polis@example.com"))
    survey_round = open_round()
    before = staff.get("/surveys/results").text
    (free_text,) = [q for q in round_questions(survey_round.id) if q.kind == "text"]
    save_answer(
        survey_round,
        business_account(),
        values_for(survey_round, 1),
        {free_text.id: "Jag är rädd på kvällarna."},
    )
    after = staff.get("/surveys/results").text
    # The latest results shown are of closed rounds: unchanged (the CSRF tokens carry the time).
    assert without_csrf_tokens(before) == without_csrf_tokens(after)
    review = staff.get("/surveys/review").text
    assert "rädd på kvällarna" not in review  # free text waits until the round has closed
    assert "4 answers so far." in staff.get(f"/surveys/results?round={survey_round.id}").text


# ---------------------------------------------------------------- after closing


def test_a_closed_round_shows_figures_and_breakdowns(login):
    staff = english(login("polis@example.com"))
    survey_round = latest_closed()
    page = staff.get(f"/surveys/results?round={survey_round.id}").text
    assert "<dt>Answers</dt><dd>18</dd>" in page
    assert "Response rate</dt><dd>69%</dd>" in page.replace("\xa0", "")
    assert "Question by question" in page and "<svg" in page
    assert "Sundsvalls kommun" in page and "Timrå kommun" in page  # both large enough
    assert "Types of site with few businesses, together" in page
    assert "Safety index (0–100) by round" in page  # two sets of rounds: a trend


def test_a_round_with_too_few_answers_waits_and_is_shown_with_the_next(login):
    staff = english(login("polis@example.com"))
    close_round(open_round(), by=None)  # the demo's open round: 3 answers, no business known
    first = SurveyRound.get_by_id(open_round_id := latest_closed().id)
    assert first.shown_with_id is None
    page = staff.get(f"/surveys/results?round={open_round_id}").text
    assert "Too few answers to show yet" in page and "Question by question" not in page

    second = open_new_round(sundsvall(), today(), today(), by=None)
    for business in ("Kiosken Stenstan", "Kiosken Stenstan", "Sundsvall Paketterminal"):
        save_answer(second, business_account(business), values_for(second), {})
    third_business = new_business("Nacksta Kiosk")
    save_answer(second, business_account(third_business.name), values_for(second), {})
    close_round(SurveyRound.get_by_id(second.id), by=None)
    page = staff.get(f"/surveys/results?round={open_round_id}").text
    assert "together: each of them had too few answers" in page
    assert "<dt>Answers</dt><dd>7</dd>" in page  # 3 + 4
    assert SurveyRound.get_by_id(open_round_id).shown_with_id == second.id


def test_the_printable_summary_has_the_figures_as_tables(login):
    staff = english(login("polis@example.com"))
    page = staff.get(f"/surveys/summary?round={latest_closed().id}").text
    assert "Summary for the follow-up meeting" in page
    assert "<table" in page and "<svg" not in page


def test_exports_hold_the_figures_shown_and_open_in_a_spreadsheet(login):
    staff = english(login("polis@example.com"))
    survey_round = latest_closed()
    response = staff.get(f"/surveys/results.csv?round={survey_round.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Part", "Group", "Question", "Answer or figure", "Value"]
    assert ["All answers", "", "", "Answers", "18"] in rows
    groups = {row[1] for row in rows if row[0] == "By municipality"}
    assert groups == {"Sundsvalls kommun", "Timrå kommun"}

    response = staff.get(f"/surveys/results.xlsx?round={survey_round.id}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == rows[0]
    assert ["All answers", "", "", "Answers", 18] in values  # a number stays a number
    assert len(values) == len(rows)


# ---------------------------------------------------------------- roles and scopes

RESULTS_ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "tull@example.com": 403,
    "polis@example.com": 200,
    "kommun@example.com": 200,
    "lansstyrelsen@example.com": 200,
    "admin@example.com": 200,
    "polis.umea@example.com": 404,
    "ombud.umea@example.com": 403,
}


@pytest.mark.parametrize("email,status", RESULTS_ACCESS.items())
def test_sundsvall_results_by_role_and_scope(app, login, email, status):
    browser = login(email) if email else app.test_client()
    survey_round = latest_closed()
    for path in ("/surveys/results", "/surveys/summary", "/surveys/results.csv"):
        assert browser.get(f"{path}?round={survey_round.id}").status_code == status


@pytest.mark.parametrize(
    "email,status",
    {
        "polis@example.com": 200,
        "kommun@example.com": 200,
        "lansstyrelsen@example.com": 403,
        "admin@example.com": 403,
        "polis.umea@example.com": 404,
    }.items(),
)
def test_free_text_is_read_only_by_the_area_and_the_municipality(login, email, status):
    browser = login(email)
    page = browser.get(f"/surveys/comments?round={latest_closed().id}")
    assert page.status_code == status
    if status == 200:
        assert "kortet vid kassan" in page.text  # approved
        assert "[namn]" not in page.text  # waiting for review: not shown


def test_each_staff_member_sees_the_rounds_of_their_own_scope(login):
    umea = english(login("polis.umea@example.com")).get("/surveys/").text
    assert "Umeå" in umea and "Sundsvall</a>" not in umea
    county = english(login("lansstyrelsen@example.com")).get("/surveys/").text
    assert "Sundsvall</a>" in county and "Umeå</a>" not in county
    assert "Open a round" not in county  # the county reads, it does not run rounds
    assert "Umeå" in english(login("polis.umea@example.com")).get("/surveys/results").text


def test_a_business_sees_its_areas_closed_results_and_never_free_text(login):
    ombud = english(login("ombud@example.com"))
    page = ombud.get("/surveys/mine").text
    assert "<dt>Answers</dt><dd>18</dd>" in page  # the latest closed round of Sundsvall
    assert "kortet vid kassan" not in page and "free-text" not in page.lower()
    assert "Answer the survey" in page  # the open round, which it has not answered
    umea = english(login("ombud.umea@example.com")).get("/surveys/mine").text
    assert "<dt>Answers</dt><dd>8</dd>" in umea and "Timrå" not in umea
    for path in ("/surveys/results", "/surveys/comments", "/surveys/review", "/surveys/"):
        assert ombud.get(path).status_code == 403


def test_a_business_sees_no_results_while_its_areas_only_round_is_open(login):
    for survey_round in SurveyRound.select().where(SurveyRound.status == "closed"):
        SurveyRound.delete().where(SurveyRound.id == survey_round.id).execute()
    page = english(login("ombud@example.com")).get("/surveys/mine").text
    assert "There are no results to show yet." in page


# ---------------------------------------------------------------- small places over rounds


def test_a_small_municipality_is_shown_once_its_rounds_together_are_enough(app, login):
    """Timrå answers 2 times in one round and 3 in the next: in neither round are its figures
    shown on its own, but the second round's results show Timrå over both rounds, labelled
    with them; its staff read that, and the first round shows it nowhere."""
    first = closed_round_with({"2281": 6, "2262": 2})
    second = closed_round_with({"2281": 6, "2262": 3}, closes_on=today() + timedelta(days=62))
    police = english(login("polis@example.com"))
    page = police.get(f"/surveys/results?round={first.id}").text
    assert "Timrå kommun" not in page and "over several rounds" not in page
    page = police.get(f"/surveys/results?round={second.id}").text
    assert (
        "<dt>Answers</dt><dd>9</dd>" in page and "Small municipalities over several rounds" in page
    )
    rounds = f"{format_month(first.closes_on)} – {format_month(second.closes_on)}"
    row = re.search(r"<tr><th scope=\"row\">Timrå kommun</th>(.*?)</tr>", page).group(1)
    assert rounds in row and ">5</td>" in row  # 2 + 3 answers, 3 businesses at most
    assert not re.search(r"<th scope=\"row\">Timrå kommun</th><td data-label=\"Answers\">3<", page)
    csv_text = police.get(f"/surveys/results.csv?round={second.id}").data.decode("utf-8-sig")
    assert f"By municipality, over several rounds;Timrå kommun ({rounds});;Answers;5" in csv_text

    timra_staff(app)
    timra = english(login("kommun.timra@example.com"))
    assert (
        "Too few answers from your municipality"
        in timra.get(f"/surveys/results?round={first.id}").text
    )
    page = timra.get(f"/surveys/results?round={second.id}").text
    assert "<dt>Answers</dt><dd>5</dd>" in page and "Timrå kommun only" in page
    assert "together: each of them had too few answers" in page


def test_a_small_municipality_below_the_thresholds_over_its_rounds_stays_hidden(login):
    """2 and 2 answers, from 2 businesses at most per round: still too few."""
    closed_round_with({"2281": 6, "2262": 2})
    second = closed_round_with({"2281": 6, "2262": 2}, closes_on=today() + timedelta(days=62))
    page = english(login("polis@example.com")).get(f"/surveys/results?round={second.id}").text
    assert "<dt>Answers</dt><dd>8</dd>" in page and "Timrå kommun" not in page


def format_month(day) -> str:
    return day.strftime("%B %Y")
