"""Writes of the administration, each with its audit entry."""

from app.accounts.models import User
from app.accounts.services import disable, end_sessions, invite_user
from app.areas.models import AreaMunicipality, CustomsRegionArea
from app.audit.models import record
from app.db import database


def save_row(section, form, row, by: User):
    """A new or changed row of an admin section, with its links to other rows."""
    with database.atomic():
        obj = row or section.model()
        for name, field in form._fields.items():
            if name in section.model._meta.fields:
                setattr(obj, name, field.data)
        obj.save()
        if section.name == "areas":
            _replace_links(AreaMunicipality, "area", obj, "municipality", form.municipalities.data)
        elif section.name == "customs-regions":
            _replace_links(CustomsRegionArea, "region", obj, "area", form.areas.data)
        record(section.changed_action if row else section.added_action, obj, actor=by)
    return obj


def _replace_links(link_model, owner_field, owner, other_field, other_ids) -> None:
    link_model.delete().where(getattr(link_model, owner_field) == owner).execute()
    link_model.insert_many([{owner_field: owner, other_field: i} for i in other_ids]).execute()


def invite_staff(email: str, name: str, role: str, scope: dict, by: User) -> User:
    with database.atomic():
        user = invite_user(email, role, name=name, **scope)
        record("staff_invited", user, actor=by)
    return user


def change_staff(user: User, role: str, scope: dict, by: User) -> None:
    """A new role or scope; the person is logged out so that it takes effect."""
    with database.atomic():
        User.update(role=role, **scope).where(User.id == user.id).execute()
        end_sessions(user.id)
        record("staff_changed", user, actor=by)


def disable_staff(user: User, by: User) -> None:
    with database.atomic():
        disable(user)
        record("staff_disabled", user, actor=by)


def enable_staff(user: User, by: User) -> None:
    with database.atomic():
        User.update(disabled_at=None).where(User.id == user.id).execute()
        record("staff_enabled", user, actor=by)
