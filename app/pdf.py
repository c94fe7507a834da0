"""PDF documents the app makes (address labels, area information sheets, printable
summaries): fpdf2 with the Noto fonts in app/fonts and HarfBuzz text shaping, so that Arabic
and Persian join and read right to left and Tigrinya (Ethiopic) renders.

    pdf = new_document()
    pdf.add_page()
    paragraph(pdf, sheet.title, sheet.language, size=16, bold=True)
    paragraph(pdf, sheet.body, sheet.language)
    return pdf_response(pdf, sheet.title)

Any font can draw any text: a character the current font lacks comes from the next font
that has it (Latin, Arabic, Ethiopic), so a line may mix scripts. Hebrew has no bundled font.
`direction_of(language)` comes from `app.i18n` (templates have it as a global too).
"""

import logging
from pathlib import Path

from flask import Response
from fpdf import FPDF

from app.downloads import file_response, safe_filename
from app.i18n import direction_of, primary_language

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# fpdf2 subsets the fonts with fontTools, which logs every glyph table it drops at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
LATIN, ARABIC, ETHIOPIC = "NotoSans", "NotoSansArabic", "NotoSansEthiopic"
FAMILIES = (LATIN, ARABIC, ETHIOPIC)

# Primary language subtags (ISO 639) written in the Arabic and Ethiopic scripts.
ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "ckb", "fa", "prs", "ps", "sd", "ug", "ur"})
ETHIOPIC_SCRIPT_LANGUAGES = frozenset({"am", "ti", "tig"})


def font_for(language_code: str) -> str:
    """The font family made for the language's script."""
    language = primary_language(language_code)
    if language in ARABIC_SCRIPT_LANGUAGES:
        return ARABIC
    if language in ETHIOPIC_SCRIPT_LANGUAGES:
        return ETHIOPIC
    return LATIN


class Document(FPDF):
    def output(self, *args, **kwargs):
        """The PDF; then every font file is closed (fpdf2 closes only the fonts it used)."""
        try:
            return super().output(*args, **kwargs)
        finally:
            for font in self.fonts.values():
                font.close()


def new_document(orientation: str = "P", format: str = "A4") -> FPDF:
    """An empty document in millimetres with the fonts registered (regular and "B"), text
    shaping on and the other fonts as fallbacks; the current font is Noto Sans 11 pt."""
    pdf = Document(orientation=orientation, unit="mm", format=format)
    for family in FAMILIES:
        pdf.add_font(family, "", str(FONT_DIR / f"{family}-Regular.ttf"))
        pdf.add_font(family, "B", str(FONT_DIR / f"{family}-Bold.ttf"))
    pdf.set_fallback_fonts(list(FAMILIES), exact_match=False)
    pdf.set_text_shaping(use_shaping_engine=True)
    pdf.set_font(LATIN, size=11)
    return pdf


def paragraph(
    pdf: FPDF, text: str, language: str = "sv", size: float = 11, bold: bool = False
) -> None:
    """Text in `language` across the page from the left margin, wrapped, in its script's
    font and direction (right-aligned when it reads right to left); the cursor ends on the
    next line."""
    direction = direction_of(language)
    pdf.set_text_shaping(
        use_shaping_engine=True, direction=direction, language=primary_language(language)
    )
    pdf.set_font(font_for(language), "B" if bold else "", size)
    pdf.multi_cell(
        0,
        size * 0.5,  # millimetres: about 1.4 times the font size
        text,
        align="R" if direction == "rtl" else "L",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def pdf_response(pdf: FPDF, filename: str, as_attachment: bool = True) -> Response:
    """The document as a download named `filename` (a title; ".pdf" is added)."""
    return file_response(
        bytes(pdf.output()), safe_filename(filename, ".pdf"), "application/pdf", as_attachment
    )
