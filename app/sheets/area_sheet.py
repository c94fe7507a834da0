"""The area sheet: one A4 page the portal makes for a police area, to print in black and white
and put up where customers cannot see it. What TIF is, what a suspicious shipment can look
like, what to do at the counter, what the postal law allows, the contact routes with the tip
lines and 112, the area's own contact, and a QR code to the area's public page.

Its texts carry the catalogue context "area sheet"; a language is offered when its catalogue
translates every one of them (Swedish and English always). The facts follow docs/design.md
("Facts the texts must get right") and say what the area page and the counter card say.
"""

import hashlib
import logging
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import segno
from babel.lists import format_list
from babel.messages.pofile import read_po
from flask import current_app
from flask_babel import force_locale, format_date, pgettext

from app.db import utcnow
from app.forms import format_phone
from app.i18n import direction_of
from app.pdf import new_document, paragraph

SHEET_CONTEXT = "area sheet"
# fontTools reports every font it subsets at INFO: hundreds of lines per sheet.
logging.getLogger("fontTools").setLevel(logging.WARNING)
# Part of every cached sheet's fingerprint: change it when the layout or the code's texts
# change, and every area's sheet is made anew.
LAYOUT_VERSION = "1"
CATALOGUES = Path(__file__).resolve().parent / "translations"
ALWAYS_OFFERED = ("sv", "en")  # the portal's own languages; their catalogues are complete

MARGIN = 15  # mm
QR_SIZE = 34  # mm: scans from an arm's length on a print-out
BODY = 9.5  # pt
BOX_GAP = 4  # mm between the contact routes and the QR code


# ---------------------------------------------------------------- languages


def _catalogue_path(language: str) -> Path:
    return CATALOGUES / language / "LC_MESSAGES" / "messages.po"


@cache
def _sheet_messages(language: str) -> dict:
    """The catalogue's translations of the sheet's texts: message id -> translation ("" when
    missing or fuzzy)."""
    path = _catalogue_path(language)
    if not path.is_file():
        return {}
    with open(path, "rb") as file:
        catalogue = read_po(file, locale=language)
    return {
        message.id: "" if message.fuzzy else message.string
        for message in catalogue
        if message.id and message.context == SHEET_CONTEXT
    }


@cache
def offered_languages() -> tuple[str, ...]:
    """The languages the sheet can be made in: Swedish, English, then every language whose
    catalogue translates all of the sheet's texts."""
    wanted = set(_sheet_messages("sv"))
    found = sorted(path.name for path in CATALOGUES.iterdir() if path.is_dir())
    complete = [
        language
        for language in found
        if language not in ALWAYS_OFFERED
        and wanted
        and all(_sheet_messages(language).get(message_id) for message_id in wanted)
    ]
    return (*ALWAYS_OFFERED, *complete)


@cache
def texts_fingerprint(language: str) -> str:
    """Changes whenever the language's catalogue does (a corrected translation)."""
    return hashlib.sha256(_catalogue_path(language).read_bytes()).hexdigest()


# ---------------------------------------------------------------- the document


def area_page_url(slug: str | None) -> str:
    """The public page the QR code leads to, at the configured BASE_URL (the start page for a
    national sheet). Built without a request: sheets are also made for the demo data."""
    adapter = current_app.url_map.bind("localhost")
    if slug is None:
        path = adapter.build("public.index")
    else:
        path = adapter.build("public.area_page", {"slug": slug})
    return current_app.config["BASE_URL"].rstrip("/") + path


class _Writer:
    """Writes the sheet top to bottom in one language, right-aligned when it reads right to
    left."""

    def __init__(self, pdf, language: str):
        self.pdf = pdf
        self.language = language
        self.rtl = direction_of(language) == "rtl"

    def ltr(self, value: str) -> str:
        """A number, address or link inside the text, isolated as left to right when the text
        reads right to left (else "070-174 06 05" shows as "174 06 05-070", and a link's
        closing slash moves to its front)."""
        return f"\u2066{value}\u2069" if self.rtl else value

    def text(self, text: str, size: float = BODY, bold: bool = False) -> None:
        paragraph(self.pdf, text, self.language, size=size, bold=bold)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.text(text, size=11.5, bold=True)
        self.pdf.ln(0.5)

    @contextmanager
    def within(self, start: float, end: float):
        """Narrows the text column by `start` mm on the side its lines begin (the right, when
        the text reads right to left) and by `end` mm on the other side."""
        pdf = self.pdf
        left, right = pdf.l_margin, pdf.r_margin
        if self.rtl:
            start, end = end, start
        pdf.set_left_margin(left + start)
        pdf.set_right_margin(right + end)
        pdf.set_x(pdf.l_margin)
        try:
            yield
        finally:
            pdf.set_left_margin(left)
            pdf.set_right_margin(right)
            pdf.set_x(left)

    def bullets(self, items) -> None:
        """A list with a round mark where each item begins, its text indented past it."""
        pdf, indent = self.pdf, 4.5
        for item in items:
            if pdf.will_page_break(BODY * 0.5):
                pdf.add_page()
            top = pdf.get_y()
            mark_x = pdf.w - pdf.r_margin - indent / 2 if self.rtl else pdf.l_margin + indent / 2
            pdf.circle(mark_x, top + BODY * 0.25, 0.75, style="F")
            with self.within(indent, 0):
                self.text(item)
            pdf.ln(0.3)

    def columns(self, *parts) -> None:
        """Each part (a function that writes) in a column of its own, side by side: the first
        where lines begin."""
        pdf, gap = self.pdf, 6
        width = pdf.w - pdf.l_margin - pdf.r_margin
        column = (width - gap * (len(parts) - 1)) / len(parts)
        top, bottom = pdf.get_y(), pdf.get_y()
        for index, part in enumerate(parts):
            start = index * (column + gap)
            with self.within(start, width - start - column):
                pdf.set_y(top)
                part()
                bottom = max(bottom, pdf.get_y())
        pdf.set_y(bottom)

    def rule(self, width: float = 0.8) -> None:
        pdf = self.pdf
        pdf.set_line_width(width)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.set_line_width(0.2)


def draw_qr(pdf, url: str, x: float, y: float, size: float) -> None:
    """The QR code of `url` as filled rectangles (one per run of dark modules in a row), so it
    stays sharp at any print size."""
    rows = [list(row) for row in segno.make(url, error="m", micro=False).matrix]
    module = size / len(rows)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")


def _route_lines(area, ltr) -> list[tuple[str, float, bool]]:
    """(text, size, bold) of each line in the contact box."""
    lines = [
        (
            pgettext("area sheet", "A suspicious shipment? Call when the customer has left."),
            11.5,
            True,
        ),
        (
            pgettext(
                "area sheet",
                "Police: call %(number)s and say “tips”, or use the tip form on %(site)s.",
            )
            % {"number": ltr(format_phone("114 14")), "site": ltr("polisen.se")},
            10.5,
            False,
        ),
        (
            pgettext(
                "area sheet",
                "Tullverket, for shipments from abroad: call the tip line %(number)s, day and"
                " night, or use %(site)s.",
            )
            % {
                "number": ltr(format_phone("90 114")),
                "site": ltr("tullverket.se/tipsa-om-smuggling"),
            },
            10.5,
            False,
        ),
        (
            pgettext(
                "area sheet",
                "Is a crime happening, or are you in danger or threatened? Call %(number)s.",
            )
            % {"number": ltr("112")},
            11,
            True,
        ),
    ]
    if area is not None and (area.contact_email or area.contact_phone):
        own = [
            pgettext("area sheet", "Questions about the work in %(area)s – not for tips:")
            % {"area": area.name}
        ]
        if area.contact_email:
            own.append(
                pgettext("area sheet", "Email: %(address)s") % {"address": ltr(area.contact_email)}
            )
        if area.contact_phone:
            own.append(
                pgettext("area sheet", "Phone: %(number)s")
                % {"number": ltr(format_phone(area.contact_phone))}
            )
        lines.append(("\n".join(own), BODY, False))
    return lines


def _contact_routes(writer: _Writer, area, page_url: str) -> None:
    """The tip lines, 112 and the area's own contact in a framed box, the QR code beside it
    (to the left when the text reads right to left)."""
    pdf = writer.pdf
    left, right = pdf.l_margin, pdf.r_margin
    top = pdf.get_y()
    qr_x = left + 3 if writer.rtl else pdf.w - right - 3 - QR_SIZE
    with writer.within(3, 3 + QR_SIZE + BOX_GAP):
        pdf.set_y(top + 3)
        for text, size, bold in _route_lines(area, writer.ltr):
            writer.text(text, size, bold)
            pdf.ln(0.8)
        text_bottom = pdf.get_y() + 2
    draw_qr(pdf, page_url, qr_x, top + 3, QR_SIZE)
    bottom = max(text_bottom, top + 3 + QR_SIZE + 3)
    pdf.set_line_width(0.6)
    pdf.rect(left, top, pdf.w - left - right, bottom - top)
    pdf.set_line_width(0.2)
    pdf.set_xy(left, bottom + 1.5)
    if area is None:
        caption = pgettext("area sheet", "Read more about TIF: scan the code or go to %(url)s")
    else:
        caption = pgettext(
            "area sheet", "Read more about TIF in %(area)s: scan the code or go to %(url)s"
        )
    writer.text(caption % {"area": getattr(area, "name", ""), "url": writer.ltr(page_url)}, 9)


def _about(writer: _Writer, area, municipality_names: list[str], language: str) -> None:
    writer.heading(pgettext("area sheet", "What TIF is"))
    writer.text(
        pgettext(
            "area sheet",
            "Drugs, doping substances, weapon parts, explosives and fake identity documents are"
            " sent by post and parcel. Those who handle the shipments see things nobody else"
            " sees. Together we make it harder to use the mail for crime.",
        )
    )
    writer.pdf.ln(0.8)
    if area is None:
        responsible = pgettext(
            "area sheet",
            "The police and the municipality are responsible for the work where TIF is used.",
        )
    else:
        responsible = pgettext(
            "area sheet",
            "The police in %(area)s are responsible for the work here, together with "
            "%(municipalities)s.",
        ) % {"area": area.name, "municipalities": format_list(municipality_names, locale=language)}
    writer.text(
        responsible
        + " "
        + pgettext(
            "area sheet",
            "A business that takes part commits to a collaboration meeting and a follow-up about"
            " a year later. It has no duty to report anything.",
        )
    )
    writer.pdf.ln(0.8)
    writer.text(
        pgettext(
            "area sheet",
            "The method was made by the county administrative boards of Norrbotten,"
            " Västerbotten, Västernorrland and Jämtland. Read more at %(site)s.",
        )
        % {"site": writer.ltr("tillsammansmotillegalaforsandelser.se")}
    )


def _signs_and_counter(writer: _Writer) -> None:
    writer.columns(lambda: _signs(writer), lambda: _counter(writer))


def _signs(writer: _Writer) -> None:
    writer.heading(pgettext("area sheet", "What a suspicious shipment can look like"))
    writer.bullets(
        (
            pgettext(
                "area sheet",
                "The parcel smells strongly, leaks powder or liquid, or is wrapped and taped far"
                " more than usual.",
            ),
            pgettext(
                "area sheet",
                "Its weight or feel does not match what it is said to contain.",
            ),
            pgettext(
                "area sheet",
                "The name or address of the sender or the recipient looks made up, is incomplete"
                " or does not match the identity document.",
            ),
            pgettext(
                "area sheet",
                "The same person collects many parcels, for different names or with different"
                " identity documents.",
            ),
            pgettext(
                "area sheet",
                "The customer is nervous or in a hurry, asks about the parcel again and again,"
                " or wants to collect it without showing identification.",
            ),
        )
    )
    writer.text(
        pgettext(
            "area sheet",
            "One sign alone proves nothing. Trust your experience: when several come together,"
            " call.",
        ),
        bold=True,
    )


def _counter(writer: _Writer) -> None:
    writer.heading(pgettext("area sheet", "At the counter"))
    writer.bullets(
        (
            pgettext("area sheet", "Stay calm and treat the customer as usual."),
            pgettext("area sheet", "Do not open the parcel and do not confront anyone."),
            pgettext(
                "area sheet",
                "Follow your carrier's routine and note the parcel id or the tracking number.",
            ),
            pgettext("area sheet", "Call when the customer has left."),
            pgettext(
                "area sheet",
                "Never tell the customer that you have contacted the police or Tullverket.",
            ),
            pgettext("area sheet", "Tell your manager if you have been threatened."),
            pgettext(
                "area sheet",
                "Keep this sheet and the card “What do I do now?” where customers cannot see them.",
            ),
        )
    )


def _postal_law(writer: _Writer) -> None:
    writer.heading(pgettext("area sheet", "What the law allows you to do"))
    for text in (
        pgettext(
            "area sheet",
            "Since 2 January 2023, people who work with letters (postal operations) – at a"
            " postal operator or as its agent – may on their own initiative tell the police or"
            " Tullverket about a suspected crime that can lead to prison (the Postal Services"
            " Act, 2010:1045). It is voluntary.",
        ),
        pgettext(
            "area sheet",
            "Everyone who carries post or parcels has a duty of silence towards every customer:"
            " never reveal that an authority has examined, opened, inspected or held a"
            " shipment.",
        ),
        pgettext(
            "area sheet",
            "Do you handle only parcels? You may always call about a crime that is happening or"
            " a threat, and the tip lines answer your questions.",
        ),
    ):
        writer.text(text)
        writer.pdf.ln(0.8)


def render_sheet(area, municipality_names: list[str], language: str, page_url: str) -> bytes:
    """The sheet of `area` (None: the national sheet, without an area's own contact) in
    `language`, as PDF bytes."""
    with force_locale(language):
        pdf = new_document()
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN)
        pdf.set_lang(language)
        title = pgettext("area sheet", "Together against illegal shipments")
        pdf.set_title(title if area is None else f"{title} – {area.name}")
        pdf.add_page()
        writer = _Writer(pdf, language)
        writer.text(title, size=18, bold=True)
        if area is None:
            writer.text(
                pgettext("area sheet", "Information for staff who handle post and parcels"), 12
            )
        else:
            writer.text(
                pgettext(
                    "area sheet", "Information for staff who handle post and parcels in %(area)s"
                )
                % {"area": area.name},
                12,
            )
        pdf.ln(2)
        writer.rule()
        pdf.ln(3)
        _contact_routes(writer, area, page_url)
        _about(writer, area, municipality_names, language)
        _signs_and_counter(writer)
        _postal_law(writer)
        # At the foot of the last page, in the bottom margin.
        pdf.set_auto_page_break(False)
        pdf.set_y(pdf.h - MARGIN + 3)
        writer.text(
            pgettext("area sheet", "This sheet was made on %(date)s.")
            % {"date": format_date(utcnow(), "long")},
            8,
        )
        return bytes(pdf.output())
