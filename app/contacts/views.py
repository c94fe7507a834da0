"""The contact log: a business logs its contacts and reads the feedback on them; police and
customs follow up; everyone else sees the statistics."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.contacts import bp, queries
from app.contacts.forms import ContactForm, FeedbackForm, VisitForm
from app.contacts.models import CHANNEL_LABELS, SUSPECTED_LABELS, VISIT_WISH_LABELS
from app.contacts.services import log_contact, record_visit, send_feedback
from app.htmx import fragment_or_redirect, render, see_other
from app.security import requires


@bp.app_template_global()
def contact_channel_label(code):
    return CHANNEL_LABELS.get(code, code)


@bp.app_template_global()
def contact_suspected_label(code):
    return SUSPECTED_LABELS.get(code, code)


@bp.app_template_global()
def contact_visit_wish_label(code):
    return VISIT_WISH_LABELS.get(code, code)


@bp.route("/contacts/", methods=["GET", "POST"])
@requires("contacts_log")
def own():
    business = queries.business_of(current_user)
    form = ContactForm()
    if form.validate_on_submit():
        log_contact(business, form.values(), by=current_user)
        flash(_("The contact is logged. Thank you – it helps the police follow up."), "success")
        return see_other("contacts.own")
    return render(
        "contacts/own.html",
        form=form,
        business=business,
        page=queries.own_page(current_user, request.args.get("page")),
        status=422 if form.errors else 200,
    )


@bp.route("/contacts/log")
@requires("contacts_follow_up")
def log():
    waiting = request.args.get("show") == "waiting"
    return render(
        "contacts/log.html",
        waiting=waiting,
        page=queries.follow_up_page(current_user, request.args.get("page"), waiting),
        waiting_count=queries.follow_up_count(current_user, only_waiting=True),
    )


def _forms(contact, visit_form=None, feedback_form=None) -> dict:
    """The contact page's two forms: the one sent back with its errors, the other blank."""
    return {
        "visit_form": visit_form or VisitForm.blank(contact),
        "feedback_form": feedback_form or FeedbackForm(formdata=None),
    }


def _detail(contact, status=200, block=None, **forms):
    return render(
        "contacts/detail.html",
        block=block,
        status=status,
        contact=contact,
        **_forms(contact, **forms),
    )


@bp.route("/contacts/<int:contact_id>")
@requires("contacts_follow_up")
def detail(contact_id):
    return _detail(queries.contact_for_follow_up(current_user, contact_id))


@bp.route("/contacts/<int:contact_id>/visit", methods=["POST"])
@requires("contacts_follow_up")
def visit(contact_id):
    contact = queries.contact_for_follow_up(current_user, contact_id)
    form = VisitForm(contact)
    if not form.validate_on_submit():
        return _detail(contact, 422, "visit", visit_form=form)
    record_visit(contact, form.visited_on.date, by=current_user)
    return _done(contact_id, "visit", _("The visit is recorded."))


@bp.route("/contacts/<int:contact_id>/feedback", methods=["POST"])
@requires("contacts_follow_up")
def feedback(contact_id):
    contact = queries.contact_for_follow_up(current_user, contact_id)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _detail(contact, 422, "feedback", feedback_form=form)
    send_feedback(contact, form.message.data, by=current_user)
    return _done(contact_id, "feedback", _("The feedback is sent. Only this business sees it."))


def _done(contact_id, block, message):
    contact = queries.contact_for_follow_up(current_user, contact_id)
    return fragment_or_redirect(
        "contacts/detail.html",
        block,
        url_for("contacts.detail", contact_id=contact_id),
        message,
        contact=contact,
        **_forms(contact),
    )


@bp.route("/contacts/statistics")
@requires("contacts_statistics")
def statistics():
    return render("contacts/statistics.html", stats=queries.statistics(current_user))
