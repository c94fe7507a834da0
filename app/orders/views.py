"""The staff's side of orders: the queue with its filters, each order, the changes of status
(one at a time in place, or several in one step), the downloads and the daily mail."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.areas.queries import municipalities_in_scope
from app.db import paginate_uncounted
from app.htmx import fragment_or_redirect, is_fragment_request, render, see_other

# The business's pages, the catalogue and the stickers handed out add their routes to bp.
from app.orders import bp, business_views, catalogue_views, documents, handout_views  # noqa: F401
from app.orders.forms import (
    DigestForm,
    QueueFilterForm,
    RejectForm,
    SelectionForm,
    SendForm,
)
from app.orders.models import ITEM_KIND_LABELS, OCCASION_LABELS, Order
from app.orders.queries import (
    catalogue_in_scope,
    counts_by_status,
    filtered,
    history,
    lines_of,
    subscribed_to_digest,
    with_places,
)
from app.orders.services import (
    TRANSITIONS,
    TransitionRefused,
    change_many,
    change_status,
    set_digest,
)
from app.orders.texts import DONE, actor_name, refusal_message, status_label
from app.security import get_in_scope, requires, safe_next, scoped

PER_PAGE = 20
MAX_SELECTION = 500  # orders changed or downloaded in one step


@bp.app_template_global()
def order_status_label(code):
    return status_label(code)


@bp.app_template_global()
def order_item_kind_label(code):
    return ITEM_KIND_LABELS.get(code, code)


@bp.app_template_global()
def order_occasion_label(code):
    return OCCASION_LABELS.get(code, code)


@bp.app_template_global()
def order_actor(user):
    return actor_name(user)


@bp.app_template_global()
def order_can(order, action):
    """Whether the order's status lets `action` happen now."""
    return order.status in TRANSITIONS[action].sources


# ---------------------------------------------------------------- the queue


def _filters() -> QueueFilterForm:
    form = QueueFilterForm(
        municipalities_in_scope(current_user), list(catalogue_in_scope(current_user))
    )
    form.validate()
    return form


def _queue(filters, selection=None) -> dict:
    page = paginate_uncounted(filtered(current_user, filters), request.args.get("page"), PER_PAGE)
    return {
        "form": filters,
        "page": page,
        "lines": lines_of([order.id for order in page.items]),
        "counts": counts_by_status(current_user),
        "selection": selection or SelectionForm(),
        "max_selection": MAX_SELECTION,
        "back": url_for("orders.queue", **filters.query_args()),
    }


@bp.route("/stickers/orders/")
@requires("orders_handle")
def queue():
    return render("orders/queue.html", block="results", **_queue(_filters()))


@bp.route("/stickers/orders/selection", methods=["POST"])
@requires("orders_handle")
def selection():
    filters = _filters()
    form = SelectionForm()
    if form.validate_on_submit():
        if form.everything.data:
            chosen = filtered(current_user, filters).limit(MAX_SELECTION)
        else:
            ids = form.orders.data[:MAX_SELECTION]
            chosen = scoped(Order, current_user).where(Order.id.in_(ids)).order_by(Order.id)
        orders = list(chosen)
        if orders:
            changed, refused = change_many(orders, form.action.data, by=current_user)
            message = _selection_message(form.action.data, changed, refused)
            tone = "error" if refused else "success"
            return fragment_or_redirect(
                "orders/queue.html",
                "results",
                url_for("orders.queue", **filters.query_args()),
                message,
                tone,
                tone=tone,
                oob="results",
                **_queue(filters),
            )
        form.orders.errors.append(_("Choose at least one order, or every order that matches."))
    return render(
        "orders/queue.html", block="results", status=422, **_queue(filters, selection=form)
    )


def _selection_message(action, changed, refused) -> str:
    done = {
        "approve": ngettext(
            "%(num)s order is approved.", "%(num)s orders are approved.", len(changed)
        ),
        "send": ngettext(
            "%(num)s order is marked as sent.", "%(num)s orders are marked as sent.", len(changed)
        ),
    }[action]
    if not refused:
        return done
    numbers = ", ".join(f"{order.id} ({status_label(order.status)})" for order in refused[:20])
    return " ".join(
        (
            done,
            ngettext(
                "%(num)s order was not changed, because its status did not allow it: %(orders)s.",
                "%(num)s orders were not changed, because their status did not allow it: "
                "%(orders)s.",
                len(refused),
                orders=numbers,
            ),
        )
    )


# ---------------------------------------------------------------- one order


def _order_in_scope(order_id) -> Order:
    return get_in_scope(Order, order_id, query=with_places())


def _back(order) -> str:
    """Where a plain browser returns after a change: the page it came from (the queue with
    its filters), else the order's own page."""
    return safe_next(request.args.get("next")) or url_for("orders.order", order_id=order.id)


@bp.route("/stickers/orders/<int:order_id>")
@requires("orders_handle")
def order(order_id):
    found = _order_in_scope(order_id)
    return _order_page(found)


def _order_page(found, status=200, send_form=None, reject_form=None):
    return render(
        "orders/order.html",
        status=status,
        order=found,
        lines=lines_of([found.id]).get(found.id, []),
        events=history(found),
        reject_form=reject_form or RejectForm(),
        send_form=send_form or SendForm(),
    )


def _changed(found, message, tone="success"):
    """The order's card again, with the message and the counters (HTMX), or back (303)."""
    found = _order_in_scope(found.id)
    return fragment_or_redirect(
        "orders/queue.html",
        "order",
        _back(found),
        message,
        tone,
        tone=tone,
        order=found,
        lines=lines_of([found.id]),
        counts=counts_by_status(current_user),
        oob="card",
        back=_back(found),
    )


def _change(found, action, **details):
    try:
        changed = change_status(found, action, by=current_user, **details)
    except TransitionRefused as refusal:
        return _changed(refusal.order, refusal_message(refusal.order), "error")
    return _changed(changed, DONE[action](changed))


@bp.route("/stickers/orders/<int:order_id>/approve", methods=["POST"])
@requires("orders_handle")
def approve(order_id):
    return _change(_order_in_scope(order_id), "approve")


@bp.route("/stickers/orders/<int:order_id>/send", methods=["POST"])
@requires("orders_handle")
def send(order_id):
    found = _order_in_scope(order_id)
    form = SendForm()
    if form.validate_on_submit():
        return _change(found, "send", tracking=form.tracking_reference.data.strip())
    return _refused_input(found, send_form=form)


@bp.route("/stickers/orders/<int:order_id>/reject", methods=["POST"])
@requires("orders_handle")
def reject(order_id):
    found = _order_in_scope(order_id)
    form = RejectForm()
    if form.validate_on_submit():
        return _change(found, "reject", reason=form.reason.data.strip())
    return _refused_input(found, reject_form=form)


def _refused_input(found, send_form=None, reject_form=None):
    """A decision's form with its errors (422): in the order's card (HTMX), or on the order's
    own page."""
    if is_fragment_request():
        return render(
            "orders/queue.html",
            "order",
            422,
            order=found,
            lines=lines_of([found.id]),
            back=_back(found),
            send_errors=send_form.tracking_reference.errors if send_form else [],
            reject_errors=reject_form.reason.errors if reject_form else [],
        )
    return _order_page(found, 422, send_form=send_form, reject_form=reject_form)


# ---------------------------------------------------------------- downloads


def _download(make):
    """The orders ticked in the queue, or – none ticked, or "every order that matches" – the
    orders the filter in the query string matches (at most MAX_SELECTION), as `make` writes
    them. A POST (with its CSRF token), so that no link or crawler fetches a file."""
    query = filtered(current_user, _filters())
    chosen = [
        int(value)
        for value in request.form.getlist("orders")
        if value.isdigit() and 0 < int(value) < 2**63
    ]
    if chosen and not request.form.get("everything"):
        query = query.where(Order.id.in_(chosen[:MAX_SELECTION]))
    orders = list(query.limit(MAX_SELECTION))
    return make(orders, lines_of([order.id for order in orders]))


@bp.route("/stickers/orders/picklist.pdf", methods=["POST"])
@requires("orders_handle")
def picklist():
    return _download(documents.picklist)


@bp.route("/stickers/orders/labels.pdf", methods=["POST"])
@requires("orders_handle")
def labels():
    return _download(documents.address_labels)


@bp.route("/stickers/orders/export.csv", methods=["POST"])
@requires("orders_handle")
def export_csv():
    return _download(documents.csv_export)


@bp.route("/stickers/orders/export.xlsx", methods=["POST"])
@requires("orders_handle")
def export_xlsx():
    return _download(documents.xlsx_export)


# ---------------------------------------------------------------- the daily mail


@bp.route("/stickers/digest", methods=["GET", "POST"])
@requires("orders_handle")
def digest():
    form = DigestForm()
    if form.validate_on_submit():
        set_digest(current_user, form.wanted.data)
        if form.wanted.data:
            flash(_("You will get a mail each morning when new orders have arrived."), "success")
        else:
            flash(_("You will no longer get the daily mail about new orders."), "success")
        return see_other("orders.digest")
    if request.method == "GET":
        form.wanted.data = subscribed_to_digest(current_user)
    return render("orders/digest.html", form=form, status=422 if form.errors else 200)
