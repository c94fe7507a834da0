"""Seizure feedback: the business's view of its area, the register police and customs keep,
and the statistics of every scope with their exports."""

from flask import abort, flash, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.shortcuts import model_to_dict

from app.areas.queries import municipalities_in_scope
from app.charts import bar_chart
from app.exports import csv_response, xlsx_response
from app.htmx import render, see_other
from app.security import requires
from app.seizures import bp, queries
from app.seizures.forms import SeizureFeedbackForm
from app.seizures.models import CATEGORY_LABELS
from app.seizures.periods import local_today, month_label
from app.seizures.queries import areas_in_scope, entry_in_scope, feedback_for_business
from app.seizures.services import delete_entry, save_entry


@bp.app_template_global()
def seizure_category_label(code):
    return CATEGORY_LABELS.get(code, code)


@bp.app_template_global()
def seizures_quarter_label(quarter):
    return quarter.label()


bp.add_app_template_global(month_label, "seizures_month_label")


bp.add_app_template_global(queries.released_on, "seizures_released_on")


@bp.app_template_global()
def seizures_chart(title, figures, row_name, column_name):
    """A bar chart of a table's figures: a group per row, a bar per column (at most four)."""
    return bar_chart(
        title,
        [row_name(row) for row in figures.rows],
        [(column_name(column), figures.column_values(column)) for column in figures.columns],
        description=_("The same figures are in the table below the chart."),
    )


@bp.route("/seizures/")
@requires("seizures_feedback")
def feedback():
    return render("seizures/feedback.html", feedback=feedback_for_business(current_user))


@bp.route("/seizures/entries/")
@requires("seizures_register")
def entries():
    page = queries.register_page(current_user, request.args.get("page"))
    return render("seizures/entries.html", page=page, today=local_today())


@bp.route("/seizures/entries/new", methods=["GET", "POST"])
@requires("seizures_register")
def new():
    return _edit(None)


@bp.route("/seizures/entries/<int:seizure_feedback_id>", methods=["GET", "POST"])
@requires("seizures_register")
def edit(seizure_feedback_id):
    return _edit(entry_in_scope(current_user, seizure_feedback_id))


def _edit(entry):
    today = local_today()
    if entry is not None and not queries.is_open(entry, today):
        return _locked(entry)
    form = SeizureFeedbackForm(
        areas_in_scope(current_user),
        municipalities_in_scope(current_user),
        today,
        data=model_to_dict(entry, recurse=False) if entry else None,
    )
    if form.validate_on_submit():
        save_entry(form.values(), by=current_user, entry=entry)
        flash(_("The seizure feedback is saved."), "success")
        return see_other("seizures.entries")
    return render("seizures/form.html", form=form, entry=entry, status=422 if form.errors else 200)


def _locked(entry):
    """A fed-back entry is shown, never changed: a change would show in the figures."""
    status = 422 if request.method == "POST" else 200
    return render("seizures/locked.html", entry=entry, status=status)


@bp.route("/seizures/entries/<int:seizure_feedback_id>/delete", methods=["POST"])
@requires("seizures_register")
def delete(seizure_feedback_id):
    entry = entry_in_scope(current_user, seizure_feedback_id)
    if not queries.is_open(entry, local_today()):
        return _locked(entry)
    delete_entry(entry, by=current_user)
    flash(_("The seizure feedback is deleted."), "success")
    return see_other("seizures.entries")


@bp.route("/seizures/statistics")
@requires("seizures_statistics")
def statistics():
    return render("seizures/statistics.html", stats=queries.statistics(current_user))


def _export():
    """The statistics page's table by category and quarter, with its totals: the title, the
    header and the rows (a figure not shown is written "–")."""
    figures = queries.statistics(current_user).figures

    def cells(values):
        return ["–" if value is None else value for value in values]

    header = [_("Category"), *(q.label() for q in figures.columns), _("Total")]
    rows = [
        [
            seizure_category_label(row),
            *cells([*figures.row_values(row), figures.row_total(row)]),
        ]
        for row in figures.rows
    ]
    totals = [figures.column_total(column) for column in figures.columns]
    rows.append([_("Total"), *cells([*totals, figures.total])])
    title = _("Seizure feedback %(date)s", date=format_date(local_today(), "yyyy-MM-dd"))
    return title, header, rows


@bp.route("/seizures/statistics/export")
@requires("seizures_statistics")
def statistics_export():
    """The table by category as a spreadsheet: ?format=xlsx (the default) or csv."""
    spreadsheet = request.args.get("format", "xlsx")
    if spreadsheet not in ("xlsx", "csv"):
        abort(404)
    title, header, rows = _export()
    if spreadsheet == "csv":
        return csv_response(title, header, rows)
    return xlsx_response(title, _("Seizure feedback"), header, rows)
