"""The Tour: a Playwright page plus the checks every journey gets for free.

- `tour.step(...)` wraps one user action and asserts how the browser got the answer: with
  JavaScript, HTMX requests (header `HX-Request`) and no full page load; without JavaScript,
  a plain page load. Links marked `hx-boost="false"` are full loads in both modes.
- `tour.check(label)` records a visited page: screenshots at 360x740 and 1280x800 into
  tests/browser/screenshots/, and (JavaScript on) axe-core with the WCAG 2.1 A/AA tags.
- At the end of each test: no Content-Security-Policy violation, no JavaScript error and no
  failed (5xx) answer was seen.

The CSP forbids eval and inline scripts, but Playwright's `evaluate` runs through the DevTools
protocol, which the page's CSP does not govern; axe is injected that way, so no context needs
`bypass_csp`. `evaluate` hangs when JavaScript is disabled, so it is only used with it on.
"""

import re
import signal
from contextlib import contextmanager
from pathlib import Path

SCREENSHOTS = Path(__file__).parent / "screenshots"
SIZES = [(360, 740), (1280, 800)]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_TIMEOUT = 30  # seconds

# Pages already checked by axe in this run (label -> URL); one check per page state.
_axe_done: dict[str, str] = {}
_shots_done: set[tuple[str, int]] = set()


def axe_run(page) -> list[dict]:
    """axe-core on the page as it is now; the violations. Raises after AXE_TIMEOUT seconds."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

    def give_up(signum, frame):
        raise TimeoutError(f"axe did not finish within {AXE_TIMEOUT} s on {page.url}")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(AXE_TIMEOUT)
    try:
        results = Axe().run(page, options=options)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


def is_htmx(request) -> bool:
    """Whether HTMX made the request (a redirect it followed keeps the original's headers,
    which Playwright reports on the first request of the chain only)."""
    while request.redirected_from is not None:
        request = request.redirected_from
    return request.headers.get("hx-request") == "true"


class Tour:
    def __init__(self, page, js: bool, name: str):
        self.page = page
        self.js = js
        self.name = name
        self.requests = []
        self.problems = []
        page.on("request", lambda request: self.requests.append(request))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message):
        text = message.text
        if text.startswith("Failed to load resource"):
            return  # 4xx answers are expected in journeys; 5xx are caught in _response
        if message.type == "error" or "Content Security Policy" in text:
            self.problems.append(f"console {message.type} on {self.page.url}: {text[:200]}")

    def _response(self, response):
        if response.status >= 500:
            self.problems.append(f"{response.status} from {response.url}")

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems)

    # ---------------------------------------------------------------- navigation

    def goto(self, path: str, status: int = 200):
        with self.step(htmx=False):
            response = self.page.goto(path)
        assert response is not None and response.status == status, (path, response)
        return response

    @contextmanager
    def step(self, htmx: bool = True):
        """Wrap an action (click, submit). htmx: whether, with JavaScript on, HTMX should answer
        it (boosted links and forms) instead of a page load. Waits until the answer is shown."""
        start = len(self.requests)
        if self.js and htmx:
            # The final answer (a redirect is followed inside the same HTMX request).
            with self.page.expect_response(
                lambda r: is_htmx(r.request) and not 300 <= r.status < 400
            ):
                yield
        else:
            with self.page.expect_navigation():
                yield
        self.page.wait_for_load_state("load")
        if self.js:
            # HTMX marks elements while it swaps and settles; wait until it is done.
            self.page.locator(".htmx-request, .htmx-swapping, .htmx-settling").first.wait_for(
                state="detached"
            )
        made = self.requests[start:]
        documents = [r for r in made if r.resource_type == "document"]
        if self.js and htmx:
            assert any(r.headers.get("hx-request") == "true" for r in made), [r.url for r in made]
            assert not documents, f"a full page load instead of an HTMX swap: {documents}"
        else:
            assert documents, "expected a page load"
            assert not any(is_htmx(r) for r in made)

    # ---------------------------------------------------------------- checks per page

    def check(self, label: str):
        """Screenshots of the page as it is now, and axe (JavaScript on)."""
        page = self.page
        mode = "js" if self.js else "nojs"
        SCREENSHOTS.mkdir(exist_ok=True)
        viewport = page.viewport_size
        for width, height in SIZES:
            # One picture per page state: the first run (JavaScript on) takes it; without
            # JavaScript the server sends the same page.
            if (label, width) in _shots_done:
                continue
            _shots_done.add((label, width))
            key = f"{label}-{mode}-{width}x{height}"
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=str(SCREENSHOTS / f"{key}.png"), full_page=True)
        page.set_viewport_size(viewport)
        if self.js and label not in _axe_done:
            _axe_done[label] = page.url
            violations = axe_run(page)
            assert not violations, f"axe on {label} ({page.url}):\n{describe(violations)}"

    # ---------------------------------------------------------------- small helpers

    def heading(self) -> str:
        return self.page.locator("main h1").first.inner_text().strip()

    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url)
