"""Stickers handed out in person, and how many stickers reached businesses in a year, per
area and municipality (sent in orders and handed out)."""

from flask import flash, request
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.areas.models import Area
from app.areas.queries import municipalities_in_scope
from app.db import paginate_uncounted
from app.forms import form_values
from app.htmx import render, see_other
from app.orders import bp
from app.orders.forms import HandoutForm
from app.orders.models import StickerHandout
from app.orders.queries import handouts, local_year, stickers_distributed
from app.orders.services import delete_handout, record_handout
from app.security import get_in_scope, requires, scoped

FIELDS = ("area", "municipality", "handed_out_on", "occasion", "quantity")
FIRST_YEAR = 2020  # the portal's first; earlier years have nothing to show


@bp.route("/stickers/handouts/")
@requires("orders_handle")
def handouts_page():
    this_year = local_year()
    try:
        year = int(request.args.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, FIRST_YEAR), this_year)
    return render(
        "orders/handouts.html",
        year=year,
        years=range(this_year, FIRST_YEAR - 1, -1),
        distributed=stickers_distributed(current_user, year),
        page=paginate_uncounted(handouts(current_user), request.args.get("page"), 20),
    )


@bp.route("/stickers/handouts/new", methods=["GET", "POST"])
@requires("orders_handle")
def new_handout():
    form = HandoutForm(
        list(scoped(Area, current_user).order_by(Area.name)),
        municipalities_in_scope(current_user),
    )
    if form.validate_on_submit():
        record_handout(form_values(form, FIELDS), by=current_user)
        count = form.quantity.data
        message = ngettext(
            "%(count)s sticker handed out is recorded.",
            "%(count)s stickers handed out are recorded.",
            count,
            count=format_number(count),
        )
        flash(message, "success")
        return see_other("orders.handouts_page")
    return render("orders/handout_form.html", form=form, status=422 if form.errors else 200)


@bp.route("/stickers/handouts/<int:sticker_handout_id>/delete", methods=["POST"])
@requires("orders_handle")
def remove_handout(sticker_handout_id):
    delete_handout(get_in_scope(StickerHandout, sticker_handout_id), by=current_user)
    flash(_("The record is removed."), "success")
    return see_other("orders.handouts_page")
