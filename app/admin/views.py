"""Administration: the map (counties, areas, municipalities, customs regions), the operators
businesses choose from, and staff accounts. Admins only; every change goes to the audit log."""

from dataclasses import dataclass

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.confirmation import confirmation_required
from app.accounts.models import STAFF_ROLES, User
from app.accounts.services import AccountRefused, reset_second_factor
from app.admin import bp, services
from app.admin.forms import (
    ROLE_LABELS,
    AreaForm,
    CountyForm,
    CustomsRegionForm,
    InviteStaffForm,
    MunicipalityForm,
    OperatorForm,
    StaffForm,
)
from app.areas.models import Area, County, CustomsRegion, Municipality
from app.businesses.models import Operator
from app.db import paginate
from app.htmx import render, see_other
from app.security import requires


@dataclass
class Section:
    """One kind of row the admin keeps: a list, a form to add one and a form to change one."""

    name: str
    model: type
    form: type
    title: str
    columns: tuple  # (heading, attribute)
    order_by: tuple
    added_action: str
    changed_action: str

    def rows(self):
        return self.model.select().order_by(*self.order_by)


SECTIONS = {
    section.name: section
    for section in (
        Section(
            "areas",
            Area,
            AreaForm,
            _l("Police areas"),
            ((_l("Name"), "name"), (_l("Address in the portal"), "slug")),
            (Area.name,),
            "area_added",
            "area_changed",
        ),
        Section(
            "counties",
            County,
            CountyForm,
            _l("Counties"),
            ((_l("Name"), "name"), (_l("Code"), "code")),
            (County.name,),
            "county_added",
            "county_changed",
        ),
        Section(
            "municipalities",
            Municipality,
            MunicipalityForm,
            _l("Municipalities"),
            ((_l("Name"), "name"), (_l("Code"), "code")),
            (Municipality.name,),
            "municipality_added",
            "municipality_changed",
        ),
        Section(
            "customs-regions",
            CustomsRegion,
            CustomsRegionForm,
            _l("Customs regions"),
            ((_l("Name"), "name"),),
            (CustomsRegion.name,),
            "customs_region_added",
            "customs_region_changed",
        ),
        Section(
            "operators",
            Operator,
            OperatorForm,
            _l("Operators"),
            ((_l("Name"), "name"), (_l("Place in the list"), "position")),
            (Operator.position, Operator.name),
            "operator_added",
            "operator_changed",
        ),
    )
}


def section_or_404(name) -> Section:
    if name not in SECTIONS:
        abort(404)
    return SECTIONS[name]


@bp.route("/")
@requires("administer")
def index():
    return render("admin/index.html", sections=SECTIONS.values())


@bp.route("/<section>/")
@requires("administer")
def rows(section):
    section = section_or_404(section)
    return render("admin/rows.html", section=section, rows=list(section.rows()))


@bp.route("/<section>/new", methods=["GET", "POST"])
@bp.route("/<section>/<int:row_id>", methods=["GET", "POST"])
@requires("administer")
def edit(section, row_id=None):
    section = section_or_404(section)
    row = None
    if row_id is not None:
        row = section.model.get_or_none(section.model.id == row_id)
        if row is None:
            abort(404)
    form = section.form(obj=row)
    form.editing = row
    if request.method == "GET" and row is not None:
        form.load(row)
    if form.validate_on_submit():
        services.save_row(section, form, row, by=current_user)
        flash(_("Saved."), "success")
        return see_other("admin.rows", section=section.name)
    return render(
        "admin/edit.html", section=section, row=row, form=form, status=422 if form.errors else 200
    )


# ---------------------------------------------------------------- staff accounts


def staff_page(form, status=200):
    """The staff list (filtered by ?role=, paged) with the invitation form."""
    role = request.args.get("role")
    query = User.select().where(User.role.in_(STAFF_ROLES)).order_by(User.role, User.email)
    if role in STAFF_ROLES:
        query = query.where(User.role == role)
    page = paginate(query, request.args.get("page"), per_page=50)
    return render(
        "admin/staff.html", page=page, role=role, roles=ROLE_LABELS, form=form, status=status
    )


@bp.route("/staff/")
@requires("administer")
def staff():
    return staff_page(InviteStaffForm())


@bp.route("/staff/", methods=["POST"])
@requires("administer")
def invite_staff():
    form = InviteStaffForm()
    if form.validate_on_submit():
        try:
            user = services.invite_staff(
                form.email.data,
                (form.name.data or "").strip(),
                form.role.data,
                form.scope(),
                by=current_user,
            )
        except AccountRefused as refusal:
            form.email.errors.append(str(refusal))
        else:
            flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
            return see_other("admin.staff")
    return staff_page(form, status=422)


def staff_member(user_id) -> User:
    user = User.get_or_none((User.id == user_id) & User.role.in_(STAFF_ROLES))
    if user is None:
        abort(404)
    return user


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
@requires("administer")
def edit_staff(user_id):
    user = staff_member(user_id)
    form = StaffForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != "admin":
            form.role.errors.append(_("You cannot take away your own administrator role."))
        else:
            services.change_staff(user, form.role.data, form.scope(), by=current_user)
            flash(
                _(
                    "Saved. %(email)s has been logged out so the change takes effect.",
                    email=user.email,
                ),
                "success",
            )
            return see_other("admin.staff")
    return render("admin/staff_edit.html", user=user, form=form, status=422 if form.errors else 200)


@bp.route("/staff/<int:user_id>/disable", methods=["POST"])
@requires("administer")
def disable_staff(user_id):
    user = staff_member(user_id)
    if user.id == current_user.id:
        abort(403)
    services.disable_staff(user, by=current_user)
    flash(_("%(email)s can no longer log in.", email=user.email), "success")
    return see_other("admin.staff")


@bp.route("/staff/<int:user_id>/enable", methods=["POST"])
@requires("administer")
def enable_staff(user_id):
    user = staff_member(user_id)
    services.enable_staff(user, by=current_user)
    flash(_("%(email)s can log in again.", email=user.email), "success")
    return see_other("admin.staff")


@bp.route("/staff/<int:user_id>/reset-two-factor", methods=["POST"])
@requires("administer")
@confirmation_required
def reset_staff_two_factor(user_id):
    user = staff_member(user_id)
    if user.id == current_user.id:
        abort(403)  # one's own second factor is changed on one's own page, with its code
    if user.totp_secret:
        reset_second_factor(user, by=current_user)
    flash(
        _(
            "%(email)s now logs in with the password alone until two-factor is set up again.",
            email=user.email,
        ),
        "success",
    )
    return see_other("admin.edit_staff", user_id=user.id)
