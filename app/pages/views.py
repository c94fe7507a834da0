from flask import jsonify, redirect, request, session, url_for
from flask_login import current_user
from peewee import fn

from app import health
from app.areas.models import Area
from app.businesses.models import Business
from app.features import home_panels
from app.htmx import render
from app.i18n import LANGUAGES
from app.pages import bp
from app.security import public, requires, safe_next, scoped
from app.templating import render_panels


@bp.route("/healthz")
@public
def healthz():
    """200 when the database, the job queue and the upload storage all work, else 503. The
    public answer says only that; an administrator also sees which part fails (the log says
    why)."""
    checks = health.check()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    if current_user.is_authenticated and current_user.role == "admin":
        body["checks"] = {name: "ok" if good else "failing" for name, good in checks.items()}
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/home")
@requires()
def home():
    panels = render_panels(home_panels(current_user._get_current_object()))
    if current_user.role == "business":  # the business and its area came with the session
        return render("pages/home_business.html", business=current_user.business, panels=panels)
    if current_user.role == "police":  # one area, which came with the session
        areas = [current_user.area]
    else:
        areas = list(scoped(Area).order_by(Area.name))
    counts = dict(
        scoped(Business, query=Business.select(Business.status, fn.COUNT(Business.id)))
        .group_by(Business.status)
        .tuples()
    )
    return render("pages/home_staff.html", areas=areas, counts=counts, panels=panels)


@bp.route("/language/<code>")
@public
def set_language(code):
    """A plain link (works without JavaScript). A GET writes nothing but the session: the
    account keeps the language chosen when its user next logs in or out (mails use it)."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("public.index"), code=303)
