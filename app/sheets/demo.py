"""Demo library: national sheets in Swedish (two versions), English and Arabic, and two of
Sundsvall (one published, one a draft), their PDFs made from the area sheet's texts; downloads
spread over the businesses (in Sundsvall one business of two has downloaded a sheet). Umeå
has no sheet of its own: its businesses see the national ones and the area's generated sheet.

Kept small on purpose: the walkers crawl at most six links of a kind per account, and every
sheet a member of staff sees must be among them."""

from datetime import timedelta
from functools import cache

from flask import current_app

from app import uploads
from app.areas.models import Area
from app.areas.queries import covered_municipalities
from app.businesses.models import Business
from app.db import utcnow
from app.demo import ensure
from app.sheets.area_sheet import area_page_url, render_sheet
from app.sheets.models import InfoSheet, InfoSheetDownload, InfoSheetVersion

NATIONAL = None

# (area slug or NATIONAL, title, language, topic, status, summary, versions, days since version 1)
SHEETS = (
    (
        NATIONAL,
        "Tillsammans mot illegala försändelser – information till personalen",
        "sv",
        "method",
        "published",
        "Vad metoden är, vad du gör vid disken och vilka nummer du ringer. Ett blad för alla"
        " som hanterar post och paket.",
        2,
        200,
    ),
    (
        NATIONAL,
        "Together against illegal shipments – information for staff",
        "en",
        "method",
        "published",
        "What the method is, what to do at the counter and which numbers to call. A sheet for"
        " everyone who handles post and parcels.",
        1,
        150,
    ),
    (
        NATIONAL,
        "معًا ضد الشحنات غير القانونية – معلومات للعاملين",
        "ar",
        "method",
        "published",
        "ما هي الطريقة، وماذا تفعل عند شبّاك الخدمة، وبأي الأرقام تتصل. نشرة لكل من يتعامل مع"
        " البريد والطرود.",
        1,
        120,
    ),
    (
        "sundsvall",
        "Informationsblad för Sundsvall och Timrå",
        "sv",
        "counter",
        "published",
        "Tipstelefonerna, vad du gör vid disken och en QR-kod till områdets sida – för"
        " anslagstavlan i personalrummet.",
        1,
        60,
    ),
    (
        "sundsvall",
        "Information sheet for Sundsvall and Timrå",
        "en",
        "counter",
        "draft",
        "The tip lines, what to do at the counter and a QR code to the area's page, in English"
        " for colleagues who read it better than Swedish.",
        1,
        3,
    ),
)

# business -> (sheet title, downloads)
DOWNLOADS = {
    "Kiosken Stenstan": (
        ("Tillsammans mot illegala försändelser – information till personalen", 3),
        ("Informationsblad för Sundsvall och Timrå", 1),
    ),
    "Ålidhems Livs": (
        ("معًا ضد الشحنات غير القانونية – معلومات للعاملين", 1),
        ("Tillsammans mot illegala försändelser – information till personalen", 2),
    ),
}


@cache
def _pdf(slug: str | None, language: str) -> bytes:
    """A sheet made once per process (the test suite loads the demo data for every test)."""
    area = None if slug is None else Area.get(Area.slug == slug)
    names = [] if area is None else [m.name for m in covered_municipalities(area)]
    return render_sheet(area, names, language, area_page_url(slug))


_stored: dict = {}


def _stored_name(slug: str | None, language: str) -> str:
    """The stored file of that sheet, saved once per upload directory."""
    key = (current_app.config["UPLOAD_DIR"], slug, language)
    name = _stored.get(key)
    if name is None or not uploads.stored_path(name).is_file():
        name = _stored[key] = uploads.save(_pdf(slug, language), "pdf")
    return name


def load() -> None:
    now = utcnow()
    for slug, title, language, topic, status, summary, versions, age in SHEETS:
        if InfoSheet.get_or_none(InfoSheet.title == title):
            continue
        first = now - timedelta(days=age)
        area = None if slug is None else Area.get(Area.slug == slug)
        sheet = InfoSheet.create(
            area=area,
            title=title,
            summary=summary,
            topic=topic,
            language=language,
            status=status,
            version=versions,
            created_at=first,
            updated_at=first + timedelta(days=age // 2 if versions > 1 else 0),
        )
        name = _stored_name(slug, language)
        size = uploads.stored_path(name).stat().st_size
        for number in range(1, versions + 1):
            InfoSheetVersion.create(
                sheet=sheet,
                number=number,
                stored_name=name,
                size=size,
                uploaded_at=first + timedelta(days=(number - 1) * (age // 2)),
            )
    for business_name, downloads in DOWNLOADS.items():
        business = Business.get(Business.name == business_name)
        for title, count in downloads:
            ensure(
                InfoSheetDownload,
                {"sheet": InfoSheet.get(InfoSheet.title == title), "business": business},
                area=business.area_id,
                municipality=business.municipality_id,
                downloads=count,
            )
