"""What the staff print and download for a selection of orders: a pick list and A4 sheets of
address labels (PDF), and the orders line by line as CSV or XLSX."""

from flask_babel import format_date, format_number, ngettext, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.businesses.models import SITE_TYPE_LABELS
from app.db import utcnow
from app.exports import csv_response, xlsx_response
from app.forms import format_postcode
from app.orders.texts import status_label
from app.pdf import LATIN, new_document, paragraph, pdf_response

# A4 sheets of 3 × 8 labels, 70 × 37.125 mm each, edge to edge (the common 24-label sheet).
LABEL_COLUMNS, LABEL_ROWS = 3, 8
LABEL_WIDTH, LABEL_HEIGHT = 210 / LABEL_COLUMNS, 297 / LABEL_ROWS
LABEL_PADDING = 6  # mm inside each label, where printers leave their margin


def _fit(pdf, text: str, width: float) -> str:
    """The text, shortened with an ellipsis until it fits in `width` mm at the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _address_lines(order) -> list[str]:
    """The label's lines: recipient, street, then postcode and town in capitals (as the post
    reads them)."""
    town = f"{format_postcode(order.postcode)} {order.postal_town.upper()}".replace("\u00a0", " ")
    return [order.recipient, order.street_address, town]


def address_labels(orders, lines):
    pdf = new_document()
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0)
    per_sheet = LABEL_COLUMNS * LABEL_ROWS
    for index, order in enumerate(orders):
        if index % per_sheet == 0:
            pdf.add_page()
        place = index % per_sheet
        x = (place % LABEL_COLUMNS) * LABEL_WIDTH + LABEL_PADDING
        y = (place // LABEL_COLUMNS) * LABEL_HEIGHT + LABEL_PADDING
        width = LABEL_WIDTH - 2 * LABEL_PADDING
        for number, text in enumerate(_address_lines(order)):
            pdf.set_font(LATIN, "B" if number == 0 else "", 10)
            pdf.set_xy(x, y + number * 5)
            pdf.cell(width, 5, _fit(pdf, text, width))
        pdf.set_font(LATIN, "", 7)
        pdf.set_xy(x, y + 19)
        pdf.cell(width, 4, _fit(pdf, _("Order %(number)s", number=order.id), width))
    if not orders:
        pdf.add_page()
    return pdf_response(pdf, _("Address labels %(date)s", date=_today()))


def picklist(orders, lines):
    pdf = new_document()
    pdf.add_page()
    paragraph(pdf, _("Pick list %(date)s", date=_today()), size=16, bold=True)
    paragraph(
        pdf,
        ngettext(
            "%(count)s order", "%(count)s orders", len(orders), count=format_number(len(orders))
        ),
    )
    pdf.ln(3)
    paragraph(pdf, _("To pick, in all"), size=13, bold=True)
    totals: dict[str, int] = {}
    for order in orders:
        for line in lines.get(order.id, []):
            totals[line.item.title] = totals.get(line.item.title, 0) + line.quantity
    for title, quantity in totals.items():
        paragraph(pdf, f"{format_number(quantity)} × {title}")
    for order in orders:
        pdf.ln(4)
        heading = _(
            "Order %(number)s – %(business)s (%(status)s)",
            number=order.id,
            business=order.business.name,
            status=status_label(order.status),
        )
        paragraph(pdf, heading, size=12, bold=True)
        paragraph(pdf, ", ".join(_address_lines(order)))
        for line in lines.get(order.id, []):
            # A box to tick by hand when the line is packed.
            pdf.rect(pdf.l_margin, pdf.get_y() + 1.2, 3, 3)
            pdf.set_x(pdf.l_margin + 5)
            pdf.set_font(LATIN, "", 11)
            pdf.multi_cell(
                0,
                5.5,
                f"{format_number(line.quantity)} × {line.item.title}",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        if order.note:
            paragraph(pdf, _("Message: %(note)s", note=order.note), size=10)
    return pdf_response(pdf, _("Pick list %(date)s", date=_today()))


def _today() -> str:
    return format_date(utcnow(), "yyyy-MM-dd")


EXPORT_HEADER = (
    _l("Order"),
    _l("Ordered"),
    _l("Status"),
    _l("Business"),
    _l("Type of site"),
    _l("Municipality"),
    _l("Item"),
    _l("Quantity"),
    _l("Recipient"),
    _l("Street address"),
    _l("Postcode"),
    _l("Town"),
    _l("Message"),
    _l("Tracking number"),
    _l("Sent"),
)


def _local(moment):
    """A stored UTC time as the naive Swedish time a spreadsheet shows."""
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


def _export_rows(orders, lines):
    """One row per item ordered (no organisation number: it may be a personal identity
    number)."""
    for order in orders:
        for line in lines.get(order.id, []):
            yield (
                order.id,
                _local(order.created_at),
                status_label(order.status),
                order.business.name,
                SITE_TYPE_LABELS.get(order.business.site_type, order.business.site_type),
                order.municipality.name,
                line.item.title,
                line.quantity,
                order.recipient,
                order.street_address,
                order.postcode,
                order.postal_town,
                order.note,
                order.tracking_reference,
                _local(order.sent_at),
            )


def csv_export(orders, lines):
    return csv_response(
        _("Orders %(date)s", date=_today()), EXPORT_HEADER, _export_rows(orders, lines)
    )


def xlsx_export(orders, lines):
    return xlsx_response(
        _("Orders %(date)s", date=_today()),
        _("Orders"),
        EXPORT_HEADER,
        _export_rows(orders, lines),
    )
