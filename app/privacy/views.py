"""A person's own data (download, request for erasure) and staff's handling of requests."""

import json

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.queries import iso_time
from app.db import paginate, utcnow
from app.downloads import file_response
from app.htmx import render, see_other
from app.privacy import bp, queries, retention, services
from app.privacy.forms import DeclineForm
from app.privacy.models import DECLINE_REASONS, ErasureRequest
from app.security import get_in_scope, requires


@bp.app_template_global()
def retention_schedule():
    """The privacy notice's table: the periods the purge jobs use."""
    return retention.schedule()


@bp.route("/account/data")
@requires()
def own_data():
    return render(
        "privacy/own_data.html",
        latest=queries.latest_request(current_user),
        reasons=DECLINE_REASONS,
    )


@bp.route("/account/data.json")
@requires()
def download():
    export = {"exported_at": iso_time(utcnow())}
    export.update(queries.everything_about(current_user))
    body = json.dumps(export, ensure_ascii=False, indent=2).encode()
    return file_response(body, "tif-personal-data.json", "application/json")


@bp.route("/account/data/erasure", methods=["POST"])
@requires()
def ask_for_erasure():
    services.request_erasure(current_user)
    flash(
        _("Your request is sent. You will get a mail when it has been handled."),
        "success",
    )
    return see_other("privacy.own_data")


@bp.route("/privacy-requests/")
@requires("handle_privacy_requests")
def requests():
    page = paginate(queries.requests_for(current_user), request.args.get("page"))
    return render("privacy/requests.html", page=page, form=DeclineForm(), reasons=DECLINE_REASONS)


@bp.route("/privacy-requests/<int:erasure_request_id>/erase", methods=["POST"])
@requires("handle_privacy_requests")
def erase(erasure_request_id):
    erasure_request = _pending(erasure_request_id)
    services.carry_out(erasure_request, by=current_user)
    flash(_("The account is erased."), "success")
    return see_other("privacy.requests")


@bp.route("/privacy-requests/<int:erasure_request_id>/decline", methods=["POST"])
@requires("handle_privacy_requests")
def decline(erasure_request_id):
    erasure_request = _pending(erasure_request_id)
    form = DeclineForm()
    if form.validate_on_submit():
        services.decline(erasure_request, form.reason.data, by=current_user)
        flash(_("The request is declined. Its owner reads why when logged in."), "success")
        return see_other("privacy.requests")
    page = paginate(queries.requests_for(current_user), request.args.get("page"))
    return render(
        "privacy/requests.html",
        page=page,
        form=form,
        failed=erasure_request.id,
        reasons=DECLINE_REASONS,
        status=422,
    )


def _pending(erasure_request_id) -> ErasureRequest:
    """A request in the staff member's scope that still waits (404 otherwise: an answered
    request cannot be answered again)."""
    query = ErasureRequest.select().where(ErasureRequest.status == "pending")
    return get_in_scope(ErasureRequest, erasure_request_id, query=query)
