"""Reads of the audit log, within the reader's scope."""

from datetime import datetime, time

import peewee as pw

from app.accounts.models import User
from app.audit.models import AuditEntry, action_labels
from app.db import contains
from app.security import scoped


def actions_in_scope(user) -> list[tuple[str, object]]:
    """(code, label) of the actions that occur in the entries `user` may see."""
    codes = scoped(AuditEntry, user, AuditEntry.select(AuditEntry.action).distinct())
    labels = action_labels()
    pairs = [(row.action, labels.get(row.action, row.action)) for row in codes]
    return sorted(pairs, key=lambda pair: str(pair[1]))


def entries(form, user):
    """The entries in scope matching a validated AuditFilterForm, newest first."""
    query = scoped(
        AuditEntry,
        user,
        AuditEntry.select(AuditEntry, User)
        .join(User, pw.JOIN.LEFT_OUTER, on=(AuditEntry.actor == User.id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()),
    )
    if form.value("actor"):
        query = query.where(contains(User.email, form.value("actor").strip()))
    if form.value("action"):
        query = query.where(AuditEntry.action == form.value("action"))
    if form.value("since"):
        query = query.where(AuditEntry.at >= datetime.combine(form.value("since"), time.min))
    if form.value("until"):
        query = query.where(AuditEntry.at <= datetime.combine(form.value("until"), time.max))
    return query
