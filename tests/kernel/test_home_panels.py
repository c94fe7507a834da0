"""Home panels and menu badges declared in a feature's manifest, seen through a probe feature
registered in an app of its own."""

import re
import sys
from pathlib import Path

import pytest
from flask import Blueprint

from app import create_app, features, jobs, security
from app.features import Feature, HomePanel, MenuEntry
from app.security import requires

CALLS = []  # (function, user email) of every call the kernel makes to the probe


def latest_warning(user):
    CALLS.append(("latest_warning", user.email))
    return {"headline": "Fake parcels <b>from abroad</b>"}


def open_survey(user):
    CALLS.append(("open_survey", user.email))
    return {"question": "How safe do you feel?"}


def nothing_to_show(user):
    CALLS.append(("nothing_to_show", user.email))
    return None


def unread_updates(user):
    CALLS.append(("unread_updates", user.email))
    return 3


def no_pending_orders(user):
    CALLS.append(("no_pending_orders", user.email))
    return 0


class ProbeFeature(Feature):
    """A feature whose "module:function" names are found in this test module."""

    def module(self, name):
        return sys.modules[__name__]


probe_bp = Blueprint("probe", __name__, template_folder=str(Path(__file__).parent / "templates"))
probe_bp.add_url_rule("/probe/updates", "updates", requires("read_probe")(lambda: "updates"))
probe_bp.add_url_rule("/probe/orders", "orders", requires()(lambda: "orders"))

PROBE = ProbeFeature(
    name="probe",
    blueprint=probe_bp,
    models=None,
    views=None,
    capabilities={"read_probe": {"police", "admin"}},
    menu=(
        MenuEntry(
            "probe.updates", "Probe updates", "read_probe", 5, badge="queries:unread_updates"
        ),
        MenuEntry("probe.orders", "Probe orders", None, 6, badge="queries:no_pending_orders"),
    ),
    home_panels=(
        HomePanel("probe/survey.html", None, 20, context="panels:open_survey"),
        HomePanel("probe/warning.html", "read_probe", 10, context="panels:latest_warning"),
        HomePanel("probe/empty.html", None, 30, context="panels:nothing_to_show"),
    ),
)


@pytest.fixture
def probe_app(app, demo, monkeypatch):
    everything = features.features()
    monkeypatch.setattr(features, "features", lambda: (*everything, PROBE))
    with_probe = create_app(app.config)
    with_probe.test_client_class = type(app.test_client())
    CALLS.clear()
    yield with_probe
    monkeypatch.undo()
    security.register_capabilities(features.merged("capabilities"))
    jobs.init_app(app)  # jobs keep running in the suite's app


def client_of(probe_app, email):
    browser = probe_app.test_client()
    browser.login(email)
    browser.get("/language/en")
    CALLS.clear()
    return browser


def panel_order(page: str) -> list[str]:
    return re.findall(r"<h2 id=\"probe-[a-z]+\">([^<]+)</h2>", page)


def test_staff_home_shows_the_panels_their_role_may_see_in_position_order(probe_app):
    page = client_of(probe_app, "polis@example.com").get("/home").text
    assert panel_order(page) == ["Warning panel", "Survey panel"]
    assert "Fake parcels &lt;b&gt;from abroad&lt;/b&gt; for polis@example.com" in page
    assert "Empty panel" not in page  # its context answered None: nothing to show
    assert page.index("Warning panel") < page.index('id="businesses-heading"')


def test_business_home_shows_only_the_panels_for_everyone(probe_app):
    page = client_of(probe_app, "ombud@example.com").get("/home").text
    assert panel_order(page) == ["Survey panel"]
    assert page.index("Survey panel") < page.index('id="contact-routes"')
    # The panel the business may not see was never asked for its content.
    assert ("latest_warning", "ombud@example.com") not in CALLS
    assert ("open_survey", "ombud@example.com") in CALLS


def test_a_badge_shows_a_count_with_an_accessible_label(probe_app):
    page = client_of(probe_app, "polis@example.com").get("/home").text
    link = re.search(r'<a href="/probe/updates">(.*?)</a>', page).group(1)
    assert link == (
        'Probe updates <span class="badge" aria-hidden="true">3</span>'
        '<span class="visually-hidden"> (3 new)</span>'
    )
    assert ("unread_updates", "polis@example.com") in CALLS
    assert '<a href="/probe/orders">Probe orders</a>' in page  # a count of 0 shows nothing


def test_a_badge_reads_in_swedish(probe_app):
    browser = client_of(probe_app, "polis@example.com")
    browser.get("/language/sv")
    assert '<span class="visually-hidden"> (3 nya)</span>' in browser.get("/home").text


def test_a_badge_is_counted_only_for_the_roles_that_see_its_entry(probe_app):
    page = client_of(probe_app, "ombud@example.com").get("/home").text
    assert "/probe/updates" not in page
    assert [call for call in CALLS if call[0] == "unread_updates"] == []
    assert ("no_pending_orders", "ombud@example.com") in CALLS


def test_menu_entries_keep_their_position_across_features(probe_app):
    page = client_of(probe_app, "polis@example.com").get("/home").text
    nav = re.search(r'<nav class="main-nav".*?</nav>', page, re.DOTALL).group(0)
    hrefs = re.findall(r'<a href="([^"]+)"', nav)
    assert hrefs[:3] == ["/home", "/probe/updates", "/probe/orders"]
