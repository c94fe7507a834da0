"""Every guarded route, GET and POST, against every demo account and an anonymous visitor,
built from the URL map and the capabilities the features declare: a new route is covered
without editing this file.

Each URL is filled with objects in Sundsvall. Anonymous visitors are sent to login; a role
without the route's capability gets 403; a role with it but without the object in its scope
gets 404; everyone else gets the page (GET). A refused POST changes no row.
"""

import re

import pytest
from conftest import DEMO_ACCOUNTS

from app.accounts.models import User
from app.areas.models import Area
from app.models import MODELS
from app.security import CAPABILITIES, scoped

CALLERS = [None, *DEMO_ACCOUNTS]
# Arguments that are not a model's id.
FIXED_ARGUMENTS = {"slug": "sundsvall", "code": "en", "section": "areas", "token": "x"}
# <user_id>: a person of a Sundsvall business, or in the administration a staff member.
USER_FOR_BLUEPRINT = {"admin": "polis@example.com"}


def model_for(argument: str):
    """`join_request_id` -> JoinRequest: the model whose snake-case name the argument carries."""
    wanted = argument.removesuffix("_id").replace("_", "")
    for model in MODELS:
        if model.__name__.lower() == wanted:
            return model
    return None


def sundsvall_object(model, endpoint):
    """An object of the model in Sundsvall (what polis@example.com sees), first by id."""
    police = User.get(User.email == "polis@example.com")
    query = scoped(model, police) if hasattr(model, "scope") else model.select()
    if model is User:
        blueprint = endpoint.split(".")[0]
        query = query.where(User.email == USER_FOR_BLUEPRINT.get(blueprint, "ombud@example.com"))
    row = query.order_by(model.id).first()
    assert row is not None, f"the demo data has no {model.__name__} in Sundsvall"
    return row


def guarded_urls(app, method):
    """(endpoint, url, capability, {model: id}) for every guarded route answering `method`."""
    urls = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if method not in rule.methods or not getattr(view, "guarded", False):
            continue
        values, objects = {}, {}
        for argument in rule.arguments:
            if argument in FIXED_ARGUMENTS:
                values[argument] = FIXED_ARGUMENTS[argument]
            elif argument == "row_id":  # an admin section's row: Sundsvall's area
                values[argument] = Area.get(Area.slug == "sundsvall").id
            else:
                model = model_for(argument)
                assert model is not None, f"{rule.rule}: no model is named like <{argument}>"
                values[argument] = sundsvall_object(model, rule.endpoint).id
                objects[model] = values[argument]
        urls.append((rule.endpoint, rule.build(values)[1], view.capability, objects))
    return urls


def expected_status(email, capability, objects):
    if email is None:
        return "login"
    user = User.get(User.email == email)
    if capability is not None and user.role not in CAPABILITIES[capability]:
        return 403
    for model, object_id in objects.items():
        if (
            hasattr(model, "scope")
            and not scoped(model, user).where(model.id == object_id).exists()
        ):
            return 404
    return None  # allowed


def row_counts():
    return {
        m.__name__: m.select().count()
        for m in MODELS
        if m.__name__ not in ("Session", "AuditEntry")
    }


def check(response, expected, what):
    if expected == "login":
        assert response.status_code == 302, what
        assert re.match(r"(http://localhost)?/login", response.headers["Location"]), what
    else:
        assert response.status_code == expected, (what, response.status_code)


@pytest.fixture
def callers(app, demo, as_user):
    return {email: as_user(email) for email in CALLERS}


def test_every_guarded_page_answers_each_caller_as_its_capability_and_scope_say(app, callers):
    urls = guarded_urls(app, "GET")
    assert len(urls) >= 15
    for endpoint, url, capability, objects in urls:
        for email, browser in callers.items():
            expected = expected_status(email, capability, objects)
            response = browser.get(url)
            check(response, 200 if expected is None else expected, (email, endpoint, url))


def test_every_guarded_post_refuses_the_wrong_caller_and_changes_nothing(app, callers):
    urls = guarded_urls(app, "POST")
    assert len(urls) >= 18
    for endpoint, url, capability, objects in urls:
        for email, browser in callers.items():
            expected = expected_status(email, capability, objects)
            if expected is None:
                continue  # allowed: the feature's own tests cover what it does
            before = row_counts()
            response = browser.post(
                url, data={"name": "x", "reason": "x", "email": "x@example.com"}
            )
            check(response, expected, (email, endpoint, url))
            assert row_counts() == before, (email, url)


def test_every_view_is_either_guarded_or_declared_public(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        guarded, public = getattr(view, "guarded", False), getattr(view, "public", False)
        assert guarded != public, f"{endpoint}: mark it @requires(...) or @public"
        if guarded and view.capability is not None:
            assert view.capability in CAPABILITIES, endpoint


def test_every_public_page_answers_an_anonymous_visitor(app, demo, client):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "GET" not in rule.methods or not getattr(view, "public", False):
            continue
        url = rule.build({name: FIXED_ARGUMENTS[name] for name in rule.arguments})[1]
        response = client.get(url)
        assert response.status_code in (200, 303, 404), (url, response.status_code)
        if response.status_code == 404:  # only a link's token may be unknown
            assert "token" in rule.arguments, url
