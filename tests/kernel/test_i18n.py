def test_swedish_is_the_default(client):
    page = client.get("/login").text
    assert '<html lang="sv">' in page
    assert "Logga in" in page


def test_browser_language_is_used_when_nothing_is_chosen(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_language_switch_is_remembered_for_the_session(client):
    response = client.get("/language/en?next=/login")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert '<html lang="en">' in client.get("/login", headers={"Accept-Language": "sv"}).text


def test_language_switch_refuses_foreign_redirects(client):
    response = client.get("/language/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    client.get("/language/xx")
    assert '<html lang="sv">' in client.get("/login").text


def test_a_get_switches_the_session_and_the_account_keeps_it_at_logout(login, db):
    """GET /language/… writes nothing but the session (a link anyone can send must not change
    an account); the choice reaches the account when its user logs out."""
    from app.accounts.models import User

    browser = login("polis@example.com")
    browser.get("/language/en")
    assert '<html lang="en">' in browser.get("/home").text
    assert User.get(User.email == "polis@example.com").language == ""
    browser.post("/logout", data={})
    assert User.get(User.email == "polis@example.com").language == "en"
    fresh = login("polis@example.com")
    assert '<html lang="en">' in fresh.get("/home", headers={"Accept-Language": "sv"}).text


def test_numbers_are_localised(login, db):
    from app.businesses.models import Business

    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    Business.insert_many(
        [
            {
                "name": f"B{i}",
                "site_type": "paketombud",
                "area": kiosk.area_id,
                "municipality": kiosk.municipality_id,
            }
            for i in range(1200)
        ]
    ).execute()
    browser = login("admin@example.com")
    swedish = browser.get("/home").text
    assert "1\xa0203" in swedish  # 1 203 active businesses, Swedish digit grouping
    browser.get("/language/en")
    assert "1,203" in browser.get("/home").text


def test_language_chosen_before_login_is_kept_after_it(login, db):
    from app.accounts.models import User

    browser = login("kommun@example.com")
    browser.get("/language/sv")
    browser.post("/logout", data={})
    browser.get("/language/en")
    browser.login("kommun@example.com")
    assert '<html lang="en">' in browser.get("/home").text
    assert User.get(User.email == "kommun@example.com").language == "en"
