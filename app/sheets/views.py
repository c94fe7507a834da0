"""The library for businesses (browse, download), the library for staff (upload, versions,
figures), and the generated area sheet that anyone with its link may download."""

from babel.units import format_unit
from flask import abort, flash, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import uploads
from app.areas.queries import area_or_404
from app.db import paginate
from app.downloads import file_response, safe_filename
from app.forms import form_values
from app.htmx import render, see_other
from app.security import public, requires
from app.sheets import bp
from app.sheets.area_sheet import offered_languages
from app.sheets.forms import (
    LibraryFilterForm,
    NewSheetForm,
    SheetForm,
    StaffFilterForm,
    VersionForm,
)
from app.sheets.languages import own_name
from app.sheets.models import TOPIC_LABELS
from app.sheets.queries import (
    areas_in_scope,
    download_figures,
    editable_by,
    languages_in_library,
    library_page,
    own_area,
    reach,
    sheet_in_view,
    staff_page,
    version_of,
    versions_of,
)
from app.sheets.services import add_sheet, add_version, area_sheet, change_sheet, count_download

DETAILS = ("title", "summary", "topic", "language", "status")


@bp.app_template_global()
def sheet_language_name(code):
    return own_name(code)


@bp.app_template_global()
def sheet_topic_label(code):
    return TOPIC_LABELS.get(code, code)


@bp.app_template_global()
def sheet_area_languages():
    return offered_languages()


@bp.app_template_filter()
def sheet_size(size_in_bytes):
    """240 kB, 1,2 MB (in the reader's language)."""
    if size_in_bytes >= 1024 * 1024:
        return format_unit(
            round(size_in_bytes / 1024 / 1024, 1), "digital-megabyte", "short", locale=get_locale()
        )
    return format_unit(
        max(1, round(size_in_bytes / 1024)), "digital-kilobyte", "short", locale=get_locale()
    )


def _reader_language() -> str:
    return str(get_locale())


def _pdf(version, title: str):
    """A stored version as a download. Read whole (a sheet is at most 5 MB) rather than
    streamed, so that no file stays open after the response."""
    try:
        data = uploads.read(version.stored_name)
    except (OSError, ValueError):
        abort(404)
    return file_response(data, safe_filename(title, ".pdf"), "application/pdf")


# ---------------------------------------------------------------- businesses


@bp.route("/sheets/")
@requires("business_self")
def library():
    reader = _reader_language()
    form = LibraryFilterForm(languages_in_library(current_user, published_only=True), reader)
    form.validate()
    page = library_page(current_user, form.filters(), reader, request.args.get("page"))
    return render(
        "sheets/library.html", block="results", form=form, page=page, area=own_area(current_user)
    )


@bp.route("/sheets/<int:info_sheet_id>/download")
@requires("business_self")
def download(info_sheet_id):
    sheet = sheet_in_view(current_user, info_sheet_id, published_only=True) or abort(404)
    response = _pdf(sheet.current, sheet.title)
    count_download(sheet, by=current_user)
    return response


# ---------------------------------------------------------------- staff


@bp.route("/sheets/manage/")
@requires("manage_sheets")
def manage():
    form = StaffFilterForm(
        languages_in_library(current_user, published_only=False), _reader_language()
    )
    form.validate()
    page = staff_page(current_user, form.filters(), request.args.get("page"))
    return render(
        "sheets/manage.html",
        block="results",
        form=form,
        page=page,
        figures=download_figures(current_user, [sheet.id for sheet in page.items]),
        reach=reach(current_user),
    )


@bp.route("/sheets/manage/new", methods=["GET", "POST"])
@requires("manage_sheets")
def new():
    form = NewSheetForm(
        _reader_language(),
        areas_in_scope(current_user),
        national=current_user.role == "admin",
    )
    if form.validate_on_submit():
        values = {**form_values(form, DETAILS), "area": form.area.data}
        sheet = add_sheet(values, form.file.data.read(), by=current_user)
        flash(_("%(title)s is uploaded.", title=sheet.title), "success")
        return see_other("sheets.detail", info_sheet_id=sheet.id)
    return render("sheets/new.html", form=form, status=422 if form.errors else 200)


def _sheet_for_staff(info_sheet_id, to_change: bool = False):
    sheet = sheet_in_view(current_user, info_sheet_id) or abort(404)
    if to_change and not editable_by(sheet, current_user):
        abort(403)
    return sheet


def _detail_page(sheet, details_form=None, version_form=None):
    editable = editable_by(sheet, current_user)
    failed = bool(details_form and details_form.errors or version_form and version_form.errors)
    downloads, businesses = download_figures(current_user, [sheet.id]).get(sheet.id, (0, 0))
    return render(
        "sheets/detail.html",
        sheet=sheet,
        editable=editable,
        details_form=details_form or SheetForm(_reader_language(), obj=sheet),
        version_form=version_form or VersionForm(),
        versions=versions_of(sheet),
        downloads=downloads,
        businesses=businesses,
        status=422 if failed else 200,
    )


@bp.route("/sheets/manage/<int:info_sheet_id>", methods=["GET", "POST"])
@requires("manage_sheets")
def detail(info_sheet_id):
    """The sheet with its versions and figures; POST: its changed details."""
    sheet = _sheet_for_staff(info_sheet_id, to_change=request.method == "POST")
    if request.method == "GET":
        return _detail_page(sheet)
    form = SheetForm(_reader_language())
    if not form.validate():
        return _detail_page(sheet, details_form=form)
    change_sheet(sheet, form_values(form, DETAILS), by=current_user)
    flash(_("%(title)s is saved.", title=form.title.data), "success")
    return see_other("sheets.detail", info_sheet_id=sheet.id)


@bp.route("/sheets/manage/<int:info_sheet_id>/version", methods=["POST"])
@requires("manage_sheets")
def new_version(info_sheet_id):
    sheet = _sheet_for_staff(info_sheet_id, to_change=True)
    form = VersionForm()
    if not form.validate():
        return _detail_page(sheet, version_form=form)
    number = add_version(sheet, form.file.data.read(), by=current_user)
    flash(
        _("Version %(number)s of %(title)s is uploaded.", number=number, title=sheet.title),
        "success",
    )
    return see_other("sheets.detail", info_sheet_id=sheet.id)


@bp.route("/sheets/manage/<int:info_sheet_id>/file")
@requires("manage_sheets")
def staff_file(info_sheet_id):
    """The current version, or `?version=N` (old versions stay available to staff)."""
    sheet = _sheet_for_staff(info_sheet_id)
    number = request.args.get("version", type=int, default=sheet.version)
    version = version_of(sheet, number) if 0 < number < 2**31 else None
    if version is None:
        abort(404)
    return _pdf(version, _("%(title)s, version %(number)s", title=sheet.title, number=number))


@bp.route("/sheets/manage/area-sheets")
@requires("manage_sheets")
def area_sheets():
    page = paginate(areas_in_scope(current_user), request.args.get("page"), per_page=25)
    return render("sheets/area_sheets.html", page=page)


# ---------------------------------------------------------------- anyone with the link


@bp.route("/<slug>/information-sheet-<code>.pdf")
@public
def area_sheet_pdf(slug, code):
    area = area_or_404(slug)
    if code not in offered_languages():
        abort(404)
    with_language = _(
        "Information sheet %(area)s (%(language)s)", area=area.name, language=own_name(code)
    )
    return file_response(
        area_sheet(area, code), safe_filename(with_language, ".pdf"), "application/pdf"
    )
