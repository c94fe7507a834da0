"""An update's text: Markdown (CommonMark, raw HTML off) made into HTML, then cleaned with an
allow-list. What is left is paragraphs, emphasis, lists, quotes, code, headings and links to
web and mail addresses (https://…, mailto:…): no scripts, no event handlers, no styles, no
images (an image in the text shows its description; an update's images are its own uploads,
shown after the text), no javascript:, data: or relative links."""

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

_markdown = MarkdownIt("commonmark", {"html": False})
# A link to anything else stays text: [text](javascript:…) is shown as written.
_markdown.validateLink = lambda url: urlsplit(url.strip()).scheme.lower() in URL_SCHEMES


def _image_as_its_text(renderer, tokens, index, options, env) -> str:
    """![a parcel](https://…) shows "a parcel": the text stays, nothing is loaded."""
    token = tokens[index]
    return escapeHtml(renderer.renderInlineAsText(token.children or [], options, env))


_markdown.add_render_rule("image", _image_as_its_text)


def _headings_below_the_title(tokens) -> None:
    """The update's title is the page's h1: "# Heading" in the text becomes an h2."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"


def render(text: str) -> Markup:
    tokens = _markdown.parse(text)
    _headings_below_the_title(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            clean_content_tags={"script", "style"},
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            url_relative="deny",
            link_rel=LINK_REL,
        )
    )
