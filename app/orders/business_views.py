"""A business's side of orders: what it has ordered, a new order, and each order with its
history, where it withdraws an order or confirms that it has arrived."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from app.db import paginate_uncounted
from app.forms import form_values
from app.htmx import render, see_other
from app.orders import bp
from app.orders.forms import order_form, quantity_name
from app.orders.limits import remaining
from app.orders.models import Order
from app.orders.queries import (
    business_orders,
    history,
    lines_of,
    offered_items,
    own_business,
    used_this_year,
)
from app.orders.services import OrderRefused, TransitionRefused, change_status, place_order
from app.orders.texts import DONE, refusal_message
from app.security import get_in_scope, requires

ADDRESS = ("recipient", "street_address", "postcode", "postal_town", "note")


@bp.route("/my-orders/")
@requires("business_self")
def my_orders():
    page = paginate_uncounted(business_orders(current_user), request.args.get("page"), 20)
    return render(
        "orders/my_orders.html",
        page=page,
        lines=lines_of([order.id for order in page.items]),
    )


@bp.route("/my-orders/new", methods=["GET", "POST"])
@requires("business_self")
def new_order():
    business = own_business(current_user)
    if business.status != "active":
        abort(403)
    items = offered_items(business)
    used = used_this_year(business.id, [item.id for item in items])
    form = order_form(items, used)
    if request.method == "GET":
        form.recipient.data = business.name
        form.street_address.data = business.street_address
        form.postcode.data = business.postcode
        form.postal_town.data = business.postal_town
    if form.validate_on_submit():
        address = {name: value.strip() for name, value in form_values(form, ADDRESS).items()}
        try:
            placed = place_order(business, address, form.quantities(), by=current_user)
        except OrderRefused as refusal:
            for item in items:
                if item.id in refusal.problems:
                    form[quantity_name(item)].errors.append(refusal.problems[item.id])
        else:
            flash(
                _(
                    "Thank you – order %(number)s is sent. You get a mail when it is approved.",
                    number=placed.id,
                ),
                "success",
            )
            return see_other("orders.my_order", order_id=placed.id)
    return render(
        "orders/new_order.html",
        form=form,
        remaining={item.id: remaining(item, used) for item in items},
        status=422 if request.method == "POST" else 200,
    )


@bp.route("/my-orders/<int:order_id>")
@requires("business_self")
def my_order(order_id):
    found = get_in_scope(Order, order_id)
    return render(
        "orders/my_order.html",
        order=found,
        lines=lines_of([found.id]).get(found.id, []),
        events=history(found),
    )


def _business_change(order_id, action):
    found = get_in_scope(Order, order_id)
    try:
        changed = change_status(found, action, by=current_user)
    except TransitionRefused as refusal:
        flash(refusal_message(refusal.order), "error")
    else:
        flash(DONE[action](changed), "success")
    return see_other("orders.my_order", order_id=found.id)


@bp.route("/my-orders/<int:order_id>/withdraw", methods=["POST"])
@requires("business_self")
def withdraw(order_id):
    return _business_change(order_id, "withdraw")


@bp.route("/my-orders/<int:order_id>/confirm", methods=["POST"])
@requires("business_self")
def confirm(order_id):
    return _business_change(order_id, "confirm")
