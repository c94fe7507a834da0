"""Uploaded files: checked by content, stored outside `static/` under a name the server
chooses, served with headers that keep the browser from running them.

A form checks an upload with `pdf_upload()` or `image_upload()` (a refused file gets its
message at the field and nothing is saved); the service then saves the bytes with
`save(data, kind)` and keeps the stored name in its row; a view answers with
`send_stored(name, download_name)`. `save` checks the content again, so nothing unchecked is
ever stored. A service saves the file before it writes its row and deletes it when its
transaction fails.
"""

import datetime
import io
import os
import re
import secrets
import struct
import time
import zlib
from pathlib import Path
from xml.etree import ElementTree

from flask import Response, abort, current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject
from werkzeug.datastructures import FileStorage
from wtforms.validators import StopValidation

from app.downloads import file_response, safe_filename
from app.jobs import crontab, periodic

PDF_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_BYTES = 512 * 1024
MAX_IMAGE_SIDE = 4096  # pixels

MIMETYPES = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml"}
# 24 random bytes in URL-safe base64 and the kind: nothing a person typed, no path.
STORED_NAME = re.compile(r"[A-Za-z0-9_-]{32}\.(pdf|png|svg)")
DELETED = ".deleted"  # the folder, inside the upload directory, of files deleted lately
KEEP_DELETED = datetime.timedelta(days=1)  # longer than any backup takes
# An SVG opened directly runs nothing and loads nothing, whatever it holds.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class UploadRefused(ValueError):
    """The file was refused; `message` says why, in words for the person who sent it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _readable_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{format_decimal(size / 1024 / 1024, format='#,##0.#')} MB"
    return f"{format_decimal(size / 1024, format='#,##0')} kB"


def _check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise UploadRefused(
            _(
                "The file is too large. It can be at most %(limit)s.",
                limit=_readable_size(max_bytes),
            )
        )


# ---------------------------------------------------------------- PDF

# Names that make a PDF do something beyond showing pages: scripts, launching programs,
# attached files, embedded media, XML forms, sending or fetching data, other documents.
_ACTIVE_PDF_NAMES = frozenset(
    f"/{name}"
    for name in (
        "JavaScript",
        "JS",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "RichMedia",
        "XFA",
        "SubmitForm",
        "ImportData",
        "GoToE",
        "GoToR",
    )
)
# Also looked for in the raw bytes, in case an object the parser skips (an orphan, a broken
# cross-reference table) is found by a reader that repairs the file. Only long names: a short
# one such as /JS also turns up by chance in compressed data.
_ACTIVE_PDF_BYTES = (b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia")

PDF_NOT_A_PDF = _l("The file is not a PDF. Choose a PDF file.")
PDF_UNREADABLE = _l("The PDF could not be read. Save it again as a PDF and upload it anew.")
PDF_ENCRYPTED = _l("The PDF is protected by a password. Upload a copy without protection.")
PDF_ACTIVE = _l(
    "The PDF contains scripts, attached files or other active content. Save it again without"
    " them, for example by printing it to a new PDF, and upload it anew."
)


def check_pdf(data: bytes, max_bytes: int = PDF_MAX_BYTES) -> None:
    """A readable, unencrypted PDF without active content, at most `max_bytes`."""
    _check_size(data, max_bytes)
    if not data.startswith(b"%PDF-"):
        raise UploadRefused(PDF_NOT_A_PDF)
    if any(name in data for name in _ACTIVE_PDF_BYTES):
        raise UploadRefused(PDF_ACTIVE)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRefused(PDF_ENCRYPTED)
        if not reader.pages:
            raise UploadRefused(PDF_UNREADABLE)
        objects = [reader.trailer]
        for generation, numbers in reader.xref.items():
            objects.extend(IndirectObject(n, generation, reader) for n in numbers)
        objects.extend(IndirectObject(n, 0, reader) for n in reader.xref_objStm)
        for obj in objects:
            if _is_active(obj.get_object()):
                raise UploadRefused(PDF_ACTIVE)
    except UploadRefused:
        raise
    except Exception as error:  # a hostile file can fail anywhere in the parser
        raise UploadRefused(PDF_UNREADABLE) from error


def _is_active(obj) -> bool:
    """Whether an object, or anything written inside it (not what it refers to: every object
    of the file is looked at on its own), makes the PDF do something."""
    pending = [obj]
    while pending:
        current = pending.pop()
        if isinstance(current, NameObject) and current in _ACTIVE_PDF_NAMES:
            return True
        if isinstance(current, DictionaryObject):
            if _ACTIVE_PDF_NAMES.intersection(current.keys()):
                return True
            # An open action may be a destination (a page to show first) but not an action;
            # additional actions (/AA) are nothing but actions.
            open_action = current.get("/OpenAction")
            if open_action is not None and isinstance(open_action.get_object(), DictionaryObject):
                return True
            additional_actions = current.get("/AA")
            if additional_actions is not None and additional_actions.get_object():
                return True
            pending.extend(current.values())
        elif isinstance(current, ArrayObject):
            pending.extend(current)
    return False


# ---------------------------------------------------------------- PNG

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

IMAGE_NOT_AN_IMAGE = _l("The file is not an image in PNG or SVG format.")
PNG_DAMAGED = _l("The PNG image is damaged. Save it again and upload it anew.")


def check_png(data: bytes, max_bytes: int = IMAGE_MAX_BYTES) -> None:
    """A PNG whose header (IHDR) is intact and whose sides are 1 to 4096 pixels."""
    _check_size(data, max_bytes)
    if not data.startswith(PNG_SIGNATURE):
        raise UploadRefused(IMAGE_NOT_AN_IMAGE)
    header = data[8:33]  # length, "IHDR", 13 bytes of data, CRC
    if len(header) < 25:
        raise UploadRefused(PNG_DAMAGED)
    length, chunk_type, width, height = struct.unpack(">I4sII", header[:16])
    (crc,) = struct.unpack(">I", header[21:25])
    if length != 13 or chunk_type != b"IHDR" or zlib.crc32(header[4:21]) != crc:
        raise UploadRefused(PNG_DAMAGED)
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise UploadRefused(
            _(
                "The image is too large. It can be at most %(side)s × %(side)s pixels.",
                side=MAX_IMAGE_SIDE,
            )
        )


# ---------------------------------------------------------------- SVG

SVG_UNREADABLE = _l("The SVG image could not be read. Save it again and upload it anew.")
SVG_DOCTYPE = _l(
    "The SVG image has a document type declaration (DOCTYPE), which the portal does not"
    " accept. Save it again as plain SVG and upload it anew."
)
SVG_ACTIVE = _l(
    "The SVG image contains scripts, links or other active content. Save it again as a plain"
    " drawing and upload it anew."
)
# Elements that run code, embed other documents or change attributes (an animation can turn
# a harmless href into a javascript: link).
_ACTIVE_SVG_ELEMENTS = frozenset(
    {
        "script",
        "foreignobject",
        "iframe",
        "embed",
        "object",
        "handler",
        "listener",
        "set",
        "animate",
        "animatecolor",
        "animatemotion",
        "animatetransform",
    }
)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_DOCTYPE_OR_ENTITY = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_svg(data: bytes, max_bytes: int = IMAGE_MAX_BYTES) -> None:
    """An SVG drawing that runs nothing and loads nothing: no scripts, event attributes,
    external links or style sheets, DOCTYPE or entities."""
    _check_size(data, max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused(IMAGE_NOT_AN_IMAGE) from None
    # Refused before parsing: no entity is ever expanded or fetched.
    if _DOCTYPE_OR_ENTITY.search(text):
        raise UploadRefused(SVG_DOCTYPE)
    parser = ElementTree.XMLPullParser(events=("end", "pi"))
    try:
        parser.feed(text)
        parser.close()
    except ElementTree.ParseError:
        raise UploadRefused(SVG_UNREADABLE) from None
    for event, element in parser.read_events():
        # A processing instruction (<?xml-stylesheet href=…?>) may load a style sheet.
        if event == "pi" or _is_active_svg_element(element):
            raise UploadRefused(SVG_ACTIVE)
        root = element  # the last element to end
    if _local_name(root.tag) != "svg":
        raise UploadRefused(IMAGE_NOT_AN_IMAGE)


def _local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _is_active_svg_element(element) -> bool:
    name = _local_name(element.tag)
    if name in _ACTIVE_SVG_ELEMENTS:
        return True
    if name == "style" and _is_active_style(element.text or ""):
        return True
    for attribute, value in element.attrib.items():
        attribute = _local_name(attribute)
        if attribute.startswith("on"):
            return True
        if attribute == "href" and not value.strip().startswith("#"):
            return True
        if attribute == "style" and _is_active_style(value):
            return True
        if _loads_from_elsewhere(value):  # fill="url(https://…)" and the like
            return True
    return False


def _loads_from_elsewhere(value: str) -> bool:
    """A url(…) that is not a reference inside the drawing (url(#gradient))."""
    return any(not target.startswith("#") for target in _CSS_URL.findall(value))


def _is_active_style(css: str) -> bool:
    """Style text that imports, loads from elsewhere or hides either behind CSS escapes."""
    return "@import" in css.lower() or "\\" in css or _loads_from_elsewhere(css)


# ---------------------------------------------------------------- images, checks by kind


def image_kind(data: bytes) -> str:
    """The kind of image the content says it is, "png" or "svg" (`check_image` checks it)."""
    return "png" if data.startswith(PNG_SIGNATURE) else "svg"


def check_image(data: bytes, max_bytes: int = IMAGE_MAX_BYTES) -> str:
    """A PNG or SVG image that passes its kind's check; answers the kind."""
    kind = image_kind(data)
    CHECKS[kind](data, max_bytes)
    return kind


CHECKS = {"pdf": check_pdf, "png": check_png, "svg": check_svg}


# ---------------------------------------------------------------- form validators


def _upload_validator(check, max_bytes: int):
    def validate(form, field):
        upload = field.data
        if not isinstance(upload, FileStorage) or not upload.filename:
            return  # nothing chosen: the field's own required or optional validator decides
        data = upload.stream.read(max_bytes + 1)  # one byte more tells that it is too large
        upload.stream.seek(0)
        try:
            check(data, max_bytes)
        except UploadRefused as refused:
            raise StopValidation(refused.message) from None

    return validate


def pdf_upload(max_bytes: int = PDF_MAX_BYTES):
    """Validator for a FileField that takes a PDF."""
    return _upload_validator(check_pdf, max_bytes)


def image_upload(max_bytes: int = IMAGE_MAX_BYTES):
    """Validator for a FileField that takes a PNG or SVG image (`image_kind` tells which)."""
    return _upload_validator(check_image, max_bytes)


# ---------------------------------------------------------------- storage


def _directory() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def stored_path(name: str) -> Path:
    """Where a stored file is; ValueError for anything that is not a stored name."""
    if not isinstance(name, str) or not STORED_NAME.fullmatch(name):
        raise ValueError(f"not a stored file name: {name!r}")
    return _directory() / name


def save(data: bytes, kind: str) -> str:
    """Store checked content ("pdf", "png" or "svg") under a new random name; answers the
    name. Refuses (UploadRefused) content that fails its kind's check."""
    CHECKS[kind](data, len(data))  # the content again; the size limit was the form's
    name = f"{secrets.token_urlsafe(24)}.{kind}"
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / name, "xb") as file:  # "x": never over an existing file
        file.write(data)
    return name


def read(name: str) -> bytes:
    return stored_path(name).read_bytes()


def delete(name: str) -> None:
    """Remove a stored file (nothing happens when it is already gone). It waits a day among
    the deleted files, where a backup whose database copy still names it finds it
    (app/backups.py); purge_deleted_uploads() removes it then."""
    path = stored_path(name)
    deleted = path.parent / DELETED
    deleted.mkdir(exist_ok=True)
    try:
        os.replace(path, deleted / name)
    except FileNotFoundError:
        return
    os.utime(deleted / name)  # the time of deletion


@periodic(crontab(minute="25"))
def purge_deleted_uploads() -> None:
    """Deleted files a day after their deletion."""
    deleted = _directory() / DELETED
    if not deleted.is_dir():
        return
    cutoff = time.time() - KEEP_DELETED.total_seconds()
    for path in deleted.iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def send_stored(
    name: str, download_name: str, mimetype: str | None = None, as_attachment: bool = True
) -> Response:
    """A stored file as a download named after `download_name` (a title; made safe and given
    the file's extension here); 404 for a name that is not stored. The type defaults to the
    stored kind's; an SVG also gets a policy that runs and loads nothing, in case it is opened
    directly. The file is read whole (uploads are small), so no file stays open with a response
    that a caller – a test client, say – never closes."""
    try:
        path = stored_path(name)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    kind = path.suffix[1:]
    response = file_response(
        path.read_bytes(),
        safe_filename(download_name, path.suffix),
        mimetype or MIMETYPES[kind],
        as_attachment,
    )
    if kind == "svg":
        response.headers["Content-Security-Policy"] = SVG_CSP
    return response
