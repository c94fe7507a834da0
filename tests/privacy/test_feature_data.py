"""What the features hold about a person is in their data download, and what an erasure
removes is gone: orders, updates and the survey's dialogue (never survey answers)."""

import json

from app.accounts.models import User
from app.db import utcnow
from app.orders.demo import add_order
from app.orders.models import CatalogueItem, OrderDigestSubscription
from app.privacy.services import erase_account
from app.surveys.dialogue import send_message
from app.surveys.models import SurveyMessage
from app.updates.models import Update, UpdatePreference
from app.updates.services import mark_read


def user(email) -> User:
    return User.get(User.email == email)


def prefer(person, notify, frequency) -> None:
    UpdatePreference.delete().where(UpdatePreference.user == person.id).execute()
    UpdatePreference.create(user=person.id, notify=notify, frequency=frequency)


def download(browser) -> dict:
    return json.loads(browser.get("/account/data.json").data)


def test_a_business_users_download_holds_their_orders_reads_and_messages(login):
    shop = user("terminal@example.com")
    item = CatalogueItem.select().first()
    order = add_order(shop.business, shop, [("submitted", shop, utcnow())], {item: 2})
    update = Update.select().where(Update.title != "").first()
    mark_read(update, shop)
    prefer(shop, "warnings", "daily")
    send_message(shop, "threat", "En kund hotade mig i kassan.", wants_contact=True)
    send_message(shop, "other", "Ingen koppling till mig, tack.", wants_contact=False)

    data = download(login("terminal@example.com"))
    assert order.id in [o["order"] for o in data["orders"]["orders_you_placed"]]
    assert update.title in [u["title"] for u in data["updates"]["updates_you_opened"]]
    assert data["updates"]["notifications"] == {"notify": "warnings", "frequency": "daily"}
    messages = data["surveys"]["messages_you_asked_to_be_answered"]
    assert [m["text"] for m in messages] == ["En kund hotade mig i kassan."]
    assert "answers" not in json.dumps(data["surveys"]).replace("answered", "")


def test_another_persons_feature_data_is_not_in_the_download(login):
    other = user("ombud@example.com")
    prefer(other, "all", "immediate")
    UpdatePreference.delete().where(
        UpdatePreference.user == user("terminal@example.com").id
    ).execute()
    send_message(other, "threat", "Hotad av en kund igår.", wants_contact=True)
    data = download(login("terminal@example.com"))
    assert "Hotad av en kund" not in json.dumps(data, ensure_ascii=False)
    assert data["updates"]["notifications"] is None


def test_erasure_stops_mails_and_unlinks_the_dialogue(app, demo):
    shop = user("terminal@example.com")
    police = user("polis@example.com")
    prefer(shop, "all", "immediate")
    OrderDigestSubscription.get_or_create(user=police.id)
    message = send_message(shop, "threat", "En kund hotade mig.", wants_contact=True)
    with app.test_request_context():
        erase_account(shop)
        erase_account(police)
    assert not UpdatePreference.select().where(UpdatePreference.user == shop.id).exists()
    assert not OrderDigestSubscription.select().exists()
    kept = SurveyMessage.get_by_id(message.id)
    assert kept.user_id is None and kept.text


def test_the_privacy_notice_lists_each_features_retention(client, demo):
    client.get("/language/en")
    notice = client.get("/privacy").text
    for kept, period in (
        ("Contacts a business has recorded with police or customs", "12 months"),
        ("Who has answered an open survey round (never what)", "until the round closes"),
        ("Free-text answers and messages in the dialogue", "2 years"),
        ("Survey answers, stored without a link to the person", "5 years, then only the totals"),
        ("Who has opened an update", "until the update expires"),
    ):
        assert kept in notice and period in notice, kept
