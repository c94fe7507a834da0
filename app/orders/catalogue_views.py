"""The catalogue: staff add and change their area's items (admins the national ones too), and
whoever orders or handles orders sees the items' pictures."""

from flask import abort, flash
from flask_babel import gettext as _
from flask_login import current_user

from app import uploads
from app.areas.models import Area
from app.downloads import file_response, safe_filename
from app.forms import form_values
from app.htmx import render, see_other
from app.orders import bp
from app.orders.forms import CatalogueItemForm
from app.orders.models import CatalogueImage, CatalogueItem
from app.orders.queries import catalogue_in_scope
from app.orders.services import ItemInUse, delete_item, save_item
from app.security import get_in_scope, requires, scoped

FIELDS = (
    "area",
    "kind",
    "title",
    "description",
    "language",
    "max_per_order",
    "max_per_year",
    "available",
)


@bp.route("/stickers/catalogue/")
@requires("orders_handle")
def catalogue():
    return render("orders/catalogue.html", items=list(catalogue_in_scope(current_user)))


@bp.route("/stickers/catalogue/new", methods=["GET", "POST"])
@requires("orders_handle")
def new_item():
    return _edit(None)


@bp.route("/stickers/catalogue/<int:catalogue_item_id>", methods=["GET", "POST"])
@requires("orders_handle")
def edit_item(catalogue_item_id):
    return _edit(get_in_scope(CatalogueItem, catalogue_item_id))


def _edit(item):
    areas = list(scoped(Area, current_user).order_by(Area.name))
    shown = {name: getattr(item, name) for name in FIELDS if name != "area"} if item else None
    if item is not None:
        shown["area"] = item.area_id
    form = CatalogueItemForm(areas, national=current_user.role == "admin", data=shown)
    if form.validate_on_submit():
        values = form_values(form, FIELDS)
        values["title"] = values["title"].strip()
        values["language"] = values["language"].strip()
        upload = form.image.data
        image = upload.read() if getattr(upload, "filename", "") else None
        saved = save_item(values, current_user, item, image, drop_image=form.drop_image.data)
        flash(_("%(title)s is saved.", title=saved.title), "success")
        return see_other("orders.catalogue")
    return render("orders/item_form.html", form=form, item=item, status=422 if form.errors else 200)


@bp.route("/stickers/catalogue/<int:catalogue_item_id>/delete", methods=["POST"])
@requires("orders_handle")
def remove_item(catalogue_item_id):
    item = get_in_scope(CatalogueItem, catalogue_item_id)
    try:
        delete_item(item, by=current_user)
    except ItemInUse:
        flash(
            _(
                "%(title)s has been ordered, so it stays in the catalogue. Untick “Businesses"
                " can order it now” to stop new orders.",
                title=item.title,
            ),
            "error",
        )
        return see_other("orders.edit_item", catalogue_item_id=item.id)
    flash(_("%(title)s is removed from the catalogue.", title=item.title), "success")
    return see_other("orders.catalogue")


@bp.route("/stickers/images/<int:catalogue_image_id>")
@requires("orders_see_catalogue")
def item_image(catalogue_image_id):
    """A picture, read into memory (it is small): the response holds no open file."""
    image = CatalogueImage.get_or_none(CatalogueImage.id == catalogue_image_id)
    if image is None:
        abort(404)
    kind = image.stored_name.rsplit(".", 1)[-1]
    response = file_response(
        uploads.read(image.stored_name),
        safe_filename(_("Picture"), f".{kind}"),
        uploads.MIMETYPES[kind],
        as_attachment=False,
    )
    if kind == "svg":
        response.headers["Content-Security-Policy"] = uploads.SVG_CSP
    return response
