"""Helpers of the updates tests: demo accounts and updates by name, the form as a browser
sends it, and small files to upload."""

import io
import struct
import zlib

from app.accounts.models import User
from app.updates.models import Update

SUNDSVALL_WARNING = "Var uppmärksam på paket med handskrivna etiketter och kraftig tejp"
CUSTOMS_WARNING = "Tullverket: vakuumförpackat innehåll från Nederländerna och Spanien"
TERMINALS_ONLY = "För terminaler: sändningar som ändrar mönster"
TIMRA_MEETING = "Uppföljningsmöte i Timrå"  # scheduled
EXPIRED_WARNING = "Var uppmärksam på falska sms om paketavgifter"
SHOP_TRAINING = "Kommunen bjuder in till utbildning: trygghet i butiken"  # parcel agents only
NATIONAL_NEWS = "Nytt i portalen: välj själv när du vill få mejl"


def user(email: str) -> User:
    return User.get(User.email == email)


def titled(title: str) -> Update:
    return Update.get(Update.title == title)


def png(width: int = 2, height: int = 1) -> bytes:
    """A valid PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    from app.updates.demo import _signs_pdf

    return _signs_pdf()


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def form(**values) -> dict:
    """The update form as a browser sends it: a warning published now, to everyone."""
    data = {
        "category": "warning",
        "title": "Var uppmärksam på paket med kläder från Polen",
        "body": "Paketen har **kraftig tejp** och handskrivna etiketter.",
        "when": "now",
        "publish_at": "",
        "expires_at": "",
        "image_description": "",
        "action": "save",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def in_english(browser):
    browser.get("/language/en")
    return browser
