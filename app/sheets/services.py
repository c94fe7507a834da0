"""Writes: sheets and their versions (each with its audit entry), the download count, and the
generated area sheets kept until what they show changes."""

import hashlib
import json
from contextlib import contextmanager

from app import uploads
from app.areas.queries import covered_municipalities
from app.audit.models import record
from app.db import database, utcnow
from app.sheets.area_sheet import LAYOUT_VERSION, area_page_url, render_sheet, texts_fingerprint
from app.sheets.models import AreaSheet, InfoSheet, InfoSheetDownload, InfoSheetVersion


@contextmanager
def _stored_pdf(data: bytes):
    """The PDF saved under a new name (given to the block); removed again when the block
    fails, so no file outlives a row that was never written."""
    name = uploads.save(data, "pdf")
    try:
        yield name
    except BaseException:
        uploads.delete(name)
        raise


def add_sheet(values: dict, data: bytes, by) -> InfoSheet:
    """A new sheet (title, summary, topic, language, status, area) with `data` as version 1."""
    with _stored_pdf(data) as name, database.atomic():
        sheet = InfoSheet.create(**values, version=1)
        InfoSheetVersion.create(sheet=sheet, number=1, stored_name=name, size=len(data))
        record("sheet_uploaded", sheet, actor=by)
    return sheet


def add_version(sheet: InfoSheet, data: bytes, by) -> int:
    """`data` becomes the sheet's current version; the older ones stay. Answers its number."""
    with _stored_pdf(data) as name, database.atomic():
        # Numbered in the database, so that two uploads at once get a number each.
        InfoSheet.update(version=InfoSheet.version + 1, updated_at=utcnow()).where(
            InfoSheet.id == sheet.id
        ).execute()
        number = InfoSheet.select(InfoSheet.version).where(InfoSheet.id == sheet.id).scalar()
        InfoSheetVersion.create(sheet=sheet.id, number=number, stored_name=name, size=len(data))
        record("sheet_version_uploaded", sheet, actor=by)
    return number


def change_sheet(sheet: InfoSheet, values: dict, by) -> None:
    with database.atomic():
        InfoSheet.update(**values, updated_at=utcnow()).where(InfoSheet.id == sheet.id).execute()
        record("sheet_changed", sheet, actor=by)


def count_download(sheet: InfoSheet, by) -> None:
    """One more download of the sheet by the business of `by`, counted in one statement
    (two downloads at once both count)."""
    business = by.business
    InfoSheetDownload.insert(
        sheet=sheet.id,
        business=business.id,
        area=business.area_id,
        municipality=business.municipality_id,
        downloads=1,
    ).on_conflict(
        conflict_target=[InfoSheetDownload.sheet, InfoSheetDownload.business],
        update={InfoSheetDownload.downloads: InfoSheetDownload.downloads + 1},
    ).execute()


def area_sheet(area, language: str) -> bytes:
    """The area's sheet in `language` (one of `offered_languages()`): the kept one while the
    area's name, contacts, municipalities, address and the language's texts are unchanged,
    otherwise made anew and kept."""
    municipalities = [m.name for m in covered_municipalities(area)]
    page_url = area_page_url(area.slug)
    fingerprint = hashlib.sha256(
        json.dumps(
            [
                LAYOUT_VERSION,
                texts_fingerprint(language),
                area.name,
                area.contact_email,
                area.contact_phone,
                municipalities,
                page_url,
            ]
        ).encode()
    ).hexdigest()
    kept = (
        AreaSheet.select(AreaSheet.fingerprint, AreaSheet.pdf)
        .where((AreaSheet.area == area.id) & (AreaSheet.language == language))
        .first()
    )
    if kept is not None and kept.fingerprint == fingerprint:
        return bytes(kept.pdf)
    pdf = render_sheet(area, municipalities, language, page_url)
    made = {"fingerprint": fingerprint, "pdf": pdf, "generated_at": utcnow()}
    AreaSheet.insert(area=area.id, language=language, **made).on_conflict(
        conflict_target=[AreaSheet.area, AreaSheet.language],
        update={getattr(AreaSheet, name): value for name, value in made.items()},
    ).execute()
    return pdf
