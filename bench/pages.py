"""What the benchmark requests: one line per page or HTMX fragment.

A feature adds its pages as `PAGES` in its module of bench/parts/ (list, detail, each fragment
route such as `/businesses/?q=…`, public pages as `account=None`). `account` is the demo account
that requests the page (None: anonymous); `headers` marks HTMX requests: FRAGMENT for a
fragment swap (the view answers its named block), BOOSTED for hx-boost navigation.
`dashboard=True` marks staff dashboards (budget p95 ≤ 100 ms on the national dataset).
"""

from dataclasses import dataclass, field

FRAGMENT = {"HX-Request": "true"}
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}

BUSINESS = "ombud@example.com"
POLICE = "polis@example.com"
MUNICIPALITY = "kommun@example.com"
CUSTOMS = "tull@example.com"
COUNTY = "lansstyrelsen@example.com"
ADMIN = "admin@example.com"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    account: str | None = None
    headers: dict = field(default_factory=dict)
    dashboard: bool = False


# The throughput references (each ≥ 25 % of bare Flask): the logged-in business home page and
# a staff list page (the police's requests to join).
REFERENCES = ("home business", "requests to join")

KERNEL_PAGES = [
    Page("login", "/login"),
    Page("healthz", "/healthz"),
    Page("home business", "/home", BUSINESS),
    Page("home business (boosted)", "/home", BUSINESS, BOOSTED),
    Page("home police", "/home", POLICE, dashboard=True),
    Page("home police (boosted)", "/home", POLICE, BOOSTED, dashboard=True),
    Page("home municipality", "/home", MUNICIPALITY, dashboard=True),
    Page("home customs", "/home", CUSTOMS, dashboard=True),
    Page("home county", "/home", COUNTY, dashboard=True),
    Page("home admin", "/home", ADMIN, dashboard=True),
    Page("account password", "/account/password", BUSINESS),
    Page("account password (boosted)", "/account/password", POLICE, BOOSTED),
    Page("areas (public)", "/"),
    Page("area page (public)", "/sundsvall/"),
    Page("counter card (public)", "/sundsvall/counter-card"),
    Page("join form (public)", "/sundsvall/join"),
    Page("businesses", "/businesses/", POLICE, dashboard=True),
    Page("businesses search (fragment)", "/businesses/?q=kiosk", MUNICIPALITY, FRAGMENT),
    Page("businesses all (admin)", "/businesses/?page=3", ADMIN, dashboard=True),
    Page("requests to join", "/join-requests/", POLICE, dashboard=True),
    Page("contact network", "/network/", MUNICIPALITY, dashboard=True),
    Page("audit log", "/audit/", POLICE, dashboard=True),
    Page("audit log (admin)", "/audit/", ADMIN, dashboard=True),
    Page("team", "/team/", BUSINESS),
    Page("staff accounts", "/admin/staff/", ADMIN),
]


def _all_pages() -> list[Page]:
    from bench.parts import collect

    return [*KERNEL_PAGES, *collect("PAGES")]


PAGES = _all_pages()
