"""An update's text is Markdown made into HTML that can run nothing, load nothing and link
nowhere but to web and mail addresses."""

from html.parser import HTMLParser

import pytest

from app.updates.markdown import render


class Elements(HTMLParser):
    """Every element of a fragment with its attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(text: str) -> list:
    return Elements(str(render(text))).found


def tags(text: str) -> list:
    return [tag for tag, _attrs in elements(text)]


def hrefs(text: str) -> list:
    return [attrs.get("href") for tag, attrs in elements(text) if tag == "a"]


def test_ordinary_markdown_becomes_the_usual_elements():
    text = (
        "# Kännetecken\n\nText med *kursiv* och **fet** stil.\n\n- ett\n- två\n\n"
        "1. först\n2. sedan\n\n> citat\n\n[Polisen](https://polisen.se/) och "
        "[mejla oss](mailto:tif@example.com)"
    )
    assert tags(text) == [
        "h2",  # the update's title is the page's h1
        "p",
        "em",
        "strong",
        "ul",
        "li",
        "li",
        "ol",
        "li",
        "li",
        "blockquote",
        "p",
        "p",
        "a",
        "a",
    ]
    assert hrefs(text) == ["https://polisen.se/", "mailto:tif@example.com"]
    links = [attrs for tag, attrs in elements(text) if tag == "a"]
    assert all(attrs["rel"] == "noopener noreferrer nofollow" for attrs in links)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">klicka</a>',
        "<svg onload=alert(1)><circle r=5 /></svg>",
        '<svg><script href="data:,alert(1)"/></svg>',
        "<iframe src=https://evil.example></iframe>",
        '<div style="background:url(https://evil.example/x)">x</div>',
        "<style>body{display:none}</style>",
        "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    ],
)
def test_raw_html_is_shown_as_text_never_as_elements(text):
    html = str(render(text))
    assert tags(text) == ["p"]  # only the paragraph holding the text
    assert "<script" not in html.lower() and "<svg" not in html.lower()


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "java%0ascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_links_to_scripts_data_or_files_are_not_links(target):
    assert hrefs(f"[Klicka här]({target})") == []
    assert hrefs(f"<{target}>") == []


@pytest.mark.parametrize(
    "text",
    [
        "![Paketet](https://evil.example/paket.png)",
        "![Paketet](//evil.example/paket.png)",
        "![Paketet](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '![Paketet](/updates/images/1 "titel")',
        "[![Paketet](https://evil.example/p.png)](https://polisen.se/)",
    ],
)
def test_images_in_the_text_load_nothing_and_keep_their_description(text):
    assert "img" not in tags(text)
    assert "Paketet" in str(render(text))


def test_text_is_escaped_where_it_looks_like_markup():
    html = str(render('Paket märkta "<b>Ömtåligt</b>" & tejpade'))
    assert "&lt;b&gt;Ömtåligt&lt;/b&gt;" in html and "&amp; tejpade" in html
