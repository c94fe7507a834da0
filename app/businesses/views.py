from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.services import AccountRefused, invite_user, remove_user
from app.areas.models import Area, Municipality
from app.areas.queries import municipalities_in_scope
from app.audit.models import record
from app.businesses import bp
from app.businesses.forms import BusinessSearchForm, InvitePersonForm
from app.businesses.models import Business, BusinessOperator, Operator, operator_names
from app.businesses.services import set_status
from app.db import contains, paginate
from app.htmx import fragment_or_redirect, render, see_other
from app.security import get_in_scope, requires, scoped


def search(form: BusinessSearchForm, query=None):
    """The businesses in scope that match the filters (`query`: what to select, by default the
    businesses alone). The view has validated the form: filters with errors are left out."""
    query = scoped(Business, query=query)
    if not form.errors:
        text = (form.q.data or "").strip()
        if text:
            digits = text.replace("-", "")
            if digits.isdigit() and len(digits) == 10:
                query = query.where(Business.org_number == digits)
            else:
                query = query.where(contains(Business.name, text))
        if form.site_type.data:
            query = query.where(Business.site_type == form.site_type.data)
        if form.municipality.data:
            query = query.where(Business.municipality == form.municipality.data)
        if form.operator.data:
            query = query.where(
                Business.id.in_(
                    BusinessOperator.select(BusinessOperator.business).where(
                        BusinessOperator.operator == form.operator.data
                    )
                )
            )
        if form.status.data:
            query = query.where(Business.status == form.status.data)
    return query.order_by(Business.name, Business.id)


@bp.route("/businesses/")
@requires("view_businesses")
def index():
    operators = list(Operator.select().order_by(Operator.position, Operator.name))
    form = BusinessSearchForm(municipalities_in_scope(), operators, formdata=request.args)
    form.validate()
    with_places = (
        Business.select(Business, Municipality, Area).join(Municipality).switch(Business).join(Area)
    )
    page = paginate(search(form, with_places), request.args.get("page"), count_query=search(form))
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render(
        "businesses/index.html",
        block="results",
        form=form,
        page=page,
        operators=operator_names(BusinessOperator.business, [b.id for b in page.items]),
        filters=filters,
    )


@bp.route("/businesses/<int:business_id>")
@requires("view_businesses")
def detail(business_id):
    business = get_in_scope(Business, business_id)
    return render("businesses/detail.html", **_people_context(business))


def _people_context(business, form=None):
    """A business's people, each with the URL that removes them (None: not removable here),
    and the invitation form: staff see this on the business's page, the business as its team."""
    people = User.select().where(User.business == business).order_by(User.email)
    if current_user.role == "business":
        invite_action = url_for("businesses.team_invite")
        rows = [
            (
                person,
                None
                if person.id == current_user.id
                else url_for("businesses.team_remove", user_id=person.id),
            )
            for person in people
        ]
    else:
        invite_action = url_for("businesses.invite_person", business_id=business.id)
        rows = [
            (
                person,
                url_for("businesses.remove_person", business_id=business.id, user_id=person.id),
            )
            for person in people
        ]
    return {
        "business": business,
        "people": rows,
        "invite_action": invite_action,
        "operators": operator_names(BusinessOperator.business, [business.id]).get(business.id, []),
        "form": form or InvitePersonForm(),
    }


@bp.route("/businesses/<int:business_id>/suspend", methods=["POST"])
@requires("manage_businesses")
def suspend(business_id):
    business = get_in_scope(Business, business_id)
    set_status(business, "suspended")
    return _status_changed(
        business, _("%(name)s is suspended. Its people cannot log in.", name=business.name)
    )


@bp.route("/businesses/<int:business_id>/reinstate", methods=["POST"])
@requires("manage_businesses")
def reinstate(business_id):
    business = get_in_scope(Business, business_id)
    set_status(business, "active")
    return _status_changed(business, _("%(name)s is active again.", name=business.name))


def _status_changed(business, message):
    business = Business.get_by_id(business.id)
    return fragment_or_redirect(
        "businesses/detail.html",
        "status",
        url_for("businesses.detail", business_id=business.id),
        message,
        business=business,
    )


def invite_into(business, template):
    """Invite a person into the business: None when done, else the page with the form's errors.
    Shared by staff (a business's page) and the business itself (its team page)."""
    form = InvitePersonForm()
    if form.validate_on_submit():
        try:
            user = invite_user(
                form.email.data,
                "business",
                language=current_user.language,
                name=(form.name.data or "").strip(),
                business=business,
            )
        except AccountRefused as refusal:
            form.email.errors.append(str(refusal))
        else:
            if current_user.is_staff:
                record("business_user_invited", user)
            return None
    return render(template, status=422, **_people_context(business, form))


@bp.route("/businesses/<int:business_id>/people", methods=["POST"])
@requires("manage_businesses")
def invite_person(business_id):
    business = get_in_scope(Business, business_id)
    refused = invite_into(business, "businesses/detail.html")
    return refused or _invited("businesses.detail", business_id=business.id)


@bp.route("/businesses/<int:business_id>/people/<int:user_id>/remove", methods=["POST"])
@requires("manage_businesses")
def remove_person(business_id, user_id):
    business = get_in_scope(Business, business_id)
    person = _person_of(business, user_id)
    record("business_user_removed", person)
    remove_user(person)
    flash(_("%(email)s can no longer log in.", email=person.email), "success")
    return see_other("businesses.detail", business_id=business.id)


def _person_of(business, user_id):
    person = User.get_or_none((User.id == user_id) & (User.business == business))
    if person is None:
        abort(404)
    return person


def _invited(endpoint, **values):
    email = request.form.get("email", "").strip().lower()
    flash(_("An invitation has been sent to %(email)s.", email=email), "success")
    return see_other(endpoint, **values)


# ---------------------------------------------------------------- the business's own team


@bp.route("/team/")
@requires("business_self")
def team():
    business = Business.get_by_id(current_user.business_id)
    return render("businesses/team.html", **_people_context(business))


@bp.route("/team/", methods=["POST"])
@requires("business_self")
def team_invite():
    business = Business.get_by_id(current_user.business_id)
    return invite_into(business, "businesses/team.html") or _invited("businesses.team")


@bp.route("/team/<int:user_id>/remove", methods=["POST"])
@requires("business_self")
def team_remove(user_id):
    business = Business.get_by_id(current_user.business_id)
    person = _person_of(business, user_id)
    if person.id == current_user.id:
        abort(403)
    remove_user(person)
    flash(_("%(email)s can no longer log in.", email=person.email), "success")
    return see_other("businesses.team")
