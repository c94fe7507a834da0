"""Server-made SVG bar charts, and the table macro that shows the same figures."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from app.charts import VALUE_ROOM, WIDTH, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["Januari", "Februari", "Mars"]


@pytest.fixture
def swedish(app):
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        yield


def parsed(markup) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))


def bars(svg) -> list[ElementTree.Element]:
    """The bars and legend swatches: rectangles drawn on the chart, not inside patterns."""
    return svg.findall(f"{SVG}rect")


def texts(svg) -> list[str]:
    return [element.text for element in svg.findall(f"{SVG}text")]


def test_a_chart_is_an_image_named_by_its_title_and_described(swedish):
    svg = parsed(bar_chart("Kontakter per månad", MONTHS, [("2026", [12, 4, 7])]))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == (title_id, "Kontakter per månad")
    assert (desc.get("id"), desc.text) == (desc_id, "Januari: 12; Februari: 4; Mars: 7")


def test_a_chart_scales_to_its_container_and_has_no_inline_style(swedish):
    markup = str(bar_chart("Kontakter", MONTHS, [("2025", [1, 2, 3]), ("2026", [3, None, 1])]))
    svg = parsed(markup)
    assert svg.get("width") == "100%" and svg.get("height") is None
    assert svg.get("viewBox").startswith(f"0 0 {WIDTH} ")
    assert "style" not in markup  # neither attributes nor a <style> element: the CSP refuses them


def test_bars_are_as_long_as_their_values(swedish):
    svg = parsed(bar_chart("Beslag", MONTHS, [("Antal", [10, 5, 0])]))
    assert [float(rect.get("width")) for rect in bars(svg)] == [
        WIDTH - VALUE_ROOM,
        (WIDTH - VALUE_ROOM) / 2,
        0,
    ]
    assert texts(svg) == ["Januari", "10", "Februari", "5", "Mars", "0"]


def test_a_suppressed_value_is_a_gap_marked_with_a_dash(swedish):
    svg = parsed(bar_chart("Beslag", MONTHS, [("Antal", [10, None, 3])]))
    assert len(bars(svg)) == 2  # no bar for the suppressed value
    assert texts(svg) == ["Januari", "10", "Februari", "–", "Mars", "3"]
    assert svg.find(f"{SVG}desc").text == "Januari: 10; Februari: visas inte; Mars: 3"


def test_several_series_differ_in_pattern_and_have_a_legend(swedish):
    series = [("2024", [1, 2, 3]), ("2025", [2, 3, 4]), ("2026", [3, 4, 5]), ("2027", [4, 5, 6])]
    markup = str(bar_chart("Kontakter", MONTHS, series))
    svg = parsed(markup)
    assert texts(svg)[:4] == ["2024", "2025", "2026", "2027"]  # the legend first
    fills = [rect.get("fill") for rect in bars(svg)]
    assert len(set(fills[:4])) == 4 and fills[4:8] == fills[:4]  # each series keeps its look
    assert all(rect.get("stroke") for rect in bars(svg))
    pattern_ids = {pattern.get("id") for pattern in svg.iter(f"{SVG}pattern")}
    assert set(re.findall(r"url\(#([^)]+)\)", markup)) == pattern_ids and len(pattern_ids) == 2
    assert svg.find(f"{SVG}desc").text.startswith("Januari: 2024 1, 2025 2, 2026 3, 2027 4; ")


def test_text_is_escaped(swedish):
    hostile = '<script>alert("x")</script> & Co'
    markup = str(bar_chart(hostile, [hostile], [(hostile, [1])]))
    assert "<script>" not in markup
    svg = parsed(markup)
    assert svg.find(f"{SVG}title").text == hostile and hostile in texts(svg)


def test_numbers_are_formatted_for_the_language(swedish):
    svg = parsed(bar_chart("Kontakter", ["Hela länet"], [("Antal", [Decimal("1234")])]))
    assert texts(svg)[1] == "1\xa0234"


def test_each_chart_has_its_own_ids_and_the_same_chart_the_same(swedish):
    first = bar_chart("Kontakter", MONTHS, [("2026", [1, 2, 3])])
    again = bar_chart("Kontakter", MONTHS, [("2026", [1, 2, 3])])
    other = bar_chart("Kontakter", MONTHS, [("2026", [1, 2, 4])])
    assert first == again
    assert parsed(first).get("aria-labelledby") != parsed(other).get("aria-labelledby")


@pytest.mark.parametrize(
    "series",
    [
        [],
        [("2026", [1, 2])],
        [("2026", [1, -2, 3])],
        [(str(year), [1, 2, 3]) for year in range(2020, 2025)],
    ],
)
def test_data_a_chart_cannot_show_is_refused(swedish, series):
    with pytest.raises(ValueError):
        bar_chart("Kontakter", MONTHS, series)


def test_the_macro_shows_the_chart_and_the_same_figures_as_a_table(app, swedish):
    template = app.jinja_env.from_string(
        '{% from "_macros/charts.html" import chart_and_table %}'
        "{{ chart_and_table(title, categories, series, 'Månad') }}"
    )
    html = template.render(
        title="Kontakter <b>per</b> månad",
        categories=["Januari", "<i>Februari</i>"],
        series=[("2025", [1200, None]), ("2026", [3, 4])],
    )
    assert "<b>" not in html and "<i>" not in html
    svg = parsed(re.search(r"<svg.*</svg>", html, re.DOTALL).group(0))
    assert svg.find(f"{SVG}desc").text == "Samma siffror finns i tabellen under diagrammet."
    table = re.search(r"<table.*</table>", html, re.DOTALL).group(0)
    assert "<caption>Kontakter &lt;b&gt;per&lt;/b&gt; månad</caption>" in table
    headings = re.findall(r'<th scope="(col|row)">([^<]*)</th>', table)
    assert headings == [
        ("col", "Månad"),
        ("col", "2025"),
        ("col", "2026"),
        ("row", "Januari"),
        ("row", "&lt;i&gt;Februari&lt;/i&gt;"),
    ]
    cells = re.findall(r"<td>(.*?)</td>", table)
    assert cells == [
        "1\xa0200",
        "3",
        '<span aria-hidden="true">–</span><span class="visually-hidden">visas inte</span>',
        "4",
    ]
