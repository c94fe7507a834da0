"""Page weight (docs/design.md, "Budgets"): every page the demo accounts reach has HTML ≤ 14 KB gzip
and a first view (HTML + CSS + JS, htmx included) ≤ 40 KB gzip.

The pages are found by following the links from each account's start page, so new pages are
covered as soon as the menu or a page links to them; HTMX requests come from bench/pages.py.
"""

import re
from urllib.parse import urljoin

import pytest
from conftest import DEMO_ACCOUNTS

from bench.measure import weigh
from bench.pages import PAGES

HTML_BUDGET = 14 * 1024
FIRST_VIEW_BUDGET = 40 * 1024
MAX_PAGES_PER_ACCOUNT = 60
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
SKIP = ("/static/", "/language/")


def crawl(client, start: list[str]) -> dict[str, dict]:
    """Weigh every same-site page reachable by links from `start`."""
    seen, queue, weights = set(start), list(start), {}
    while queue and len(weights) < MAX_PAGES_PER_ACCOUNT:
        path = queue.pop(0)
        result = weigh(client, path)
        assert result["status"] < 500, f"{path}: {result['status']}"
        if result["status"] != 200:
            continue
        response = client.get(path)
        if response.mimetype != "text/html":  # a download (an export, a PDF): not a page
            continue
        weights[path] = result
        html = response.get_data(as_text=True)
        for link in LINK.findall(html):
            target = urljoin(path, link.replace("&amp;", "&"))
            if target not in seen and not target.startswith(SKIP):
                seen.add(target)
                queue.append(target)
    return weights


def check(weights: dict, who: str) -> None:
    for path, w in weights.items():
        assert w["html_gzip"] <= HTML_BUDGET, f"{who} {path}: HTML {w['html_gzip']} B gzip"
        if w["first_view_gzip"] is not None:
            assert w["first_view_gzip"] <= FIRST_VIEW_BUDGET, (
                f"{who} {path}: first view {w['first_view_gzip']} B gzip"
            )


@pytest.mark.parametrize("email", sorted(DEMO_ACCOUNTS))
def test_pages_of_each_demo_account_are_light(login, email):
    browser = login(email)
    weights = crawl(browser, ["/home"])
    assert "/home" in weights and weights["/home"]["first_view_gzip"] is not None
    check(weights, email)


def test_anonymous_pages_are_light(client, demo):
    weights = crawl(client, ["/login", "/password/forgot"])
    assert "/login" in weights
    check(weights, "anonymous")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_benchmarked_requests_are_light(app, demo, page):
    browser = app.test_client()
    if page.account:
        browser.login(page.account)
    w = weigh(browser, page.path, page.headers)
    assert w["status"] == 200
    check({page.path: w}, page.name)
