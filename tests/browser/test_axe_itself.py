"""The accessibility check can fail: axe, run the way the journeys run it, reports a known
violation (so zero violations elsewhere means something)."""

from harness import axe_run


def test_axe_reports_a_known_violation(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="x.png">'
        '<a href="/a"></a><p style="color:#bbb;background:#fff">faint</p></main></html>'
    )
    found = {v["id"] for v in axe_run(page)}
    context.close()
    assert {"image-alt", "link-name", "color-contrast"} <= found, found
