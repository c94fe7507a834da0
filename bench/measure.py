"""In-process measurements of one page: gzip weights, queries per request, server time.

Shared by `make bench` (on the national dataset) and the normal test suite (tests/bench/).
"""

import gzip
import re
import statistics
import time

from app.db import count_queries

GZIP_LEVEL = 6  # what nginx and most servers use for text
ASSET_PATTERNS = (
    re.compile(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"'),
    re.compile(r'<script[^>]*src="([^"]+)"'),
)
TOKEN_PATTERNS = (
    re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'),
    re.compile(r'name="csrf_token" value="([^"]+)"'),
)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def assets(html: str) -> list[str]:
    """The CSS and JS a page references (what a first view downloads besides the HTML)."""
    return [m.group(1).replace("&amp;", "&") for p in ASSET_PATTERNS for m in p.finditer(html)]


def csrf_token(html: str) -> str:
    for pattern in TOKEN_PATTERNS:
        match = pattern.search(html)
        if match:
            return match.group(1)
    raise ValueError("no CSRF token on the page")


def login(client, email: str, password: str) -> None:
    """Log a Flask test client in through the real form."""
    page = client.get("/login").text
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_token(page)}
    )
    if response.status_code != 303:
        raise RuntimeError(f"login as {email} answered {response.status_code}")


def weigh(client, path: str, headers: dict | None = None, samples: int = 0) -> dict:
    """Status, HTML bytes (raw, gzip), first-view bytes gzip (HTML + CSS + JS), queries per
    request and, with samples > 0, server time p50/p95 and CPU time per request in
    milliseconds."""
    client.get(path, headers=headers)  # warm: templates compiled, last_seen written
    with count_queries() as queries:
        response = client.get(path, headers=headers)
    body = response.get_data()
    html_gz = gzip_size(body)
    first_view = html_gz
    asset_sizes = {}
    is_html = response.mimetype == "text/html"
    if is_html and b"<html" in body[:200].lower():
        for url in assets(response.get_data(as_text=True)):
            asset = client.get(url)
            asset_sizes[url.split("?")[0]] = gzip_size(asset.get_data())
            asset.close()
        first_view += sum(asset_sizes.values())
    result = {
        "status": response.status_code,
        "html_bytes": len(body),
        "html_gzip": html_gz,
        "first_view_gzip": first_view if asset_sizes else None,
        "assets_gzip": asset_sizes,
        "queries": len(queries),
        "sql": queries,
    }
    if samples:
        times = []
        cpu_started = time.process_time()
        for _ in range(samples):
            started = time.perf_counter()
            client.get(path, headers=headers).close()
            times.append((time.perf_counter() - started) * 1000)
        result["cpu_ms"] = (time.process_time() - cpu_started) * 1000 / samples
        times.sort()
        result["server_ms_p50"] = statistics.median(times)
        result["server_ms_p95"] = times[max(0, round(0.95 * len(times)) - 1)]
    return result
