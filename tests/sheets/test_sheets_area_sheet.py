"""The generated area sheet: an A4 page anyone with the link gets, in Swedish, English and
every language whose texts are translated; its QR code leads to the area's page, its text
reads in logical order, and it is made anew when the area's contacts change."""

import io
import re
import shutil

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from app.areas.models import Area
from app.businesses.models import Business
from app.sheets import area_sheet as generator
from app.sheets import services
from app.sheets.models import AreaSheet

NBSP = "\u00a0"
ISOLATES = str.maketrans("", "", "\u2066\u2069")


def fetch(client, code="sv", slug="sundsvall"):
    return client.get(f"/{slug}/information-sheet-{code}.pdf")


def text_of(data: bytes) -> str:
    """The page's text as pypdf extracts it, with non-breaking spaces as spaces and the
    invisible direction marks around numbers and links removed."""
    reader = PdfReader(io.BytesIO(data))
    return reader.pages[0].extract_text().replace(NBSP, " ").translate(ISOLATES)


@pytest.fixture(scope="module")
def sheets(app):
    """The Sundsvall sheet in each language, fetched once for the module's checks."""
    from app.db import database
    from app.demo import load_demo_data

    with app.app_context():
        database.connect(reuse_if_open=True)
        load_demo_data()
        database.close()
    client = app.test_client()
    return {code: fetch(client, code) for code in ("sv", "en", "ar")}


def test_anyone_with_the_link_gets_the_sheet_as_an_a4_pdf(sheets):
    for response in sheets.values():
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        reader = PdfReader(io.BytesIO(response.data))
        assert len(reader.pages) == 1  # one page to print
        box = reader.pages[0].mediabox
        assert (round(box.width), round(box.height)) == (595, 842)  # A4 in points


def test_the_qr_code_leads_to_the_areas_public_page(sheets):
    for response in sheets.values():
        image = pypdfium2.PdfDocument(response.data)[0].render(scale=2).to_pil()
        codes = [code.text for code in zxingcpp.read_barcodes(image)]
        assert codes == ["http://portal.test/sundsvall/"]


def test_the_swedish_sheet_has_the_contact_routes_and_the_facts(sheets):
    text = " ".join(text_of(sheets["sv"].data).split())
    for expected in (
        "Polisen: ring 114 14 och säg ”tips”, eller använd tipsformuläret på polisen.se.",
        "Tullverket, för försändelser från utlandet: ring tipstelefonen 90 114, dygnet runt,",
        "tullverket.se/tipsa-om-smuggling",
        "Pågår ett brott, eller är du i fara eller hotad? Ring 112.",
        "Frågor om arbetet i Sundsvall – inte för tips:",
        "E-post: tif.sundsvall@example.com",
        "Telefon: 070-174 06 05",
        "Sedan den 2 januari 2023 får den som arbetar med brev (postverksamhet)",
        "Polisen i Sundsvall ansvarar för arbetet här tillsammans med Sundsvalls kommun och Timrå kommun.",
    ):
        assert expected in text, expected


def test_the_english_sheet_has_the_contact_routes(sheets):
    text = " ".join(text_of(sheets["en"].data).split())
    for expected in (
        "Police: call 114 14 and say “tips”, or use the tip form on polisen.se.",
        "call the tip line 90 114, day and night",
        "Is a crime happening, or are you in danger or threatened? Call 112.",
        "Phone: 070-174 06 05",
    ):
        assert expected in text, expected


def test_the_arabic_sheet_reads_in_logical_order_and_right_to_left(sheets):
    data = sheets["ar"].data
    lines = text_of(data).splitlines()
    assert lines[0].strip() == "معًا ضد الشحنات غير القانونية"
    for expected in (
        "شحنة مشبوهة؟ اتصل بعد أن يغادر العميل.",
        "هل تحدث جريمة الآن، أو أنت في خطر أو مهدَّد؟ اتصل بالرقم",
        "كيف قد تبدو الشحنة المشبوهة",
        "لا تخبر العميل أبدًا بأنك تواصلت مع الشرطة",
    ):
        assert any(expected in line for line in lines), expected
    # The title's first letter stands right of its last, against the right margin.
    page = pypdfium2.PdfDocument(data)[0]
    chars = page.get_textpage()
    boxes = [chars.get_charbox(i) for i in range(chars.count_chars())]
    title = "معًا ضد الشحنات غير القانونية"
    first = next(box for i, box in enumerate(boxes) if chars.get_text_range(i, 1) == title[0])
    assert first[0] > page.get_width() * 0.75


def visual_lines(data: bytes) -> list[str]:
    """Each line of the page as it is laid out, left to right (what a reader sees), keeping
    only Latin letters, digits and spaces."""
    page = pypdfium2.PdfDocument(data)[0].get_textpage()
    chars = []
    for i in range(page.count_chars()):
        left, bottom, _right, top = page.get_charbox(i)
        chars.append(((bottom + top) / 2, left, page.get_text_range(i, 1)))
    lines, line, last_y = [], [], None
    for y, left, char in sorted(chars, key=lambda c: -c[0]):
        if last_y is not None and last_y - y > 4:  # points: the next line
            lines.append(line)
            line = []
        line.append((left, char))
        last_y = y
    lines.append(line)
    kept = (c for c in "".join(chr(n) for n in range(32, 127)) + NBSP)
    latin = set(kept)
    return ["".join(c for _, c in sorted(line) if c in latin).replace(NBSP, " ") for line in lines]


def test_numbers_and_links_keep_their_order_inside_arabic(sheets):
    """Left to right on the page, a phone number and a link read as written (a number's
    groups or a link's closing slash must not swap sides)."""
    shown = visual_lines(sheets["ar"].data)
    assert any("070-174 06 05" in line for line in shown), shown
    assert any("http://portal.test/sundsvall/" in line for line in shown), shown


def test_only_offered_languages_and_known_areas(client, demo):
    assert fetch(client, "de").status_code == 404  # no German texts in the catalogue
    assert fetch(client, "xx").status_code == 404
    assert fetch(client, "sv", slug="ingenstans").status_code == 404
    assert client.get("/sundsvall/information-sheet-.pdf").status_code == 404


def test_the_sheet_names_no_business(sheets, db):
    for response in sheets.values():
        text = text_of(response.data)
        for business in Business.select():
            assert business.name not in text


def test_the_kept_sheet_is_served_until_the_areas_contacts_change(client, demo, monkeypatch):
    made = []
    real = services.render_sheet
    monkeypatch.setattr(services, "render_sheet", lambda *args: made.append(args[2]) or real(*args))
    first = fetch(client, "en").data
    assert fetch(client, "en").data == first and made == ["en"]
    assert AreaSheet.select().count() == 1
    Area.update(contact_phone="+46701740699").where(Area.slug == "sundsvall").execute()
    changed = fetch(client, "en").data
    assert made == ["en", "en"] and AreaSheet.select().count() == 1
    assert "Phone: 070-174 06 99" in text_of(changed)
    Area.update(contact_email="").where(Area.slug == "sundsvall").execute()
    assert "tif.sundsvall@example.com" not in text_of(fetch(client, "en").data)
    assert len(made) == 3


def test_a_language_is_offered_once_every_sheet_text_is_translated(tmp_path, monkeypatch):
    catalogues = tmp_path / "translations"
    shutil.copytree(generator.CATALOGUES, catalogues)
    somali = catalogues / "so" / "LC_MESSAGES"
    somali.mkdir(parents=True)
    arabic = (catalogues / "ar" / "LC_MESSAGES" / "messages.po").read_text()
    # A catalogue with one sheet text left untranslated is not enough.
    incomplete = arabic.replace('msgstr "كيف قد تبدو الشحنة المشبوهة"', 'msgstr ""').replace(
        "Language: ar", "Language: so"
    )
    (somali / "messages.po").write_text(incomplete)
    monkeypatch.setattr(generator, "CATALOGUES", catalogues)
    for cached in (generator._sheet_messages, generator.offered_languages):
        cached.cache_clear()
    try:
        assert generator.offered_languages() == ("sv", "en", "ar")
        (somali / "messages.po").write_text(arabic.replace("Language: ar", "Language: so"))
        generator._sheet_messages.cache_clear()
        generator.offered_languages.cache_clear()
        assert generator.offered_languages() == ("sv", "en", "ar", "so")
    finally:
        monkeypatch.undo()
        generator._sheet_messages.cache_clear()
        generator.offered_languages.cache_clear()
    assert generator.offered_languages() == ("sv", "en", "ar")


def test_the_areas_public_page_links_the_sheet_in_each_language(client, demo):
    page = client.get("/sundsvall/").text
    links = re.findall(r'href="(/sundsvall/information-sheet-(\w+)\.pdf)"', page)
    assert [code for _link, code in links] == list(generator.offered_languages())
    assert '<span lang="ar" dir="rtl">العربية</span> (PDF)' in page
    for link, _code in links:
        assert client.get(link).mimetype == "application/pdf"
