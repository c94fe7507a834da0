"""What the kernel keeps rendered (the page header, the rows of a list in `cached` blocks, the
session's signed CSRF token) is right for the request that shows it: a change of anything it
shows appears at once, and every form in it carries the reader's own token, which works."""

import re

from conftest import TOKEN_PATTERNS

from app import templating
from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Operator
from app.joining.models import JoinRequest, JoinRequestOperator
from app.orders.models import Order
from app.updates.models import Update

BADGE = re.compile(r'<span class="badge" aria-hidden="true">(\d+)</span>')


def tokens_on(page: str) -> set[str]:
    return {match for pattern in TOKEN_PATTERNS for match in pattern.findall(page)}


def nacksta():
    return JoinRequest.get(JoinRequest.business_name == "Nacksta Servicebutik")


def test_a_kept_row_shows_a_change_of_its_request_its_area_or_its_operators_at_once(login):
    police = login("polis@example.com")
    request = nacksta()

    def row() -> str:
        page = police.get("/join-requests/").text
        shown = page[page.index(f'id="request-{request.id}"') :]
        return shown[: shown.index("</article>")]

    assert "Nackstavägen 12" in row() and "(Sundsvall)" in row()
    Area.update(name="Sundsvall-Timrå").where(Area.slug == "sundsvall").execute()
    assert "(Sundsvall-Timrå)" in row()
    JoinRequestOperator.create(join_request=request, operator=Operator.get(name="DHL"))
    operators = re.search(r"<dd>([^<]*Bring[^<]*)</dd>", row()).group(1)
    assert sorted(operators.split(", ")) == ["Bring", "DHL", "PostNord"]
    JoinRequest.update(street_address="Nackstavägen 14").where(
        JoinRequest.id == request.id
    ).execute()
    assert "Nackstavägen 14" in row()


def test_the_kept_queue_shows_every_kind_of_write_at_once_in_each_scope(login):
    """The first page of the queue is kept per scope until its version moves: a renamed
    operator or municipality, a request moved to another area, a request deleted."""
    readers = {
        email: login(email)
        for email in ("polis@example.com", "kommun@example.com", "admin@example.com")
    }
    umea_police = login("polis.umea@example.com")

    def queue(reader) -> str:
        page = reader.get("/join-requests/").text
        return page[page.index("<main") : page.index("</main>")]

    for reader in readers.values():
        assert "Nackstavägen 12" in queue(reader) and "PostNord" in queue(reader)
    assert "Nacksta" not in queue(umea_police)
    Operator.update(name="PostNord Sverige").where(Operator.name == "PostNord").execute()
    for reader in readers.values():
        assert "PostNord Sverige" in queue(reader)
    Municipality.update(name="Sundsvall-Nacksta").where(Municipality.code == "2281").execute()
    for reader in readers.values():
        assert "<dd>Sundsvall-Nacksta (Sundsvall)</dd>" in queue(reader)
    umea = Area.get(Area.slug == "umea")
    umea_municipality = Municipality.get(Municipality.code == "2480")
    JoinRequest.update(area=umea, municipality=umea_municipality).where(
        JoinRequest.id == nacksta().id
    ).execute()
    assert "Nacksta" not in queue(readers["polis@example.com"])
    assert "Nacksta" not in queue(readers["kommun@example.com"])
    assert "Nacksta" in queue(umea_police) and "Nacksta" in queue(readers["admin@example.com"])
    JoinRequestOperator.delete().where(JoinRequestOperator.join_request == nacksta().id).execute()
    JoinRequest.delete().where(JoinRequest.id == nacksta().id).execute()
    assert "Nacksta" not in queue(umea_police) + queue(readers["admin@example.com"])
    assert "Inga ansökningar väntar" in queue(readers["polis@example.com"])


def test_each_session_gets_its_own_token_in_a_kept_row_and_it_works(login, sent_mail):
    first, second = login("polis@example.com"), login("polis@example.com")
    first_page = first.get("/join-requests/").text
    second_page = second.get("/join-requests/").text  # the rows come from the memo now
    assert templating._TOKEN_SLOT not in first_page + second_page
    first_tokens, second_tokens = tokens_on(first_page), tokens_on(second_page)
    assert len(first_tokens) == 1 and len(second_tokens) == 1  # forms and the HTMX header
    assert first_tokens != second_tokens
    approve = f"/join-requests/{nacksta().id}/approve"
    refused = second.post(approve, data={"csrf_token": first_tokens.pop()})
    assert refused.status_code == 400
    assert nacksta().status == "pending"
    accepted = second.post(approve, data={"csrf_token": second_tokens.pop()})
    assert accepted.status_code == 303
    assert nacksta().status == "approved"


def test_a_session_keeps_one_signed_token(login):
    police = login("polis@example.com")
    pages = [police.get("/join-requests/").text for _ in range(2)]
    assert tokens_on(pages[0]) == tokens_on(pages[1])


def test_the_header_shows_a_renamed_area_and_a_new_badge_count_at_once(login):
    police = login("polis@example.com")
    assert '<span class="scope">Lokalpolisområde Sundsvall</span>' in police.get("/home").text
    Area.update(name="Sundsvall-Timrå").where(Area.slug == "sundsvall").execute()
    assert '<span class="scope">Lokalpolisområde Sundsvall-Timrå</span>' in police.get("/home").text

    shop = login("ombud@example.com")
    unread = int(BADGE.search(shop.get("/account").text).group(1))
    unread_card = re.compile(r'<li class="update-item[^"]*unread">.*?href="/updates/(\d+)"', re.S)
    opened = unread_card.search(shop.get("/updates/").text).group(1)
    assert shop.get(f"/updates/{opened}").status_code == 200
    assert int(BADGE.search(shop.get("/account").text).group(1)) == unread - 1


def test_an_update_card_shows_its_new_title_and_that_it_was_read_at_once(login):
    shop = login("ombud@example.com")

    def card(update_id) -> str:
        page = shop.get("/updates/").text
        link = page.index(f'href="/updates/{update_id}"')
        return page[page.rindex("<li", 0, link) : page.index("</li>", link)]

    first = re.search(r'href="/updates/(\d+)"', shop.get("/updates/").text).group(1)
    assert "tag-new" in card(first)
    Update.update(title="Ny rubrik för kortet").where(Update.id == int(first)).execute()
    assert "Ny rubrik för kortet" in card(first)
    shop.get(f"/updates/{first}")
    assert "tag-new" not in card(first)


def test_a_home_panel_shows_a_change_of_what_it_counts_at_once(login):
    shop = login("ombud@example.com")
    business = User.get(User.email == "ombud@example.com").business_id
    orders = [order.id for order in Order.select().where(Order.business == business)]
    assert len(orders) >= 3
    Order.update(status="sent").where(Order.id.in_(orders[:3])).execute()
    assert "3 beställningar" in panel(shop.get("/home").text, "orders-sent-heading")
    Order.update(status="received").where(Order.id == orders[0]).execute()
    assert "2 beställningar" in panel(shop.get("/home").text, "orders-sent-heading")


def panel(page: str, heading: str) -> str:
    """The home panel labelled by `heading` ("" when the page has none)."""
    if f'aria-labelledby="{heading}"' not in page:
        return ""
    start = page.index(f'aria-labelledby="{heading}"')
    return page[start : page.index("</section>", start)]
