from flask import request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.services import normalise_email
from app.areas.queries import area_or_404, covered_municipalities
from app.businesses.queries import active_operators
from app.forms import form_values
from app.htmx import fragment_or_redirect, render, see_other
from app.joining import bp
from app.joining.forms import JoinForm, RejectForm
from app.joining.models import JoinRequest
from app.joining.queries import pending_requests
from app.joining.services import (
    JoinRefused,
    approve,
    prospect_from_invitation,
    reject,
    submit_request,
)
from app.security import get_in_scope, limiter, public, requires

JOIN_LIMIT = "10 per hour"
# Each request mails a confirmation to the address given: a few a day per address.
ADDRESS_LIMIT = "3 per day"


def _contact_address():
    return "join-address:" + normalise_email(request.form.get("contact_email", ""))[:254]


def _sent(response):
    return response.status_code == 303


FIELDS = (
    "business_name",
    "org_number",
    "site_type",
    "site_type_other",
    "street_address",
    "postcode",
    "postal_town",
    "municipality",
    "contact_name",
    "contact_email",
    "contact_phone",
)


@bp.route("/<slug>/join", methods=["GET", "POST"])
@limiter.limit(JOIN_LIMIT, methods=["POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], key_func=_contact_address, deduct_when=_sent)
@public
def join(slug):
    area = area_or_404(slug)
    invitation = request.values.get("invitation")
    prospect = prospect_from_invitation(invitation, area)
    form = JoinForm(covered_municipalities(area), active_operators())
    if request.method == "GET" and prospect is not None:
        form.business_name.data = prospect.name
        form.site_type.data = prospect.site_type
        form.street_address.data = prospect.street_address
        form.municipality.data = prospect.municipality_id
    if form.validate_on_submit():
        data = form_values(form, FIELDS)
        if data["site_type"] != "other":
            data["site_type_other"] = ""
        data["contact_email"] = normalise_email(data["contact_email"])
        data["language"] = str(get_locale())
        submit_request(area, data, form.operators.data or [], prospect=prospect)
        return see_other("joining.thanks", slug=area.slug)
    return render(
        "joining/join.html",
        form=form,
        area=area,
        invitation=invitation if prospect else None,
        status=422 if form.errors else 200,
    )


@bp.route("/<slug>/join/thanks")
@public
def thanks(slug):
    return render("joining/thanks.html", area=area_or_404(slug))


@bp.route("/join-requests/")
@requires("manage_businesses")
def queue():
    return render(
        "joining/queue.html", queue=pending_requests(current_user, request.args.get("page"))
    )


@bp.route("/join-requests/<int:join_request_id>/approve", methods=["POST"])
@requires("manage_businesses")
def approve_request(join_request_id):
    join_request = get_in_scope(JoinRequest, join_request_id)
    if join_request.status != "pending":
        return _decided(join_request, _("This request has already been handled."), "info")
    try:
        business = approve(join_request, by=current_user)
    except JoinRefused as refusal:
        return _decided(join_request, str(refusal), "error", status=422)
    message = _(
        "%(name)s is approved. A link to choose a password has been sent to %(email)s.",
        name=business.name,
        email=join_request.contact_email,
    )
    return _decided(JoinRequest.get_by_id(join_request.id), message)


@bp.route("/join-requests/<int:join_request_id>/reject", methods=["GET", "POST"])
@requires("manage_businesses")
def reject_request(join_request_id):
    join_request = get_in_scope(JoinRequest, join_request_id)
    if join_request.status != "pending":
        return _decided(join_request, _("This request has already been handled."), "info")
    form = RejectForm()
    if form.validate_on_submit():
        reject(join_request, form.reason.data.strip(), by=current_user)
        message = _(
            "The request from %(name)s is rejected, and the applicant has been told why.",
            name=join_request.business_name,
        )
        return _decided(JoinRequest.get_by_id(join_request.id), message)
    return render(
        "joining/reject.html",
        block="request",
        form=form,
        join_request=join_request,
        status=422 if form.errors else 200,
    )


def _decided(join_request, message, category="success", status=200):
    return fragment_or_redirect(
        "joining/queue.html",
        "request",
        url_for("joining.queue"),
        message,
        category,
        status,
        join_request=join_request,
    )
