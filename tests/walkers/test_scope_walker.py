"""The scope walker: every URL one demo account reaches is requested by every other account
and anonymously. The answer is a refusal (403, 404, or the login page for anonymous visitors)
unless the page is one the other account reaches itself or one everyone reaches; and no page
shows the names of objects outside the viewer's scope.

Decided by route, not by lists of URLs: a URL with arguments (an object id or slug) that the
viewer's own crawl did not reach must be refused; a URL without arguments is fine when the
viewer's crawl reached the same endpoint. Names come from every model in app.models.MODELS that
is scoped (`scope` attribute) and has a `name` field, through `app.security.scoped`, so new
features' objects are covered as they land.
"""

import html
import re
from functools import cache

import pytest
from conftest import DEMO_ACCOUNTS
from crawler import crawl

from app.accounts.models import User
from app.businesses.models import Business
from app.models import MODELS
from app.security import scoped

ANONYMOUS = "anonymous"


def named_models():
    return [m for m in MODELS if hasattr(m, "scope") and "name" in m._meta.fields]


def names_outside_scope(email) -> set[str]:
    """Names of scoped objects this account may not see (empty for the administrator).
    Names the public pages show (police areas) are left out by the callers."""
    user = User.get(User.email == email)
    hidden = set()
    for model in named_models():
        visible = {row.name for row in scoped(model, user)}
        hidden |= {row.name for row in model.select()} - visible
    return hidden


@cache
def word(name: str):
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def shown(names, text) -> list[str]:
    text = html.unescape(text)
    return sorted(n for n in names if n and word(n).search(text))


def public_names(reached) -> set[str]:
    """Names of scoped objects that the public pages show (the police areas, say)."""
    everything = {row.name for model in named_models() for row in model.select()}
    return {name for page in reached[ANONYMOUS].values() for name in shown(everything, page.text)}


@pytest.fixture
def maps(app, login, client):
    """account -> {path: Page} for every demo account and the anonymous visitor, and the
    logged-in clients."""
    clients = {email: login(email) for email in DEMO_ACCOUNTS}
    clients[ANONYMOUS] = client
    reached = {}
    for who, browser in clients.items():
        starts = ["/", "/login"] if who == ANONYMOUS else ["/home"]
        reached[who] = crawl(app, browser, starts)
    return clients, reached


def test_no_account_reaches_what_another_scope_holds(app, maps):
    clients, reached = maps
    public_endpoints = {page.endpoint for page in reached[ANONYMOUS].values()}
    public = public_names(reached)
    problems = []
    for owner, pages in reached.items():
        for path, page in pages.items():
            for viewer, browser in clients.items():
                if viewer == owner:
                    continue
                own = reached[viewer]
                for_everyone = (
                    path in reached[ANONYMOUS]
                    or (page.endpoint in public_endpoints and not page.view_args)
                    # A @public view answers everyone by design (a link handed out on paper).
                    or getattr(app.view_functions[page.endpoint], "public", False)
                )
                if path in own or for_everyone:
                    continue  # the viewer reaches it too, or everyone does
                allowed = not page.view_args and any(
                    p.endpoint == page.endpoint for p in own.values()
                )
                response = browser.get(path)
                status = response.status_code
                if viewer == ANONYMOUS:
                    ok = status in (302, 303) and "/login" in response.location
                    ok = ok or status in (403, 404) or (path in own)
                elif allowed:
                    ok = status in (200, 302, 303, 403, 404)
                else:
                    ok = status in (403, 404)
                if not ok:
                    problems.append(f"{viewer} got {status} on {path} (reached by {owner})")
                elif status == 200 and viewer != ANONYMOUS and response.mimetype == "text/html":
                    hidden = names_outside_scope(viewer) - public  # (a download is no page)
                    leaked = shown(hidden, response.get_data(as_text=True))
                    if leaked:
                        problems.append(f"{viewer} sees {leaked} on {path}")
    assert not problems, "\n".join(problems)


def test_no_page_shows_names_outside_the_viewers_scope(app, maps):
    _clients, reached = maps
    public = public_names(reached)
    problems = []
    for who, pages in reached.items():
        if who == ANONYMOUS:
            # No public list of connected sites: no business is named on a public page.
            names = {b.name for b in Business.select()}
        else:
            names = names_outside_scope(who) - public
        for path, page in pages.items():
            leaked = shown(names, page.text)
            if leaked:
                problems.append(f"{who} sees {leaked} on {path}")
    assert not problems, "\n".join(problems)


def test_the_crawl_finds_pages_for_everyone(maps):
    _clients, reached = maps
    for who, pages in reached.items():
        assert len(pages) >= (1 if who == ANONYMOUS else 2), (who, list(pages))
