import pytest
from werkzeug.datastructures import MultiDict

from app import create_app


def test_healthz_answers_ok_after_a_real_query(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_start_page_lists_the_areas_and_offers_login(client, demo):
    page = client.get("/").text
    assert 'href="/sundsvall/"' in page and 'href="/umea/"' in page
    assert 'href="/login"' in page


@pytest.mark.parametrize("path", ["/home", "/account/password"])
def test_logged_in_pages_send_anonymous_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # only behind HTTPS


def test_behind_https_every_page_keeps_to_https(app):
    secure = create_app({**app.config, "HTTPS": True})
    response = secure.test_client().get("/login", base_url="https://portal.test")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_logged_in_pages_are_not_cached(login):
    browser = login("ombud@example.com")
    assert browser.get("/home").headers["Cache-Control"] == "no-store"


def test_page_has_skip_link_main_and_language_switch(client):
    page = client.get("/login").text
    assert 'href="#main"' in page
    assert '<main id="main"' in page
    assert 'lang="en"' in page and "/language/en" in page
    assert '<meta name="htmx-config"' in page
    assert '"allowEval":false' in page


def test_unknown_page_is_a_translated_404_without_trace(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "sv"})
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text
    assert "Traceback" not in response.text


def test_wrong_method_is_405_page(client):
    response = client.put("/login")
    assert response.status_code == 405


def test_oversized_body_is_413(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post("/login", data={"email": big, "password": "x"}, csrf=False)
    assert response.status_code == 413
    assert "Too large" in response.text or "För stort" in response.text


def test_unexpected_error_is_a_500_page_without_details(app, client, monkeypatch):
    from app.pages import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "jsonify", boom)
    response = client.get("/healthz")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "RuntimeError" not in response.text


def test_form_with_repeated_fields_does_not_crash(client):
    data = MultiDict([("email", "a@example.com"), ("email", "b@example.com"), ("password", "x")])
    response = client.post("/login", data=data)
    assert response.status_code in (422, 200)


def test_pooled_connections_serve_one_thread_after_another(app):
    """Threaded workers: a connection returned to the pool by one thread serves the next."""
    import threading

    from app.db import database

    errors = []

    def request_like():
        try:
            database.connect(reuse_if_open=True)
            database.execute_sql("SELECT 1").fetchone()
            database.close()
        except Exception as error:  # reported below, from the main thread
            errors.append(error)

    for _ in range(3):
        worker = threading.Thread(target=request_like)
        worker.start()
        worker.join()
    assert errors == []
