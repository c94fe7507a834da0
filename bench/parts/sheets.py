"""Information sheets at national scale: 40 national sheets and 6 per police area (540) in the
languages counter staff read, 1–3 versions each, and 30 000 download counts (about half of
the 15 000 businesses have downloaded two to six sheets). Their files are not written: the
pages list sheets, they do not open them.

Pages: the business library (and its language filter as a fragment), the staff library and
the generated area sheets of every area (admin). Writer: businesses downloading at once, each
download counted in one statement."""

from datetime import timedelta

from bench.generate import bulk_insert
from bench.pages import ADMIN, BUSINESS, FRAGMENT, MUNICIPALITY, POLICE, Page
from bench.writers import Writer, _expect, _login

NAME = "information sheets"

# National figures (scale 1.0).
NATIONAL_SHEETS = 40
SHEETS_PER_AREA = 6  # whatever the scale: every area has its own
DOWNLOADS = 30_000

# ISO 639-1 code -> weight: Swedish first, then the languages many counter staff read.
LANGUAGES = {
    "sv": 40,
    "en": 15,
    "ar": 10,
    "so": 6,
    "ti": 5,
    "fa": 5,
    "pl": 5,
    "uk": 5,
    "ku": 3,
    "bs": 2,
    "ru": 2,
    "es": 2,
}
TOPICS = ("method", "signs", "counter", "law", "other")
TITLES = (
    "Så känner du igen en misstänkt försändelse",
    "Vad gör jag nu? Kortet för disken",
    "Postlagen och tystnadsplikten",
    "Tillsammans mot illegala försändelser – om metoden",
    "Tipstelefonerna till polisen och Tullverket",
    "Inför samverkansmötet",
)


def _scaled(ctx, figure: int) -> int:
    return max(1, round(figure * ctx.scale))


def _sheet(ctx, area_id, n: int) -> dict:
    rng = ctx.rng
    created = ctx.now - timedelta(days=rng.randint(1, 3 * 365))
    return {
        "area": area_id,
        "title": f"{rng.choice(TITLES)} ({n:04d})",
        "summary": "Ett blad för personalen vid disken.",
        "topic": rng.choice(TOPICS),
        "language": rng.choices(list(LANGUAGES), list(LANGUAGES.values()))[0],
        "status": "published" if rng.random() < 0.9 else "draft",
        "version": rng.choice((1, 1, 1, 2, 2, 3)),
        "created_at": created,
        "updated_at": created,
    }


def generate(ctx) -> None:
    from app.sheets.models import InfoSheet, InfoSheetDownload, InfoSheetVersion

    rng = ctx.rng
    have = InfoSheet.select(InfoSheet.id).order_by(InfoSheet.id.desc()).scalar() or 0
    sheets = [_sheet(ctx, None, n) for n in range(_scaled(ctx, NATIONAL_SHEETS))]
    for area_id in sorted(ctx.areas):
        sheets += [_sheet(ctx, area_id, len(sheets) + n) for n in range(SHEETS_PER_AREA)]
    bulk_insert(InfoSheet, sheets)

    added = list(
        InfoSheet.select(InfoSheet.id, InfoSheet.area, InfoSheet.version, InfoSheet.created_at)
        .where(InfoSheet.id > have)
        .tuples()
    )
    versions = [
        {
            "sheet": sheet_id,
            "number": number,
            "stored_name": f"{sheet_id:016d}{number:016d}.pdf",
            "size": rng.randint(80_000, 2_000_000),
            "uploaded_at": created + timedelta(days=30 * (number - 1)),
        }
        for sheet_id, _area, version, created in added
        for number in range(1, version + 1)
    ]
    bulk_insert(InfoSheetVersion, versions)

    national = [sheet_id for sheet_id, area_id, _v, _c in added if area_id is None]
    by_area: dict = {}
    for sheet_id, area_id, _v, _c in added:
        if area_id is not None:
            by_area.setdefault(area_id, []).append(sheet_id)
    downloads, wanted = [], _scaled(ctx, DOWNLOADS)
    for business_id, area_id, municipality_id in rng.sample(ctx.businesses, len(ctx.businesses)):
        if len(downloads) >= wanted:
            break
        if rng.random() < 0.5:
            continue
        choices = national + by_area.get(area_id, [])
        for sheet_id in rng.sample(choices, min(len(choices), rng.randint(2, 6))):
            downloads.append(
                {
                    "sheet": sheet_id,
                    "business": business_id,
                    "area": area_id,
                    "municipality": municipality_id,
                    "downloads": rng.randint(1, 5),
                }
            )
    bulk_insert(InfoSheetDownload, downloads[:wanted])


PAGES = [
    Page("information sheets (business)", "/sheets/", BUSINESS),
    Page("information sheets in Arabic (fragment)", "/sheets/?language=ar", BUSINESS, FRAGMENT),
    Page("information sheets (police)", "/sheets/manage/", POLICE, dashboard=True),
    Page(
        "information sheets, published in Swedish (fragment)",
        "/sheets/manage/?language=sv&status=published",
        MUNICIPALITY,
        FRAGMENT,
    ),
    Page("information sheets, page 2 (admin)", "/sheets/manage/?page=2", ADMIN, dashboard=True),
    Page("area sheets, page 2 (admin)", "/sheets/manage/area-sheets?page=2", ADMIN),
]


def _downloaders(n: int) -> list:
    """n business users of distinct active businesses, each with the national Swedish sheet of
    the demo data (its file is stored) to download for the first time."""
    from app.accounts.models import User
    from app.businesses.models import Business
    from app.sheets.models import InfoSheet, InfoSheetDownload

    sheet = (
        InfoSheet.select()
        .where(InfoSheet.area.is_null() & (InfoSheet.status == "published"))
        .where(InfoSheet.language == "sv")
        .order_by(InfoSheet.id)
        .first()
    )
    done = InfoSheetDownload.select(InfoSheetDownload.business).where(
        InfoSheetDownload.sheet == sheet
    )
    users = (
        User.select(User.email, User.business)
        .join(Business)
        .where(
            User.email.endswith("@bench.example")
            & (Business.status == "active")
            & Business.id.not_in(done)
        )
        .order_by(User.business, User.id)
    )
    emails, businesses = [], set()
    for user in users:
        if user.business_id not in businesses:
            businesses.add(user.business_id)
            emails.append(user.email)
        if len(emails) == n:
            return [(email, sheet.id) for email in emails]
    raise RuntimeError(f"only {len(emails)} businesses to download for {n} writes")


def _download(client, argument) -> None:
    email, sheet_id = argument
    _login(client, email)
    response = client.get(f"/sheets/{sheet_id}/download")
    _expect(response, 200)


WRITERS = [
    # A business downloads a sheet: its session, and the first download of the pair is a row.
    Writer("sheet download", _downloaders, _download, {"session": 1, "info_sheet_download": 1}),
]
