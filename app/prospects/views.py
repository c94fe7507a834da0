"""The contact network: known sites not yet connected, invitations to join, and the share of
known sites that are connected."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user

from app.areas.queries import municipalities_in_scope
from app.businesses.queries import active_operators
from app.db import paginate
from app.forms import form_values
from app.htmx import render, see_other
from app.prospects import bp
from app.prospects.forms import ProspectForm
from app.prospects.models import Prospect
from app.prospects.queries import areas_in_scope, network, network_figures
from app.prospects.services import (
    delete_prospect,
    invitation_preview,
    invite_prospect,
    save_prospect,
)
from app.security import get_in_scope, requires

FIELDS = (
    "name",
    "site_type",
    "operator",
    "area",
    "municipality",
    "street_address",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
)


@bp.route("/network/")
@requires("manage_businesses")
def index():
    page = paginate(network(current_user), request.args.get("page"))
    return render("prospects/index.html", page=page, **network_figures(current_user))


def _form(prospect=None):
    return ProspectForm(
        areas_in_scope(current_user),
        municipalities_in_scope(current_user),
        active_operators(),
        obj=prospect,
    )


@bp.route("/network/new", methods=["GET", "POST"])
@requires("manage_businesses")
def new():
    return _edit(None)


@bp.route("/network/<int:prospect_id>", methods=["GET", "POST"])
@requires("manage_businesses")
def edit(prospect_id):
    return _edit(get_in_scope(Prospect, prospect_id))


def _edit(prospect):
    form = _form(prospect)
    if form.validate_on_submit():
        save_prospect(form_values(form, FIELDS), by=current_user, prospect=prospect)
        if prospect is None:
            flash(_("%(name)s is added to the contact network.", name=form.name.data), "success")
        else:
            flash(_("%(name)s is saved.", name=form.name.data), "success")
        return see_other("prospects.index")
    return render(
        "prospects/form.html", form=form, prospect=prospect, status=422 if form.errors else 200
    )


@bp.route("/network/<int:prospect_id>/delete", methods=["POST"])
@requires("manage_businesses")
def delete(prospect_id):
    prospect = get_in_scope(Prospect, prospect_id)
    delete_prospect(prospect, by=current_user)
    flash(_("%(name)s is removed from the contact network.", name=prospect.name), "success")
    return see_other("prospects.index")


@bp.route("/network/<int:prospect_id>/invite", methods=["GET", "POST"])
@requires("manage_businesses")
def invite(prospect_id):
    """GET: the invitation as its reader will see it, signed with the sender's name; POST:
    send it."""
    prospect = get_in_scope(Prospect, prospect_id)
    if not prospect.contact_email or prospect.business_id:
        flash(
            _("An invitation needs an email address, and the site must not have joined yet."),
            "error",
        )
        return see_other("prospects.edit", prospect_id=prospect.id)
    if request.method == "GET":
        subject, text = invitation_preview(prospect, by=current_user)
        return render("prospects/invite.html", prospect=prospect, subject=subject, text=text)
    invite_prospect(prospect, by=current_user)
    flash(
        _("An invitation to join has been sent to %(email)s.", email=prospect.contact_email),
        "success",
    )
    return see_other("prospects.index")
