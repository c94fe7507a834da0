from functools import cache

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.audit import bp
from app.audit.forms import AuditFilterForm
from app.audit.models import action_labels
from app.audit.queries import actions_in_scope, entries
from app.db import paginate_uncounted
from app.htmx import render
from app.models import MODELS
from app.security import requires


@bp.app_template_global()
def audit_action_label(code):
    return action_labels().get(code, code)


@cache
def _object_labels() -> dict:
    return {model.__name__: model.label for model in MODELS if hasattr(model, "label")}


@bp.app_template_global()
def audit_object_label(object_type, object_id):
    """ "Business no. 12": what kind of object, in words, and its number."""
    kind = _object_labels().get(object_type, object_type)
    return _("%(kind)s no. %(number)s", kind=kind, number=object_id)


@bp.route("/audit/")
@requires("view_audit")
def index():
    form = AuditFilterForm(actions_in_scope(current_user))
    form.validate()
    page = paginate_uncounted(entries(form, current_user), request.args.get("page"))
    return render("audit/index.html", block="results", form=form, page=page)
