"""Keyboard-only use: Tab reaches every control in document order, the focused control has a
visible focus style, and the form can be sent with the keyboard alone. Computed styles need
JavaScript (Playwright's evaluate), so these run with it on."""

import re

import pytest
from playwright.sync_api import expect

PASSWORD = "demo-password-2026"
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
)

NUMBER_CONTROLS = """(selector) => {
  const all = Array.from(document.querySelectorAll(selector))
    .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
  all.forEach((e, i) => { e.dataset.kb = String(i); });
  return all.map((e) => e.outerHTML.slice(0, 120));
}"""
FOCUS_STYLE = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {kb: e.dataset.kb ?? null, tag: e.outerHTML.slice(0, 120),
          outline: s.outlineStyle === 'none' ? 'none' : s.outlineStyle + ' ' + s.outlineWidth,
          shadow: s.boxShadow};
}"""
RESTING_STYLES = """() => {
  document.activeElement.blur();
  return Array.from(document.querySelectorAll('[data-kb]')).map((e) => {
    const s = getComputedStyle(e);
    return {outline: s.outlineStyle === 'none' ? 'none' : s.outlineStyle + ' ' + s.outlineWidth,
            shadow: s.boxShadow};
  });
}"""


def assert_keyboard_walk(page, from_top=True):
    """Tab visits every visible control once, in document order, each with a focus style it
    does not have at rest. From the top of a fresh page, or onwards from where focus is."""
    controls = page.evaluate(NUMBER_CONTROLS, FOCUSABLE)
    assert controls
    seen = []
    for _ in range(len(controls) + 1):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUS_STYLE))
        if seen[-1]["kb"] == str(len(controls) - 1):
            break
    order = [s["kb"] for s in seen]
    first = 0 if from_top else int(order[0])
    assert order == [str(i) for i in range(first, len(controls))], (order, controls)
    resting = page.evaluate(RESTING_STYLES)[first:]
    for focused, rest, html in zip(seen, resting, controls[first:], strict=True):
        visible = focused["outline"] != "none" or focused["shadow"] != "none"
        changed = (focused["outline"], focused["shadow"]) != (rest["outline"], rest["shadow"])
        assert visible and changed, f"no visible focus on {html}: {focused} at rest {rest}"
    return controls[first:]


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_login_form_by_keyboard(page):
    page.goto("/login")
    assert_keyboard_walk(page)
    page.goto("/login")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "email":
            break
    page.keyboard.type("terminal@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/home$"))


def test_change_password_form_by_keyboard(page):
    page.goto("/login")
    page.fill("#email", "lansstyrelsen@example.com")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/home$"))
    page.goto("/account/password")
    assert_keyboard_walk(page)
    # Sent with Enter and wrong values: the error summary takes the focus.
    page.locator("#current").focus()
    page.keyboard.type("not my password")
    page.keyboard.press("Enter")
    expect(page.locator("main .form-errors")).to_be_focused()
    # From the error summary, Tab goes on to the first field and through the rest of the page.
    walked = assert_keyboard_walk(page, from_top=False)
    assert 'id="current"' in walked[0], walked[0]
