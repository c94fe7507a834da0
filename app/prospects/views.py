"""The contact network: known sites not yet connected, invitations to join, and the share of
known sites that are connected."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from peewee import fn

from app.accounts.services import normalise_email
from app.areas.models import Area, Municipality
from app.areas.queries import municipalities_in_scope
from app.audit.models import record
from app.businesses.models import Business, Operator
from app.db import paginate, utcnow
from app.htmx import render, see_other
from app.joining.services import prospect_invitation
from app.mail import queue_mail
from app.prospects import bp
from app.prospects.forms import ProspectForm
from app.prospects.models import Prospect
from app.security import get_in_scope, requires, scoped

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
    query = scoped(
        Prospect,
        query=Prospect.select(Prospect, Municipality)
        .join(Municipality)
        .order_by(Prospect.business.is_null(False), Municipality.name, Prospect.name, Prospect.id),
    )
    page = paginate(query, request.args.get("page"))
    joined = Prospect.business.is_null(False)
    by_state = {  # joined? -> count (SQLite answers 0/1, PostgreSQL booleans)
        bool(is_joined): count
        for is_joined, count in scoped(
            Prospect, query=Prospect.select(joined, fn.COUNT(Prospect.id))
        )
        .group_by(joined)
        .tuples()
    }
    connected = scoped(Business).where(Business.status == "active").count()
    return render(
        "prospects/index.html",
        page=page,
        connected=connected,
        known=connected + by_state.get(False, 0),
        joined_from_network=by_state.get(True, 0),
    )


def _form(prospect=None):
    areas = list(scoped(Area).order_by(Area.name))
    operators = Operator.select().where(Operator.active).order_by(Operator.position, Operator.name)
    return ProspectForm(areas, municipalities_in_scope(), operators, obj=prospect)


def _save(form, prospect=None):
    data = {name: getattr(form, name).data for name in FIELDS}
    data["contact_email"] = normalise_email(data["contact_email"])
    if prospect is None:
        prospect = Prospect.create(**data)
        record("prospect_added", prospect)
    else:
        Prospect.update(**data).where(Prospect.id == prospect.id).execute()
        record("prospect_changed", prospect)
    return prospect


@bp.route("/network/new", methods=["GET", "POST"])
@requires("manage_businesses")
def new():
    form = _form()
    if form.validate_on_submit():
        _save(form)
        flash(_("%(name)s is added to the contact network.", name=form.name.data), "success")
        return see_other("prospects.index")
    return render(
        "prospects/form.html", form=form, prospect=None, status=422 if form.errors else 200
    )


@bp.route("/network/<int:prospect_id>", methods=["GET", "POST"])
@requires("manage_businesses")
def edit(prospect_id):
    prospect = get_in_scope(Prospect, prospect_id)
    form = _form(prospect)
    if form.validate_on_submit():
        _save(form, prospect)
        flash(_("%(name)s is saved.", name=form.name.data), "success")
        return see_other("prospects.index")
    return render(
        "prospects/form.html", form=form, prospect=prospect, status=422 if form.errors else 200
    )


@bp.route("/network/<int:prospect_id>/delete", methods=["POST"])
@requires("manage_businesses")
def delete(prospect_id):
    prospect = get_in_scope(Prospect, prospect_id)
    record("prospect_deleted", prospect)
    prospect.delete_instance()
    flash(_("%(name)s is removed from the contact network.", name=prospect.name), "success")
    return see_other("prospects.index")


@bp.route("/network/<int:prospect_id>/invite", methods=["POST"])
@requires("manage_businesses")
def invite(prospect_id):
    prospect = get_in_scope(Prospect, prospect_id)
    if not prospect.contact_email or prospect.business_id:
        flash(
            _("An invitation needs an email address, and the site must not have joined yet."),
            "error",
        )
        return see_other("prospects.edit", prospect_id=prospect.id)
    area = Area.get_by_id(prospect.area_id)
    queue_mail(
        prospect.contact_email,
        "prospect_invitation",
        current_user.language,
        area=area,
        link=url_for("joining.join", slug=area.slug, invitation=prospect_invitation(prospect)),
    )
    Prospect.update(invited_at=utcnow()).where(Prospect.id == prospect.id).execute()
    record("prospect_invited", prospect)
    flash(
        _("An invitation to join has been sent to %(email)s.", email=prospect.contact_email),
        "success",
    )
    return see_other("prospects.index")
