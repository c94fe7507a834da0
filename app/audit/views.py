from datetime import datetime, time

import peewee as pw
from flask import request

from app.accounts.models import User
from app.audit import bp
from app.audit.forms import AuditFilterForm
from app.audit.models import AuditEntry
from app.db import contains, paginate_uncounted
from app.htmx import render
from app.security import requires, scoped


@bp.route("/audit/")
@requires("view_audit")
def index():
    entries = scoped(
        AuditEntry,
        query=AuditEntry.select(AuditEntry, User)
        .join(User, pw.JOIN.LEFT_OUTER, on=(AuditEntry.actor == User.id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()),
    )
    actions = [
        row.action
        for row in scoped(
            AuditEntry, query=AuditEntry.select(AuditEntry.action).distinct()
        ).order_by(AuditEntry.action)
    ]
    form = AuditFilterForm(actions, formdata=request.args)
    if form.validate():
        if form.actor.data:
            entries = entries.where(contains(User.email, form.actor.data.strip()))
        if form.action.data:
            entries = entries.where(AuditEntry.action == form.action.data)
        if form.since.data:
            entries = entries.where(AuditEntry.at >= datetime.combine(form.since.data, time.min))
        if form.until.data:
            entries = entries.where(AuditEntry.at <= datetime.combine(form.until.data, time.max))
    page = paginate_uncounted(entries, request.args.get("page"))
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render("audit/index.html", block="results", form=form, page=page, filters=filters)
