"""PDFs made by the app: Swedish, Arabic and Tigrinya text shaped, ordered and rendered."""

import io
import logging

import pypdfium2
import pytest
from pypdf import PdfReader

from app.pdf import direction_of, font_for, new_document, paragraph, pdf_response

SWEDISH = "Tillsammans mot illegala försändelser – åäö ÅÄÖ"
ARABIC = "معاً ضد الشحنات غير القانونية"  # "together against illegal shipments"
TIGRINYA = "ብሓባር ኣንጻር ዘይሕጋዊ ጽዓነት"
MIXED = "Kontakta polisen اتصل بالشرطة i Sundsvall"


@pytest.mark.parametrize(
    "code, direction",
    [
        ("ar", "rtl"),
        ("AR", "rtl"),
        ("fa-IR", "rtl"),
        ("ur_PK", "rtl"),
        ("ckb", "rtl"),
        ("ps", "rtl"),
        ("he", "rtl"),
        ("sv", "ltr"),
        ("en-GB", "ltr"),
        ("ti", "ltr"),
        ("so", "ltr"),
        ("arn", "ltr"),  # Mapudungun: a code that only begins like Arabic's
    ],
)
def test_direction_of_a_language(code, direction):
    assert direction_of(code) == direction


def test_templates_set_the_direction_of_a_language(app):
    with app.test_request_context():
        html = app.jinja_env.from_string('<p dir="{{ direction_of(code) }}">').render(code="fa-IR")
    assert html == '<p dir="rtl">'


def test_the_font_follows_the_script_of_the_language():
    assert font_for("fa") == font_for("ar-SA") == "NotoSansArabic"
    assert font_for("ti") == font_for("am") == "NotoSansEthiopic"
    assert font_for("sv") == font_for("so") == "NotoSans"


@pytest.fixture(scope="module")
def document() -> bytes:
    pdf = new_document()
    pdf.add_page()
    paragraph(pdf, SWEDISH, "sv", size=14, bold=True)
    paragraph(pdf, ARABIC, "ar")
    paragraph(pdf, TIGRINYA, "ti")
    paragraph(pdf, MIXED, "sv")
    return bytes(pdf.output())


def test_the_fonts_are_embedded_and_no_glyph_is_missing(caplog):
    with caplog.at_level(logging.WARNING):
        pdf = new_document()
        pdf.add_page()
        for text, language in ((SWEDISH, "sv"), (ARABIC, "ar"), (TIGRINYA, "ti"), (MIXED, "sv")):
            paragraph(pdf, text, language)
        data = bytes(pdf.output())
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert names == {"NotoSansArabic", "NotoSansEthiopic", "NotoSans"}


def test_extracted_text_reads_in_logical_order(document):
    lines = PdfReader(io.BytesIO(document)).pages[0].extract_text().splitlines()
    assert lines[0] == SWEDISH
    assert lines[1] == ARABIC  # shaped right to left, read back first word first
    assert lines[2] == TIGRINYA
    # A Latin line with Arabic words: each word keeps its letters in order.
    for word in MIXED.split():
        assert word in lines[3]


def test_arabic_is_laid_out_right_to_left_and_right_aligned():
    pdf = new_document()
    pdf.add_page()
    paragraph(pdf, ARABIC, "ar")
    page = pypdfium2.PdfDocument(bytes(pdf.output()))[0]
    text = page.get_textpage()
    left_edges = {}
    for index in range(text.count_chars()):
        left_edges.setdefault(text.get_text_range(index, 1), []).append(text.get_charbox(index)[0])
    first_letter, last_letter = ARABIC[0], ARABIC[-1]  # each once in the text
    assert len(left_edges[first_letter]) == len(left_edges[last_letter]) == 1
    assert left_edges[first_letter][0] > left_edges[last_letter][0]  # first word at the right
    assert left_edges[first_letter][0] > page.get_width() * 0.75  # against the right margin


def test_the_page_renders_with_ink_on_each_line(document):
    scale = 2  # pixels per point
    image = pypdfium2.PdfDocument(document)[0].render(scale=scale).to_pil().convert("L")

    def darkest_between(top_mm, bottom_mm):
        box = (
            0,
            round(top_mm * 72 / 25.4 * scale),
            image.width,
            round(bottom_mm * 72 / 25.4 * scale),
        )
        return image.crop(box).getextrema()[0]

    # The paragraphs follow each other from the 10 mm margin: 14 pt (7 mm), then 11 pt (5.5 mm).
    top = 10
    for height in (7, 5.5, 5.5, 5.5):
        assert darkest_between(top, top + height) < 100, (
            f"no text between {top} and {top + height} mm"
        )
        top += height
    assert darkest_between(top + 1, 290) == 255  # nothing below


def test_new_document_takes_orientation_and_format():
    pdf = new_document("L", "A3")
    pdf.add_page()
    assert (round(pdf.w), round(pdf.h)) == (420, 297)
    assert PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0].mediabox.width == 1190.55


def test_a_document_is_answered_as_a_pdf_download(app):
    pdf = new_document()
    pdf.add_page()
    paragraph(pdf, SWEDISH)
    with app.test_request_context():
        response = pdf_response(pdf, "Adressetiketter Sundsvall")
        response.direct_passthrough = False
        assert response.get_data().startswith(b"%PDF-")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Adressetiketter Sundsvall.pdf"'
    )
    assert response.headers["Cache-Control"] == "private, no-store"
