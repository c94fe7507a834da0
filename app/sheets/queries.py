"""Reads of the library, within the reader's scope: national sheets are national data, every
other sheet is read through `scoped()` (a business sees the sheets of its own area).

Download figures are counts over the businesses in the reader's scope, never a list of which
business did or did not download."""

from peewee import JOIN, Case, fn

from app.areas.models import Area
from app.businesses.models import Business
from app.db import paginate
from app.security import scoped
from app.sheets.models import InfoSheet, InfoSheetDownload, InfoSheetVersion


def in_view(user):
    """The condition for the sheets `user` may see: the national ones and those in scope."""
    in_scope = scoped(InfoSheet, user, InfoSheet.select(InfoSheet.id))
    return InfoSheet.area.is_null() | InfoSheet.id.in_(in_scope)


def editable_by(sheet: InfoSheet, user) -> bool:
    """Staff change the sheets of the areas in their scope; national sheets only admins."""
    return user.role == "admin" or sheet.area_id is not None


def sheet_in_view(user, sheet_id, published_only: bool = False) -> InfoSheet | None:
    """One sheet the user may see, with its area and current version (None: not found or
    not the user's to see)."""
    query = _with_current_version(user).where(InfoSheet.id == sheet_id)
    if published_only:
        query = query.where(InfoSheet.status == "published")
    return query.first()


def _with_current_version(user):
    return (
        InfoSheet.select(InfoSheet, InfoSheetVersion, Area)
        .join(
            InfoSheetVersion,
            on=(
                (InfoSheetVersion.sheet == InfoSheet.id)
                & (InfoSheetVersion.number == InfoSheet.version)
            ),
            attr="current",
        )
        .join_from(InfoSheet, Area, JOIN.LEFT_OUTER)
        .where(in_view(user))
    )


def _filtered(query, filters: dict):
    for name in ("language", "topic", "status"):
        if filters.get(name):
            query = query.where(getattr(InfoSheet, name) == filters[name])
    return query


def library_page(user, filters: dict, reader_language: str, page_number):
    """A page of the published sheets a business may download, the reader's language first."""
    published = InfoSheet.status == "published"
    query = _filtered(_with_current_version(user).where(published), filters).order_by(
        Case(None, [(InfoSheet.language == reader_language, 0)], 1),
        InfoSheet.language,
        InfoSheet.title,
        InfoSheet.id,
    )
    count = _filtered(InfoSheet.select().where(published & in_view(user)), filters)
    return paginate(query, page_number, per_page=20, count_query=count)


def staff_page(user, filters: dict, page_number):
    """A page of the sheets staff see, drafts too, the latest changed first."""
    query = _with_current_version(user).order_by(InfoSheet.updated_at.desc(), InfoSheet.id.desc())
    count = _filtered(InfoSheet.select().where(in_view(user)), filters)
    return paginate(_filtered(query, filters), page_number, per_page=25, count_query=count)


def languages_in_library(user, published_only: bool) -> list[str]:
    """The languages of the sheets the user sees (for the language filter)."""
    condition = in_view(user)
    if published_only:
        condition &= InfoSheet.status == "published"
    query = InfoSheet.select(InfoSheet.language).where(condition).distinct()
    return [sheet.language for sheet in query]


def download_figures(user, sheet_ids) -> dict[int, tuple[int, int]]:
    """Sheet id -> (downloads, businesses that downloaded it), counting the downloads in the
    user's scope only (a sheet without any is left out)."""
    if not sheet_ids:
        return {}
    query = (
        InfoSheetDownload.select(
            InfoSheetDownload.sheet,
            fn.SUM(InfoSheetDownload.downloads),
            fn.COUNT(InfoSheetDownload.id),
        )
        .where(InfoSheetDownload.sheet.in_(list(sheet_ids)))
        .group_by(InfoSheetDownload.sheet)
    )
    rows = scoped(InfoSheetDownload, user, query).tuples()
    return {sheet_id: (int(downloads), count) for sheet_id, downloads, count in rows}


def reach(user) -> dict:
    """How many active businesses are in the user's scope, how many of them have downloaded
    any sheet, and the share (None without businesses)."""
    downloaded = Case(
        None, [(Business.id.in_(InfoSheetDownload.select(InfoSheetDownload.business)), 1)], 0
    )
    query = Business.select(fn.COUNT(Business.id), fn.SUM(downloaded)).where(
        Business.status == "active"
    )
    businesses, reached = scoped(Business, user, query).tuples().get()
    reached = int(reached or 0)
    return {
        "businesses": businesses,
        "reached": reached,
        "share": reached / businesses if businesses else None,
    }


def versions_of(sheet: InfoSheet) -> list:
    return list(
        InfoSheetVersion.select()
        .where(InfoSheetVersion.sheet == sheet.id)
        .order_by(InfoSheetVersion.number.desc())
    )


def version_of(sheet: InfoSheet, number) -> InfoSheetVersion | None:
    return InfoSheetVersion.get_or_none(
        (InfoSheetVersion.sheet == sheet.id) & (InfoSheetVersion.number == number)
    )


def areas_in_scope(user):
    return scoped(Area, user).order_by(Area.name, Area.id)


def own_area(user) -> Area:
    """A business user's area (public facts: its name and address)."""
    return (
        Area.select()
        .where(Area.id.in_(scoped(Business, user, Business.select(Business.area))))
        .get()
    )
