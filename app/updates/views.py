"""Updates: the staff publish and follow them; business users read them in their feed and
choose how to hear of new ones; a link in each mail stops the mails without logging in."""

from datetime import datetime

from babel.lists import format_list
from flask import abort, flash, request
from flask_babel import format_datetime, get_locale, pgettext
from flask_babel import gettext as _
from flask_login import current_user

from app import csrf
from app.businesses.models import SITE_TYPE_LABELS
from app.db import utcnow
from app.htmx import render, see_other
from app.security import get_in_scope, public, requires
from app.updates import bp
from app.updates.audience import desk_of, desk_of_update, reach
from app.updates.forms import PreferencesForm, UpdateForm, chosen_file
from app.updates.markdown import render as render_markdown
from app.updates.models import CATEGORY_LABELS, UpdateImage
from app.updates.queries import (
    STATUSES,
    businesses_that_read,
    feed_page,
    images_of,
    managed,
    municipality_names,
    narrowing_choices,
    update_in_scope,
    update_to_read,
)
from app.updates.services import (
    Files,
    change,
    delete_update,
    mark_read,
    preference_of,
    publish,
    save_preference,
    stop_mails,
    unsubscribe_state,
)
from app.uploads import send_stored

TEXT_FIELDS = ("category", "title", "body", "pinned")
TIME = "yyyy-MM-dd HH:mm"  # as |datetime_iso shows it


# ---------------------------------------------------------------- template helpers


@bp.app_template_global()
def update_sender(update) -> str:
    """Whom an update is from, as its readers see it."""
    if update.level == "area":
        return _("The police in %(area)s", area=update.place_name)
    if update.level == "municipality":
        return update.place_name
    if update.level == "region":
        return _("Tullverket, %(region)s", region=update.place_name)
    if update.publisher == "customs":
        return _("Tullverket")
    return _("The TIF portal")


@bp.app_template_global()
def update_category(code: str) -> str:
    return str(CATEGORY_LABELS[code])


@bp.app_template_global()
def update_status_label(status: str) -> str:
    return {
        "scheduled": _("Scheduled"),
        "published": pgettext("update", "Published"),
        "expired": _("Removed"),
    }[status]


@bp.app_template_global()
def update_publication(update) -> str:
    """Where the update stands: scheduled, published or removed, and since when."""
    now = utcnow()
    if not update.is_published(now):
        return _("Scheduled for %(time)s", time=format_datetime(update.publish_at, TIME))
    if update.is_expired(now):
        return _("Removed %(time)s", time=format_datetime(update.expires_at, TIME))
    return _("Published %(time)s", time=format_datetime(update.publish_at, TIME))


@bp.app_template_global()
def update_desk_reach(level: str, place_name: str | None) -> str:
    """Whom updates from a desk reach, in a sentence."""
    if level == "national":
        return _("Updates you publish reach every connected business in the country.")
    return _(
        "Updates you publish reach the connected businesses of %(place)s.",
        place=_place_phrase(level, place_name),
    )


@bp.app_template_global()
def update_audience(update, municipality_names) -> str:
    """Whom an update is addressed to: its desk's businesses, and how it is narrowed."""
    if update.level == "national":
        whom = _("Every connected business in the country")
    else:
        place = _place_phrase(update.level, update.place_name)
        whom = _("The connected businesses of %(place)s", place=place)
    narrowing = []
    if update.site_types:
        types = [str(SITE_TYPE_LABELS[code]) for code in update.site_type_list()]
        narrowing.append(_("only %(types)s", types=format_list(types, locale=get_locale())))
    if municipality_names:
        places = format_list(municipality_names, locale=get_locale())
        narrowing.append(_("only in %(places)s", places=places))
    return "; ".join([whom, *narrowing])


def _place_phrase(level: str, place_name: str) -> str:
    """ "police area Sundsvall", "Sundsvalls kommun", "Tullregion Norr"."""
    if level == "area":
        return _("police area %(area)s", area=place_name)
    return place_name


@bp.app_template_filter()
def markdown(text: str):
    return render_markdown(text)


# ---------------------------------------------------------------- business users


@bp.route("/updates/")
@requires("read_updates")
def feed():
    as_of = _moment(request.args.get("at"))
    page = feed_page(current_user, request.args.get("page"), as_of)
    return render("updates/feed.html", block="more", page=page, at=as_of.isoformat("T", "seconds"))


def _moment(text):
    """The time a list was first shown, from its "Show more" link (now when it is missing,
    malformed or in the future)."""
    now = utcnow()
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return now
    return min(moment.replace(tzinfo=None), now) if moment.year >= 2000 else now


@bp.route("/updates/<int:update_id>")
@requires("read_updates")
def read(update_id):
    update = update_to_read(current_user, update_id)
    if update.unread:
        mark_read(update, current_user)
    return render("updates/read.html", update=update, images=images_of(update))


@bp.route("/updates/<int:update_id>/attachment")
@requires()
def attachment(update_id):
    update = update_in_scope(current_user, update_id)
    if not update.attachment:
        abort(404)
    return send_stored(update.attachment, update.title)


@bp.route("/updates/images/<int:update_image_id>")
@requires()
def image(update_image_id):
    image = get_in_scope(UpdateImage, update_image_id)
    return send_stored(image.stored_name, image.description, as_attachment=False)


@bp.route("/updates/settings", methods=["GET", "POST"])
@requires("read_updates")
def settings():
    preference = preference_of(current_user)
    form = PreferencesForm(obj=preference)
    if form.validate_on_submit():
        save_preference(current_user, form.notify.data, form.frequency.data)
        flash(_("Your choice is saved."), "success")
        return see_other("updates.settings")
    return render("updates/settings.html", form=form, status=422 if form.errors else 200)


# ---------------------------------------------------------------- the link in the mails


@bp.route("/updates/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail programs post here on their own (RFC 8058); the token is the key
@public
def unsubscribe(token):
    if request.method == "POST" and stop_mails(token):
        return see_other("updates.unsubscribe", token=token)
    state = unsubscribe_state(token)
    return render(
        "updates/unsubscribe.html",
        state=state,
        token=token,
        status=404 if state == "invalid" else 200,
    )


# ---------------------------------------------------------------- staff


@bp.route("/updates/manage/")
@requires("publish_updates")
def manage():
    shown = request.args.get("status")
    shown = shown if shown in STATUSES else None
    page = managed(current_user, shown, request.args.get("page"))
    return render(
        "updates/manage.html",
        page=page,
        shown=shown,
        statuses=STATUSES,
        read=businesses_that_read(page.items),
        desk=desk_of(current_user),
    )


@bp.route("/updates/manage/<int:update_id>")
@requires("publish_updates")
def detail(update_id):
    update = update_in_scope(current_user, update_id)
    return render(
        "updates/detail.html",
        update=update,
        images=images_of(update),
        read=businesses_that_read([update]),
        municipality_names=municipality_names(
            [link.municipality_id for link in update.municipality_links]
        ),
    )


@bp.route("/updates/manage/new", methods=["GET", "POST"])
@requires("publish_updates")
def new():
    desk = desk_of(current_user)
    form = UpdateForm(narrowing_choices(desk))
    return _edit(form, desk, None)


@bp.route("/updates/manage/<int:update_id>/edit", methods=["GET", "POST"])
@requires("publish_updates")
def edit(update_id):
    update = update_in_scope(current_user, update_id)
    desk = desk_of_update(update)
    form = UpdateForm(narrowing_choices(desk), update, images_of(update))
    return _edit(form, desk, update)


def _edit(form, desk, update):
    previewing = request.form.get("action") == "preview"
    valid = form.validate_on_submit()
    if valid and not previewing:
        _save(form, desk, update)
        return see_other("updates.manage")
    preview = _preview(form, desk) if previewing else None
    return render(
        "updates/form.html",
        block="preview" if previewing else None,
        form=form,
        update=update,
        desk=desk,
        preview=preview,
        status=422 if form.errors else 200,
    )


def _preview(form, desk) -> dict:
    """The text as the businesses will see it, and whom the audience chosen reaches."""
    audience_valid = not (form.site_types.errors or form.municipalities.errors)
    businesses, people = (
        reach(desk.narrowed_to(form.site_types.data, form.municipalities.data))
        if audience_valid
        else (None, None)
    )
    return {
        "title": form.title.data,
        "body": None if form.body.errors else form.body.data,
        "businesses": businesses,
        "people": people,
        "files_dropped": bool(chosen_file(form.image) or chosen_file(form.attachment)),
    }


def _save(form, desk, update) -> None:
    values = {name: form[name].data for name in TEXT_FIELDS}
    values["expires_at"] = form.expiry_time()
    if "when" in form:
        values["publish_at"] = form.publication_time()
    files = Files(
        image=chosen_file(form.image),
        image_description=form.image_description.data,
        attachment=chosen_file(form.attachment),
        remove_image_ids=tuple(form.remove_images.data or ()),
        remove_attachment="remove_attachment" in form and form.remove_attachment.data,
    )
    if update is None:
        audience = desk.narrowed_to(form.site_types.data, form.municipalities.data)
        publish(values, audience, files, by=current_user)
        if values["publish_at"] is None:
            flash(_("The update is published."), "success")
        else:
            flash(_("The update is scheduled."), "success")
    else:
        change(
            update, values, form.site_types.data, form.municipalities.data, files, by=current_user
        )
        flash(_("The update is saved."), "success")


@bp.route("/updates/manage/<int:update_id>/delete", methods=["POST"])
@requires("publish_updates")
def delete(update_id):
    update = update_in_scope(current_user, update_id)
    delete_update(update, by=current_user)
    flash(_("The update “%(title)s” is deleted.", title=update.title), "success")
    return see_other("updates.manage")
