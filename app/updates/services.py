"""Writes of updates: publishing, changing and deleting (each with its audit entry), read
marks, and how each person wants to hear of new updates – with the link in every mail that
stops them, which works without logging in."""

import struct
from dataclasses import dataclass

from peewee import fn
from werkzeug.datastructures import FileStorage

from app import uploads
from app.accounts.models import User
from app.audit.models import record
from app.db import database, utcnow
from app.updates.audience import Audience, desk_of_update
from app.updates.models import (
    Update,
    UpdateImage,
    UpdateMunicipality,
    UpdatePreference,
    UpdateRead,
)
from app.updates.notifications import announce, read_unsubscribe_token, store_reach
from app.updates.queries import businesses_that_read


@dataclass
class Files:
    """What the form brings besides its text: an image with its description, a PDF, and
    what to remove."""

    image: FileStorage | None = None
    image_description: str = ""
    attachment: FileStorage | None = None
    remove_image_ids: tuple = ()
    remove_attachment: bool = False


class _Stored:
    """Files saved before a transaction: deleted again when it fails."""

    def __init__(self):
        self.names = []

    def save(self, upload: FileStorage, kind: str | None = None) -> tuple[str, bytes]:
        data = upload.read()
        name = uploads.save(data, kind or uploads.image_kind(data))
        self.names.append(name)
        return name, data

    def discard(self) -> None:
        for name in self.names:
            uploads.delete(name)


def _png_size(data: bytes) -> tuple[int | None, int | None]:
    """Width and height from a checked PNG's header (an SVG's are not known)."""
    if data.startswith(uploads.PNG_SIGNATURE):
        return struct.unpack(">II", data[16:24])
    return None, None


def _add_image(update: Update, stored: _Stored, files: Files) -> None:
    name, data = stored.save(files.image)
    width, height = _png_size(data)
    position = (
        UpdateImage.select(fn.MAX(UpdateImage.position)).where(UpdateImage.update == update.id)
    ).scalar()
    UpdateImage.create(
        update=update.id,
        stored_name=name,
        description=files.image_description.strip(),
        width=width,
        height=height,
        position=(position or 0) + 1,
    )


def _link_municipalities(update: Update, municipality_ids) -> None:
    UpdateMunicipality.delete().where(UpdateMunicipality.update == update.id).execute()
    UpdateMunicipality.insert_many(
        [{"update": update.id, "municipality": m} for m in municipality_ids]
    ).execute()


def publish(values: dict, audience: Audience, files: Files, by: User) -> Update:
    """A new update from `by`'s desk, published now or at `values["publish_at"]` (None:
    now). Announced at once when it is published now: reach counted, mails queued."""
    now = utcnow()
    values = dict(values)
    publish_at = values.pop("publish_at", None) or now
    stored = _Stored()
    try:
        with database.atomic():
            attachment = stored.save(files.attachment, "pdf")[0] if files.attachment else ""
            update = Update.create(
                **values,
                **audience.columns(),
                place_name=audience.place_name(),
                publish_at=publish_at,
                attachment=attachment,
                publisher=by.role,
                author=by.id,
            )
            _link_municipalities(update, audience.municipality_ids)
            if files.image is not None:
                _add_image(update, stored, files)
            record(
                "update_published" if publish_at <= now else "update_scheduled", update, actor=by
            )
    except Exception:
        stored.discard()
        raise
    if publish_at <= now:
        announce(update.id)
    return update


def change(update: Update, values: dict, site_types, municipality_ids, files: Files, by: User):
    """Save a changed update. Its read marks stay; once published it is marked as updated and
    its reach counted again."""
    now = utcnow()
    published = update.is_published(now)
    audience = desk_of_update(update).narrowed_to(site_types, municipality_ids)
    narrowing = {k: v for k, v in audience.columns().items() if k in ("site_types", "narrowed")}
    if published:
        values = {**values, "edited_at": now}
        values.pop("publish_at", None)
    elif values.get("publish_at") is None:
        values = {**values, "publish_at": now}  # "now" chosen for a scheduled update
    removed_images = list(
        UpdateImage.select().where(
            (UpdateImage.update == update.id) & UpdateImage.id.in_(list(files.remove_image_ids))
        )
    )
    replaced = []
    if update.attachment and (files.remove_attachment or files.attachment):
        replaced.append(update.attachment)
        values["attachment"] = ""
    stored = _Stored()
    try:
        with database.atomic():
            if files.attachment is not None:
                values["attachment"] = stored.save(files.attachment, "pdf")[0]
            Update.update(**values, **narrowing).where(Update.id == update.id).execute()
            _link_municipalities(update, audience.municipality_ids)
            UpdateImage.delete().where(UpdateImage.id.in_([i.id for i in removed_images])).execute()
            if files.image is not None:
                _add_image(update, stored, files)
            record("update_changed", update, actor=by)
            if published:
                store_reach(update.id, audience)
    except Exception:
        stored.discard()
        raise
    for name in replaced + [image.stored_name for image in removed_images]:
        uploads.delete(name)
    if not published and values["publish_at"] <= now:
        announce(update.id)


def delete_update(update: Update, by: User) -> None:
    names = [image.stored_name for image in update.images]
    if update.attachment:
        names.append(update.attachment)
    with database.atomic():
        record("update_deleted", update, actor=by)
        Update.delete().where(Update.id == update.id).execute()
    for name in names:
        uploads.delete(name)


def mark_read(update: Update, user: User) -> None:
    UpdateRead.insert(
        update=update.id, user=user.id, business=user.business_id, read_at=utcnow()
    ).on_conflict_ignore().execute()


# ---------------------------------------------------------------- notification preferences


def preference_of(user: User) -> UpdatePreference:
    """The user's preference (an unsaved default, no mails, when there is none)."""
    found = UpdatePreference.get_or_none(UpdatePreference.user == user.id)
    return found if found is not None else UpdatePreference(user=user.id)


def save_preference(user: User, notify: str, frequency: str) -> None:
    preference = preference_of(user)
    if frequency == "daily" and preference.frequency != "daily":
        preference.digested_until = utcnow()  # the first digest covers what comes from now
    preference.notify, preference.frequency = notify, frequency
    preference.save()


def unsubscribe_state(token: str) -> str:
    """ "valid": the link can stop the mails; "done": it was used, and no mails are sent; or
    "invalid" (forged, too old, or replaced by a newer link since)."""
    read = read_unsubscribe_token(token)
    if read is None:
        return "invalid"
    user_id, version = read
    preference = UpdatePreference.get_or_none(UpdatePreference.user == user_id)
    if preference is None:
        return "invalid"
    if preference.link_version == version:
        return "valid"
    return "done" if preference.notify == "none" else "invalid"


def stop_mails(token: str) -> bool:
    """Stop the mails of the link's person, once per link; whether it did."""
    read = read_unsubscribe_token(token)
    if read is None:
        return False
    user_id, version = read
    changed = (
        UpdatePreference.update(notify="none", link_version=UpdatePreference.link_version + 1)
        .where((UpdatePreference.user == user_id) & (UpdatePreference.link_version == version))
        .execute()
    )
    return changed == 1


def forget_readers_of_expired_updates() -> None:
    """Who read an expired update is no longer needed: keep how many businesses did, and
    delete the read marks (also of an update shown again and expired once more)."""
    has_marks = fn.EXISTS(UpdateRead.select().where(UpdateRead.update == Update.id))
    expired = list(
        Update.select(Update.id, Update.read_businesses).where(
            (Update.expires_at <= utcnow()) & (Update.read_businesses.is_null() | has_marks)
        )
    )
    counts = businesses_that_read(expired)
    with database.atomic():
        for update_id, count in counts.items():
            Update.update(read_businesses=count).where(Update.id == update_id).execute()
        UpdateRead.delete().where(UpdateRead.update.in_(list(counts))).execute()


def forget_person(user: User) -> None:
    """An erased account gets no more notifications; its read marks stay (they point at the
    pseudonymous account and go when the update expires)."""
    UpdatePreference.delete().where(UpdatePreference.user == user.id).execute()
