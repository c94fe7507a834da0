"""Files handed to the browser (uploads, exports, PDFs the app makes): one safe filename rule
and one set of headers."""

import io
import re
import unicodedata
from pathlib import Path

from flask import Response, current_app, request
from flask_babel import gettext as _
from werkzeug.utils import send_file

MAX_STEM = 80
# Control and bidi-override characters, and what Windows or a shell would read as a path.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\:*?"<>|]')


def safe_filename(title: str, extension: str) -> str:
    """A download filename made from a title: no path, control or reserved characters, at most
    80 characters before `extension` (".pdf"), which it always ends with. Letters such as
    å ä ö stay; the response also carries an ASCII fallback."""
    stem = " ".join(_UNSAFE.sub(" ", unicodedata.normalize("NFC", title)).split())
    if stem.lower().endswith(extension.lower()):
        stem = stem[: -len(extension)]
    stem = stem.strip(". ")[:MAX_STEM].rstrip(". ")
    return (stem or _("file")) + extension


def file_response(
    content: bytes | Path, filename: str, mimetype: str, as_attachment: bool = True
) -> Response:
    """`content` (bytes, or a file's path) as a response: Content-Disposition with `filename`
    (already safe, see `safe_filename`), never sniffed, never stored by a cache."""
    body = io.BytesIO(content) if isinstance(content, bytes) else content
    response = send_file(
        body,
        request.environ,
        mimetype=mimetype,
        as_attachment=as_attachment,
        download_name=filename,
        response_class=current_app.response_class,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
