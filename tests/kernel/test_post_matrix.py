"""Every state-changing route against every kind of caller that must not use it: anonymous
visitors go to login, other roles get 403, staff of another area 404; nothing changes."""


from app.accounts.models import User
from app.areas.models import Area
from app.businesses.models import Business
from app.joining.models import JoinRequest
from app.models import MODELS
from app.prospects.models import Prospect

# Routes anyone may post to (their own checks are tested with their features).
OPEN = {
    "joining.join",
    "accounts.login",
    "accounts.login_code",
    "accounts.logout",
    "accounts.forgot_password",
    "accounts.reset_password",
    "accounts.accept_invitation",
    "accounts.change_password",
    "accounts.two_factor",
}
# Who may use each guarded route; everyone else is refused.
ALLOWED = {
    "admin.": {"admin@example.com"},
    # Every business on its own team (other businesses' people: tests/businesses).
    "businesses.team": {"ombud@example.com", "terminal@example.com", "ombud.umea@example.com"},
    "businesses.": {"polis@example.com", "kommun@example.com", "admin@example.com"},
    "joining.": {"polis@example.com", "kommun@example.com", "admin@example.com"},
    # Adding a site needs no object: every area's staff may, in their own area.
    "prospects.new": {
        "polis@example.com",
        "kommun@example.com",
        "admin@example.com",
        "polis.umea@example.com",
    },
    "prospects.": {"polis@example.com", "kommun@example.com", "admin@example.com"},
}
# Routes whose object is in Sundsvall: staff who may use them elsewhere get 404 here.
SCOPED = (
    "businesses.invite",
    "businesses.remove",
    "businesses.suspend",
    "businesses.reinstate",
    "joining.",
    "prospects.",
)
CALLERS = [
    None,
    "ombud@example.com",
    "terminal@example.com",
    "tull@example.com",
    "lansstyrelsen@example.com",
    "polis.umea@example.com",
    "ombud.umea@example.com",
    "polis@example.com",
    "kommun@example.com",
    "admin@example.com",
]


def allowed(endpoint):
    for prefix, emails in ALLOWED.items():
        if endpoint.startswith(prefix):
            return emails
    raise AssertionError(f"{endpoint}: add it to ALLOWED or OPEN")


def sundsvall_urls(app):
    """Each guarded POST route, filled with ids of objects in Sundsvall."""
    ids = {
        "business_id": Business.get(Business.name == "Kiosken Stenstan").id,
        "user_id": User.get(User.email == "terminal@example.com").id,
        "request_id": JoinRequest.get(JoinRequest.business_name == "Nacksta Servicebutik").id,
        "prospect_id": Prospect.get(Prospect.name == "Birsta Paketombud").id,
        "row_id": Area.get(Area.slug == "sundsvall").id,
        "section": "areas",
    }
    staff_user = User.get(User.email == "polis@example.com").id
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in OPEN:
            continue
        values = {name: ids[name] for name in rule.arguments}
        if rule.endpoint.startswith("admin.") and "user_id" in values:
            values["user_id"] = staff_user
        if rule.endpoint == "businesses.remove_person":
            values["user_id"] = User.get(User.email == "ombud@example.com").id
        urls.append((rule.endpoint, rule.build(values)[1]))
    return urls


def row_counts():
    return {
        m.__name__: m.select().count()
        for m in MODELS
        if m.__name__ not in ("Session", "AuditEntry")
    }


def test_every_guarded_post_refuses_the_wrong_caller(app, demo, login):
    urls = sundsvall_urls(app)
    assert len(urls) >= 18
    clients = {email: (login(email) if email else app.test_client()) for email in CALLERS}
    for email, client in clients.items():
        for endpoint, url in urls:
            if email in allowed(endpoint):
                continue
            before = row_counts()
            response = client.post(url, data={"name": "x", "reason": "x", "email": "x@example.com"})
            if email is None:
                assert response.status_code == 302 and "/login" in response.headers["Location"], (
                    url,
                )
            elif email == "polis.umea@example.com" and endpoint.startswith(SCOPED):
                assert response.status_code == 404, (email, url, response.status_code)
            else:
                assert response.status_code in (403, 404), (email, url, response.status_code)
            assert row_counts() == before, (email, url)
    assert Business.get(Business.name == "Kiosken Stenstan").status == "active"
