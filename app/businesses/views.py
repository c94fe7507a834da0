from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.services import AccountRefused, normalise_email
from app.areas.queries import municipalities_in_scope
from app.businesses import bp
from app.businesses.forms import BusinessSearchForm, InvitePersonForm
from app.businesses.models import (
    SITE_TYPE_LABELS,
    STATUS_LABELS,
    Business,
    BusinessOperator,
    operator_names,
    shown_org_number,
)
from app.businesses.queries import (
    all_operators,
    pending_invitations,
    people_of,
    person_of,
    search,
)
from app.businesses.services import invite_person, remove_person, set_status
from app.db import paginate
from app.htmx import fragment_or_redirect, render, see_other
from app.security import get_in_scope, limiter, requires

# A business invites its colleagues: mails go to any address given, so they are limited.
INVITE_LIMIT = "20 per hour"
MAX_OPEN_INVITATIONS = 10


@bp.app_template_global()
def site_type_label(code):
    return SITE_TYPE_LABELS.get(code, code)


@bp.app_template_global()
def status_label(code):
    return STATUS_LABELS.get(code, code)


bp.add_app_template_filter(shown_org_number, "org_number_shown")


@bp.route("/businesses/")
@requires("view_businesses")
def index():
    form = BusinessSearchForm(municipalities_in_scope(current_user), all_operators())
    form.validate()
    page = paginate(
        search(form, current_user, with_places=True),
        request.args.get("page"),
        count_query=search(form, current_user),
    )
    return render(
        "businesses/index.html",
        block="results",
        form=form,
        page=page,
        operators=operator_names(BusinessOperator.business, [b.id for b in page.items]),
    )


@bp.route("/businesses/<int:business_id>")
@requires("view_businesses")
def detail(business_id):
    business = get_in_scope(Business, business_id)
    return render("businesses/detail.html", **_people_context(business))


def _people_context(business, form=None):
    """A business's people, each with the URL that removes them (None: not removable here),
    and the invitation form: staff see this on the business's page, the business as its team."""
    people = people_of(business)
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
        invite_action = url_for("businesses.invite", business_id=business.id)
        rows = [
            (person, url_for("businesses.remove", business_id=business.id, user_id=person.id))
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
    set_status(business, "suspended", by=current_user)
    return _status_changed(
        business, _("%(name)s is suspended. Its people cannot log in.", name=business.name)
    )


@bp.route("/businesses/<int:business_id>/reinstate", methods=["POST"])
@requires("manage_businesses")
def reinstate(business_id):
    business = get_in_scope(Business, business_id)
    set_status(business, "active", by=current_user)
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


def _invite_into(business, template, done_endpoint, **done_values):
    """Invite a person into the business (staff on its page, the business on its team page):
    a redirect when done, else the page with the form's errors. A business is never told
    whether an address already has an account, and has a cap on open invitations."""
    form = InvitePersonForm()
    colleague = current_user.role == "business"
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        if colleague and pending_invitations(business) >= MAX_OPEN_INVITATIONS:
            form.email.errors.append(
                _(
                    "%(count)s invitations have not been accepted yet. Remove the people who "
                    "will not use the portal before you invite more.",
                    count=MAX_OPEN_INVITATIONS,
                )
            )
        else:
            try:
                invite_person(business, email, (form.name.data or "").strip(), by=current_user)
            except AccountRefused as refusal:
                if not colleague:
                    form.email.errors.append(str(refusal))
            if not form.email.errors:
                if colleague:
                    message = _(
                        "If %(email)s has no account yet, an invitation is on its way.",
                        email=email,
                    )
                else:
                    message = _("An invitation has been sent to %(email)s.", email=email)
                flash(message, "success")
                return see_other(done_endpoint, **done_values)
    return render(template, status=422, **_people_context(business, form))


def _remove_from(business, user_id, done_endpoint, **done_values):
    person = person_of(business, user_id)
    if person is None:
        abort(404)
    if person.id == current_user.id:
        abort(403)
    remove_person(business, person, by=current_user)
    flash(_("%(email)s can no longer log in.", email=person.email), "success")
    return see_other(done_endpoint, **done_values)


@bp.route("/businesses/<int:business_id>/people", methods=["POST"])
@requires("manage_businesses")
def invite(business_id):
    business = get_in_scope(Business, business_id)
    return _invite_into(
        business, "businesses/detail.html", "businesses.detail", business_id=business.id
    )


@bp.route("/businesses/<int:business_id>/people/<int:user_id>/remove", methods=["POST"])
@requires("manage_businesses")
def remove(business_id, user_id):
    business = get_in_scope(Business, business_id)
    return _remove_from(business, user_id, "businesses.detail", business_id=business.id)


# ---------------------------------------------------------------- the business's own team


def _own_business():
    return Business.get_by_id(current_user.business_id)


@bp.route("/team/")
@requires("business_self")
def team():
    return render("businesses/team.html", **_people_context(_own_business()))


@bp.route("/team/", methods=["POST"])
@limiter.limit(INVITE_LIMIT, methods=["POST"])
@requires("business_self")
def team_invite():
    return _invite_into(_own_business(), "businesses/team.html", "businesses.team")


@bp.route("/team/<int:user_id>/remove", methods=["POST"])
@requires("business_self")
def team_remove(user_id):
    return _remove_from(_own_business(), user_id, "businesses.team")
