"""Sticker orders: the catalogue, ordering with limits, the staff queue with pick lists,
address labels and exports, stickers handed out in person, and the mails about orders."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, HomePanel, MenuEntry

bp = Blueprint("orders", __name__)

feature = Feature(
    name="orders",
    blueprint=bp,
    jobs="jobs",
    capabilities={
        "orders_handle": {"police", "municipality", "admin"},
        # The pictures of catalogue items: whoever orders or handles orders.
        "orders_see_catalogue": {"business", "police", "municipality", "admin"},
    },
    menu=(
        MenuEntry("orders.my_orders", _l("Order material"), "business_self", 14),
        MenuEntry("orders.queue", _l("Orders"), "orders_handle", 14),
    ),
    home_panels=(
        HomePanel("orders/_home_business.html", "business_self", 14, "queries:to_confirm"),
        HomePanel("orders/_home_staff.html", "orders_handle", 14, "queries:waiting"),
    ),
    audit_actions={
        "order_approved": _l("Approved an order"),
        "order_rejected": _l("Rejected an order"),
        "order_sent": _l("Marked an order as sent"),
        "order_catalogue_item_added": _l("Added an item to the order catalogue"),
        "order_catalogue_item_changed": _l("Changed an item in the order catalogue"),
        "order_catalogue_item_deleted": _l("Removed an item from the order catalogue"),
        "order_handout_recorded": _l("Recorded stickers handed out"),
        "order_handout_deleted": _l("Removed a record of stickers handed out"),
        "order_digest_changed": _l("Changed the daily mail about new orders"),
    },
    demo="demo:load",
    personal_data="queries:personal_data",
    erase_personal_data="services:forget_person",
)
