from app.htmx import render


def template_response(app, headers):
    with app.test_request_context("/", headers=headers):
        return render("errors/error.html", block="error", code=404, title="T", message="M")


def test_htmx_request_gets_only_the_named_block(app):
    body = template_response(app, {"HX-Request": "true"}).get_data(as_text=True)
    assert body.strip().startswith('<div class="error-page"')
    assert "<html" not in body


def test_plain_boosted_and_history_requests_get_the_whole_page(app):
    for headers in (
        {},
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    ):
        body = template_response(app, headers).get_data(as_text=True)
        assert "<html" in body and '<div class="error-page"' in body


def test_every_answer_varies_on_hx_request(app):
    assert "HX-Request" in template_response(app, {}).headers["Vary"]


def test_errors_inside_htmx_requests_come_as_fragments(client):
    response = client.get("/no-such-page", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert "<html" not in response.text and 'role="alert"' in response.text


def test_htmx_posts_carry_the_csrf_token_from_the_main_element(login):
    browser = login("ombud@example.com")
    page = browser.get("/home").text
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    response = browser.post(
        "/logout", data={}, csrf=False, headers={"X-CSRFToken": token, "HX-Request": "true"}
    )
    assert response.status_code == 303


def test_paginate_runs_two_queries_and_paginate_uncounted_one(demo):
    from app.businesses.models import Business
    from app.db import count_queries, paginate, paginate_uncounted

    query = Business.select().order_by(Business.name)
    with count_queries() as queries:
        page = paginate(query, 1, per_page=2, count_query=Business.select())
    assert len(queries) == 2 and page.total == 3 and len(page.items) == 2 and page.has_next
    with count_queries() as queries:
        page = paginate_uncounted(query, 2, per_page=2)
    assert len(queries) == 1 and len(page.items) == 1 and not page.has_next and page.has_previous
