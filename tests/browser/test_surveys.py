"""The safety survey in the browser, each journey with JavaScript on and off: a business
answers a round in Arabic and reads what was stored; staff close a round and the thresholds hold; the
municipality reads results with charts, downloads them and prints the summary; a moderator
approves free text; a message from a business gets an answer.

The two modes share one server: where a journey changes something only once (an answer, a
closed round), each mode uses its own account or area.
"""

import io
import random
import re
import sqlite3

import openpyxl
from playwright.sync_api import expect
from test_journeys import expect_error_at, log_in, log_out


def mode(tour) -> str:
    return "js" if tour.js else "nojs"


def menu(tour, href_end: str):
    with tour.step():
        tour.page.locator(f"nav.main-nav a[href$='{href_end}']").click()


def test_a_business_answers_a_round_and_reads_what_was_stored(tour):
    page = tour.page
    email = "ombud@example.com" if tour.js else "terminal@example.com"
    tour.goto("/login")
    log_in(tour, email)
    tour.check(f"survey-home-{email.split('@')[0]}")
    with tour.step():
        page.locator("main a[href$='/surveys/answer']").first.click()
    expect(page).to_have_url(re.compile(r"/surveys/answer$"))
    expect(page.locator("main")).to_contain_text("sparas utan koppling till dig")
    expect(page.locator("main a[href='tel:112']").first).to_be_visible()
    tour.check("survey-answer")

    page.select_option("#language", "ar")  # the round has every question in Arabic
    with tour.step():
        page.locator("main form.language-choice button").click()
    expect(page.locator("main legend[lang=ar][dir=rtl]").first).to_be_visible()
    tour.check("survey-answer-arabic")

    with tour.step():  # nothing chosen: an error at each question, nothing saved
        page.locator("main form[method=post] button[type=submit]").click()
    first = page.locator("main fieldset.choices").first
    field_id = first.get_attribute("id")
    expect(page.locator(f"#{field_id}-error")).to_be_visible()
    tour.check("survey-answer-errors")

    for fieldset in page.locator("main fieldset.choices").all():
        fieldset.locator("input[type=radio]").nth(2).check()
    page.locator("main textarea").fill("Det känns tryggare sedan polisen var här.")
    with tour.step():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/surveys/answered$"))
    expect(page.locator("#receipt-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Det här sparas:")
    tour.check("survey-receipt")

    menu(tour, "/surveys/mine")
    expect(page.locator("main")).to_contain_text("Du har svarat")
    tour.check("survey-business-results")
    log_out(tour)


def test_staff_close_a_round_and_too_few_answers_stay_hidden(tour):
    """With JavaScript the police of Sundsvall close their round (the two answers above came
    from two businesses), without it the police of Umeå close theirs (one answer): either
    way the round has too few answers to show."""
    page = tour.page
    email = "polis@example.com" if tour.js else "polis.umea@example.com"
    tour.goto("/login")
    log_in(tour, email)
    menu(tour, "/surveys/")
    tour.check(f"survey-rounds-{email.split('@')[0]}")
    with tour.step():
        page.locator("main table a").first.click()  # the newest round: the open one
    expect(page.locator("#open-heading")).to_be_visible()
    tour.check(f"survey-open-round-{email.split('@')[0]}")
    page.once("dialog", lambda dialog: dialog.accept())
    with tour.step():
        page.locator("main form[action$='/close'] button").click()
    expect(page.locator("#waiting-heading")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Fråga för fråga")
    tour.check(f"survey-too-few-{email.split('@')[0]}")
    log_out(tour)


def test_the_municipality_reads_results_downloads_them_and_prints_a_summary(tour):
    page = tour.page
    tour.goto("/login")
    log_in(tour, "kommun@example.com")
    menu(tour, "/surveys/")
    with tour.step():
        page.locator("main a[href$='/surveys/results']").click()
    expect(page.locator("main svg.chart").first).to_be_visible()
    expect(page.locator("main table.figures-table").first).to_be_visible()
    # Sundsvalls kommun's answers only: not the area's other municipality
    expect(page.locator("main")).to_contain_text("Sundsvalls kommun")
    expect(page.locator("main")).not_to_contain_text("Timrå kommun")
    tour.check("survey-results")

    with page.expect_download() as download:
        page.locator("main a[href*='results.xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Del", "Grupp", "Fråga", "Svar eller mått", "Värde"]
    assert any(row[0] == "Alla svar" and row[3] == "Svar" for row in rows)
    assert not any("Timrå" in str(cell) for row in rows for cell in row)

    with tour.step():
        page.locator("main a[href*='/surveys/summary']").click()
    expect(page.locator("main table").first).to_be_visible()
    expect(page.locator("main svg")).to_have_count(0)
    tour.check("survey-summary")
    log_out(tour)


def _waiting_comment(server, text: str) -> None:
    """A free-text answer of Sundsvall's last round shown, waiting for review."""
    with sqlite3.connect(server.db_path) as db:
        round_id, area_id = db.execute(
            "SELECT r.id, r.area_id FROM survey_round r JOIN area a ON a.id = r.area_id "
            "WHERE a.slug = 'sundsvall' AND r.shown_with_id IS NOT NULL "
            "ORDER BY r.closed_at DESC LIMIT 1"
        ).fetchone()
        (question_id,) = db.execute(
            "SELECT id FROM survey_question WHERE key = 'free_text'"
        ).fetchone()
        db.execute(
            "INSERT INTO survey_comment (id, round_id, area_id, question_id, text, status) "
            "VALUES (?, ?, ?, ?, ?, 'new')",
            (random.randrange(1, 2**62), round_id, area_id, question_id, text),
        )


def test_a_moderator_approves_free_text_that_staff_then_read(tour, server):
    page = tour.page
    text = f"En kund som heter [namn] hotade mig ({mode(tour)})."
    _waiting_comment(server, text)
    tour.goto("/login")
    log_in(tour, "polis@example.com")
    menu(tour, "/surveys/review")
    tour.check("survey-review")
    area = next(a for a in page.locator("main textarea").all() if a.input_value() == text)
    area_id = area.get_attribute("id")
    area.fill("")
    with tour.step():  # emptied: refused at the field
        page.locator(f"main article:has(#{area_id}) button", has_text="Godkänn").click()
    expect(page.locator(f"#{area_id}-error")).to_be_visible()
    expect(page.locator(f"#{area_id}")).to_have_attribute("aria-invalid", "true")
    page.fill(f"#{area_id}", f"En kund hotade mig ({mode(tour)}).")
    with tour.step():
        page.locator(f"main article:has(#{area_id}) button", has_text="Godkänn").click()
    if tour.js:  # the answer swapped in place
        expect(page.locator("main article.decided")).to_be_visible()
    else:
        expect(page.locator(".flash-success")).to_be_visible()
    tour.goto("/surveys/results")
    with tour.step():
        page.locator("main a[href*='/surveys/comments']").click()
    expect(page.locator("main .comments")).to_contain_text(f"En kund hotade mig ({mode(tour)}).")
    tour.check("survey-comments")
    log_out(tour)


def test_a_message_from_a_business_gets_an_answer(tour):
    page = tour.page
    words = f"Två män frågar efter paket på olika namn ({mode(tour)})."
    tour.goto("/login")
    log_in(tour, "ombud.umea@example.com")
    menu(tour, "/surveys/dialogue")
    tour.check("survey-dialogue")
    with tour.step():  # nothing filled in
        page.locator("main form button[type=submit]").click()
    expect_error_at(tour, "text")
    page.locator("main input[name=category][value=pressure]").check()
    page.fill("#text", words)
    page.check("#wants_contact")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(words)
    log_out(tour)

    log_in(tour, "polis.umea@example.com")
    menu(tour, "/surveys/review")
    with tour.step():
        page.locator("main a[href$='/surveys/messages']").first.click()
    tour.check("survey-messages")
    with tour.step():  # the one message asking for an answer (the other mode's is handled)
        page.locator("main ul li", has_text="vill ha svar").locator("a").click()
    expect(page.locator("main")).to_contain_text(words)
    tour.check("survey-message")
    page.fill("#text", f"Tack! Vi kommer förbi i morgon ({mode(tour)}).")
    with tour.step():
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    with tour.step():
        page.locator("main form[action$='/handled'] button").click()
    expect(page).to_have_url(re.compile(r"/surveys/messages$"))
    log_out(tour)

    log_in(tour, "ombud.umea@example.com")
    menu(tour, "/surveys/dialogue")
    reply = page.locator("main .reply", has_text=f"Vi kommer förbi i morgon ({mode(tour)})")
    expect(reply).to_be_visible()
    log_out(tour)


def test_staff_pages_for_rounds_and_questions(tour):
    page = tour.page
    tour.goto("/login")
    log_in(tour, "polis@example.com")
    tour.goto("/surveys/questions")
    tour.check("survey-questions")
    with tour.step():  # the area's own question: the page to change or remove it
        page.locator("main a[href*='/surveys/questions/']", has_text="Ändra").first.click()
    expect(page).to_have_url(re.compile(r"/surveys/questions/\d+$"))
    expect(page.locator("main form[action$='/retire']")).to_have_count(1)
    tour.check("survey-question-edit")
    tour.goto("/surveys/questions")
    with tour.step():
        page.locator("main a[href$='/surveys/questions/new']").click()
    tour.check("survey-question-new")
    tour.goto("/surveys/messages?status=handled")
    expect(page.locator("main .tabs a[aria-current=page]")).to_have_attribute(
        "href", re.compile(r"status=handled$")
    )
    expect(page.locator("main ul.link-list li").first).to_be_visible()
    tour.check("survey-messages-handled")
    tour.goto("/surveys/rounds/new")
    tour.check("survey-new-round")
    log_out(tour)
