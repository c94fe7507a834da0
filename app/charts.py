"""Bar charts for statistics pages, drawn on the server as inline SVG (no JavaScript, no
images): horizontal bars, one group per category and one bar per series, each with its value
written at its end. Series differ in grey level and pattern, so the chart reads in black and
white; a suppressed value (None) leaves a gap marked "–".

The SVG uses presentation attributes only (the Content-Security-Policy refuses inline
styles), scales to its container from 320 px up, and is an image named by its <title> and
described by its <desc>. Pages show the figures as a table too: `chart_and_table()` in
`templates/_macros/charts.html` renders both.
"""

import hashlib
from collections.abc import Sequence
from xml.etree import ElementTree

from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

WIDTH = 320  # user units, 1:1 on the narrowest screen; the chart takes its container's width
FONT_SIZE = 14
LINE = 19  # height of a line of text: a category's name, a legend entry
BAR = 16
BAR_GAP = 4
GROUP_GAP = 10
VALUE_ROOM = 64  # right of the longest bar, for its value
INK = "#1b1b1f"
SUPPRESSED = "–"
NOT_SHOWN = _l("not shown")

# One look per series: solid dark, hatched, solid mid-grey, dotted. Every bar has a dark
# outline, so even the lighter ones stand out from the page.
_PATTERNS = {
    "hatch": [
        ("rect", {"width": "6", "height": "6", "fill": "#ffffff"}),
        ("path", {"d": "M0 0V6", "stroke": INK, "stroke-width": "2.5"}),
    ],
    "dots": [
        ("rect", {"width": "6", "height": "6", "fill": "#ffffff"}),
        ("circle", {"cx": "3", "cy": "3", "r": "1.4", "fill": INK}),
    ],
}
SERIES_FILLS = (INK, "hatch", "#767676", "dots")


def bar_chart(
    title: str,
    categories: Sequence,
    series: Sequence[tuple[object, Sequence[float | None]]],
    description: str | None = None,
) -> Markup:
    """An SVG bar chart: `series` is [(label, values)], one value per category (a number, or
    None for a suppressed one). The description defaults to the figures in words."""
    _check(categories, series)
    chart_id = _chart_id(title, categories, series)
    fills = [_fill(chart_id, style) for style in SERIES_FILLS[: len(series)]]
    largest = max((v for _label, values in series for v in values if v is not None), default=0)
    scale = (WIDTH - VALUE_ROOM) / float(largest) if largest else 0

    svg = ElementTree.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "chart",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "font-size": str(FONT_SIZE),
            "font-family": "system-ui, sans-serif",
            "fill": INK,
        },
    )
    _text_element(svg, "title", title, id=f"{chart_id}-title")
    _text_element(svg, "desc", description or _describe(categories, series), id=f"{chart_id}-desc")
    _patterns(svg, chart_id, len(series))

    y = 0
    if len(series) > 1:  # a legend; one series needs none
        for (label, _values), fill in zip(series, fills, strict=False):
            _bar(svg, 0, y + 2, BAR - 4, BAR - 4, fill)
            _text(svg, BAR + 2, y + FONT_SIZE, label)
            y += LINE
        y += GROUP_GAP
    for index, category in enumerate(categories):
        _text(svg, 0, y + FONT_SIZE, category, font_weight="600")
        y += LINE
        for (_label, values), fill in zip(series, fills, strict=False):
            value = values[index]
            if value is None:
                _text(svg, 4, y + BAR - 4, SUPPRESSED)
            else:
                length = round(float(value) * scale, 1)
                _bar(svg, 0, y, length, BAR, fill)
                _text(svg, length + 4, y + BAR - 4, format_number(value))
            y += BAR + BAR_GAP
        y += GROUP_GAP
    svg.set("viewBox", f"0 0 {WIDTH} {y}")
    return Markup(ElementTree.tostring(svg, encoding="unicode"))


def _check(categories, series) -> None:
    if not 0 < len(series) <= len(SERIES_FILLS):
        raise ValueError(f"a bar chart shows 1 to {len(SERIES_FILLS)} series")
    for label, values in series:
        if len(values) != len(categories):
            raise ValueError(
                f"series {label!r}: {len(values)} values, {len(categories)} categories"
            )
        if any(value is not None and value < 0 for value in values):
            raise ValueError(f"series {label!r}: bars start at zero, a value is negative")


def _chart_id(*content) -> str:
    """An id made from the chart's content: the same at every render, another for another
    chart on the same page."""
    return "chart-" + hashlib.blake2s(repr(content).encode(), digest_size=5).hexdigest()


def _describe(categories, series) -> str:
    """The figures in words: "Sundsvall: 2025 12, 2026 –; …" (a single series unlabelled)."""

    def figure(value) -> str:
        return str(NOT_SHOWN) if value is None else format_number(value)

    parts = []
    for index, category in enumerate(categories):
        if len(series) == 1:
            figures = figure(series[0][1][index])
        else:
            figures = ", ".join(f"{label} {figure(values[index])}" for label, values in series)
        parts.append(f"{category}: {figures}")
    return "; ".join(parts)


def _fill(chart_id: str, style: str) -> str:
    return f"url(#{chart_id}-{style})" if style in _PATTERNS else style


def _patterns(svg, chart_id: str, series_count: int) -> None:
    defs = ElementTree.SubElement(svg, "defs")
    for style in SERIES_FILLS[:series_count]:
        if style in _PATTERNS:
            pattern = ElementTree.SubElement(
                defs,
                "pattern",
                {
                    "id": f"{chart_id}-{style}",
                    "width": "6",
                    "height": "6",
                    "patternUnits": "userSpaceOnUse",
                    "patternTransform": "rotate(45)",
                },
            )
            for tag, attributes in _PATTERNS[style]:
                ElementTree.SubElement(pattern, tag, attributes)


def _bar(svg, x, y, width, height, fill) -> None:
    ElementTree.SubElement(
        svg,
        "rect",
        {
            "x": str(x),
            "y": str(y),
            "width": str(width),
            "height": str(height),
            "fill": fill,
            "stroke": INK,
            "stroke-width": "1",
        },
    )


def _text(svg, x, y, content, **attributes) -> None:
    attributes = {name.replace("_", "-"): value for name, value in attributes.items()}
    _text_element(svg, "text", content, x=str(x), y=str(y), **attributes)


def _text_element(parent, tag: str, content, **attributes) -> None:
    element = ElementTree.SubElement(parent, tag, attributes)
    element.text = str(content)
