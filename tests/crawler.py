"""A small crawler over the Flask test client, shared by the form and scope walkers.

It follows same-site links (GET only) from the start pages, at most PER_ENDPOINT distinct URLs
per endpoint and MAX_PAGES in all, so new pages are found as features land while the crawl
stays bounded however much data there is.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException

MAX_PAGES = 300
PER_ENDPOINT = 6
SKIP_PREFIXES = ("/logout", "/language/", "/static/")


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)  # (name, kind, value, options)
    page: str = ""

    def signature(self):
        return (self.method, self.action, tuple((n, k) for n, k, _, _ in self.fields))


class PageParser(HTMLParser):
    """Links and forms of one page (inputs, selects with their options, textareas, buttons)."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            action = urljoin(self.url, a.get("action") or self.url)
            self._form = Form(
                action=action, method=(a.get("method") or "get").lower(), page=self.url
            )
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            if tag == "input":
                kind = (a.get("type") or "text").lower()
                if kind in ("checkbox", "radio") and any(
                    n == a["name"] for n, *_ in self._form.fields
                ):
                    return
                self._form.fields.append((a["name"], kind, a.get("value", ""), []))
            elif tag == "textarea":
                self._form.fields.append((a["name"], "textarea", "", []))
            elif tag == "select":
                self._select = (a["name"], "select", "", [])
                self._form.fields.append(self._select)
            elif tag == "button" and (a.get("type") or "submit") == "submit":
                self._form.fields.append((a["name"], "submit", a.get("value", ""), []))
        if tag == "option" and self._select is not None:
            self._select[3].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def local_path(url: str) -> str | None:
    """The path and query of a same-site URL, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "localhost"):
        return None
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def endpoint_of(app, path: str):
    """(endpoint, view_args) of a path, or (None, {}) when no route matches."""
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(urlsplit(path).path, method="GET")
    except HTTPException:
        return None, {}


@dataclass
class Page:
    path: str
    endpoint: str
    view_args: dict
    status: int
    text: str
    forms: list


def crawl(app, client, starts, relogin=None) -> dict[str, Page]:
    """Every page reachable from `starts`; `relogin()` is called when the client finds itself
    sent to the login page (a walker's own submit may have ended the session)."""
    seen: dict[str, Page] = {}
    per_endpoint: dict[str, int] = {}
    queue = list(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP_PREFIXES):
            continue
        endpoint, view_args = endpoint_of(app, path)
        if endpoint is None or endpoint == "static":
            continue
        if per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        response = client.get(path)
        sent_to_login = response.status_code in (302, 303) and "/login" in response.location
        if relogin and sent_to_login and not path.startswith("/login") and relogin():
            response = client.get(path)
        assert response.status_code < 500, f"{response.status_code} on GET {path}"
        if response.status_code in (301, 302, 303, 307, 308):
            target = local_path(urljoin("http://localhost" + path, response.location))
            if target:
                queue.append(target)
            continue
        text = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        parser = PageParser("http://localhost" + path)
        parser.feed(text)
        seen[path] = Page(path, endpoint, view_args, response.status_code, text, parser.forms)
        for link in parser.links:
            target = local_path(link)
            if target and target not in seen:
                queue.append(target)
    return seen
