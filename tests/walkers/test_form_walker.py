"""The form walker: every form each demo account (and an anonymous visitor) can reach is sent
with hostile values. No 500, no unescaped echo, and a refused submit changes no row.

Forms are found by crawling (crawler.py), so the forms of new features are covered as they
land. Logout forms are skipped, and forms with nothing to fill in (a bare action button) are
not sent: with a real CSRF token they would just do their action.
"""

import pytest
from conftest import DEMO_ACCOUNTS, DEMO_PASSWORD
from crawler import crawl, local_path

from app.audit.models import AuditEntry
from app.models import MODELS

SCRIPT = '<script>alert("walker")</script>'
HOSTILE = {
    "long": "x" * 5000,
    "control": "a\x00b\x07c\x1bd",
    "script": SCRIPT,
    "sql": "' OR 1=1; DROP TABLE user; --",
    "wrong-type": "abc",
    "number-overflow": "-99999999999999999999999",
    "empty": "",
}
SKIP_ACTIONS = ("/logout", "/language/")


# A refused password or code is itself recorded (docs/design.md: failures are audited).
REFUSALS_RECORDED = ("login_failed", "code_failed", "account_locked")


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model.select().count() for model in MODELS}
    counts["AuditEntry"] = (
        AuditEntry.select().where(AuditEntry.action.not_in(REFUSALS_RECORDED)).count()
    )
    return counts


def hostile_data(form, value, csrf_token) -> dict:
    data = {}
    for name, kind, original, _options in form.fields:
        if name == "csrf_token":
            data[name] = csrf_token or original
        elif kind == "submit":
            data[name] = original
        else:
            data[name] = value
    return data


def fillable(form) -> bool:
    return any(kind != "submit" and name != "csrf_token" for name, kind, _, _ in form.fields)


def walk_forms(app, client, starts, relogin=None):
    pages = crawl(app, client, starts, relogin)
    assert pages, "the crawl found no page"
    forms = {}
    for page in pages.values():
        for form in page.forms:
            action = local_path(form.action)
            if action is None or action.startswith(SKIP_ACTIONS) or not fillable(form):
                continue
            forms.setdefault(form.signature(), form)
    sent, problems = 0, []
    for form in forms.values():
        action = local_path(form.action)
        for kind, value in HOSTILE.items():
            token = next((v for n, _, v, _ in form.fields if n == "csrf_token"), None)
            data = hostile_data(form, value, token)
            before = row_counts()
            if form.method == "post":
                response = client.post(action, data=data, csrf=False)
            else:
                response = client.get(action, query_string=data)
            where = f"{form.method.upper()} {action} ({kind}) from {form.page}"
            if response.status_code >= 500:
                problems.append(f"{response.status_code} on {where}")
            if SCRIPT in response.get_data(as_text=True):
                problems.append(f"unescaped echo on {where}")
            if response.status_code >= 400:
                after = row_counts()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                if changed:
                    problems.append(f"a refused submit changed rows {changed}: {where}")
            sent += 1
            if relogin and client.get("/home").status_code != 200:
                relogin()
    # The hostile text stored by accepted submits is shown escaped everywhere.
    for page in crawl(app, client, starts, relogin).values():
        if SCRIPT in page.text:
            problems.append(f"unescaped stored text on {page.path}")
    assert not problems, "\n".join(problems)
    return sent


@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_every_form_refuses_hostile_values(app, login, email):
    client = login(email)

    def relogin():
        client.login(email, DEMO_PASSWORD)
        return True

    assert walk_forms(app, client, ["/home"], relogin) > 0


def test_every_public_form_refuses_hostile_values(app, demo, client):
    assert walk_forms(app, client, ["/", "/login"]) > 0
