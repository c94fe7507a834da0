"""Uploads: checked by content, stored under a random name outside static/, served safely."""

import io
import os
import struct
import time
import zlib

import pytest
from flask_wtf.file import FileField, FileRequired
from fpdf import FPDF
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from werkzeug.exceptions import NotFound

from app import uploads
from app.forms import Form
from app.uploads import UploadRefused


@pytest.fixture
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def request_context(app, upload_dir):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def stored_files(directory):
    if not directory.exists():
        return []
    return sorted(path.name for path in directory.iterdir() if path.is_file())


def refusal(check, data, **limits) -> str:
    with pytest.raises(UploadRefused) as refused:
        check(data, **limits)
    return str(refused.value.message)


# ---------------------------------------------------------------- documents to upload


def fpdf_pdf(text="Informationsblad för Sundsvall") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


def raw_pdf(catalogue_extra="", page_extra="", objects=()) -> bytes:
    """A minimal PDF written by hand: a catalogue, one page, and `objects` (numbered from 4)."""
    bodies = [
        f"<< /Type /Catalog /Pages 2 0 R {catalogue_extra} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {page_extra} >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def pdf_with_object_stream(hidden: str) -> bytes:
    """A PDF 1.5 whose object 5 (the catalogue's /Names) is compressed in an object stream,
    so its content is not in the file's bytes as written."""
    header = b"5 0 "
    packed = zlib.compress(header + hidden.encode())
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    plain = {
        1: "<< /Type /Catalog /Pages 2 0 R /Names 5 0 R >>",
        2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    }
    for number, body in plain.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    offsets[4] = len(out)
    out += (
        f"4 0 obj\n<< /Type /ObjStm /N 1 /First {len(header)} /Filter /FlateDecode"
        f" /Length {len(packed)} >>\nstream\n"
    ).encode()
    out += packed + b"\nendstream\nendobj\n"
    offsets[6] = len(out)
    entries = [(0, 0, 65535)] + [(1, offsets[n], 0) for n in (1, 2, 3, 4)]
    entries += [(2, 4, 0), (1, offsets[6], 0)]  # object 5: in stream 4 at index 0
    table = b"".join(struct.pack(">BIH", *entry) for entry in entries)
    out += (
        f"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length {len(table)} >>\nstream\n"
    ).encode()
    out += table + f"\nendstream\nendobj\nstartxref\n{offsets[6]}\n%%EOF\n".encode()
    return bytes(out)


def rewritten(data: bytes, change) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png(width=2, height=1) -> bytes:
    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        uploads.PNG_SIGNATURE
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


CLEAN_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <rect id="r" class="a" width="10" height="10" fill="url(#g)" style="stroke: #123"/>
  <use href="#r"/><use xlink:href="#r"/>
  <text>Dekal \xc3\xa5\xc3\xa4\xc3\xb6</text>
</svg>"""


def svg(body: str, head: str = "") -> bytes:
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink">{body}</svg>'
    ).encode()


# ---------------------------------------------------------------- PDF


def test_a_pdf_made_by_fpdf2_is_accepted_and_stored_under_a_random_name(
    request_context, upload_dir
):
    data = fpdf_pdf()
    uploads.check_pdf(data)
    name = uploads.save(data, "pdf")
    assert uploads.STORED_NAME.fullmatch(name) and name.endswith(".pdf")
    assert stored_files(upload_dir) == [name]
    assert uploads.read(name) == data
    assert uploads.save(data, "pdf") != name  # a new name every time, never overwritten


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(request_context):
    for data in (b"Hello, this is text", png(), b"   %PDF-1.4 not at the start"):
        assert refusal(uploads.check_pdf, data) == str(uploads.PDF_NOT_A_PDF)


def test_a_damaged_pdf_is_refused(request_context):
    assert refusal(uploads.check_pdf, b"%PDF-1.4\n1 0 obj garbage") == str(uploads.PDF_UNREADABLE)
    assert refusal(uploads.check_pdf, fpdf_pdf()[:300]) == str(uploads.PDF_UNREADABLE)


def test_a_pdf_over_the_limit_is_refused_with_the_limit_in_the_message(request_context):
    data = fpdf_pdf()
    assert "MB" in refusal(uploads.check_pdf, b"%PDF-" + bytes(uploads.PDF_MAX_BYTES))
    message = refusal(uploads.check_pdf, data, max_bytes=len(data) - 1)
    assert "too large" in message
    uploads.check_pdf(data, max_bytes=len(data))


def test_an_encrypted_pdf_is_refused(request_context):
    locked = rewritten(fpdf_pdf(), lambda writer: writer.encrypt("secret"))
    assert refusal(uploads.check_pdf, locked) == str(uploads.PDF_ENCRYPTED)


def test_a_pdf_with_javascript_made_by_pypdf_is_refused(request_context):
    scripted = rewritten(fpdf_pdf(), lambda w: w.add_open_action(JavaScript("app.alert(1)")))
    assert refusal(uploads.check_pdf, scripted) == str(uploads.PDF_ACTIVE)


def test_a_pdf_with_an_attached_file_is_refused(request_context):
    attached = rewritten(fpdf_pdf(), lambda w: w.add_attachment("run.exe", b"MZ"))
    assert refusal(uploads.check_pdf, attached) == str(uploads.PDF_ACTIVE)


ACTION = "<< /S /URI /URI (https://example.com/) >>"


@pytest.mark.parametrize(
    "catalogue, page",
    [
        # the name written with an escape (#61 = a) is not in the bytes, the parser reads it
        ("/Names << /J#61vaScript << /Names [(a) 4 0 R] >> >>", ""),
        ("/OpenAction << /S /Named /N /Print >>", ""),
        ("/OpenAction 4 0 R", ""),
        ("", f"/AA << /O {ACTION} >>"),
        ("", "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] /A << /JS (x) >> >>]"),
        ("", "/Annots [<< /Subtype /Link /Rect [0 0 1 1] /A << /S /Launch /F (cmd) >> >>]"),
        ("/AcroForm << /Fields [] /XFA 4 0 R >>", ""),
        ("", "/Annots [<< /Subtype /RichMedia /Rect [0 0 1 1] >>]"),
        ("", "/Annots [<< /Subtype /Link /Rect [0 0 1 1] /A << /S /SubmitForm >> >>]"),
    ],
)
def test_active_content_is_refused_however_it_is_written(request_context, catalogue, page):
    data = raw_pdf(catalogue, page, objects=[ACTION])
    assert refusal(uploads.check_pdf, data) == str(uploads.PDF_ACTIVE)


def test_a_hand_written_pdf_with_an_open_destination_and_a_web_link_is_accepted(request_context):
    link = f"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] /A {ACTION} >>]"
    uploads.check_pdf(raw_pdf("/OpenAction [3 0 R /Fit]", link))


def test_javascript_in_an_object_outside_the_cross_reference_table_is_found(request_context):
    """A reader that repairs files may find an object the parser never reaches."""
    orphan = b"9 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"
    assert refusal(uploads.check_pdf, raw_pdf() + orphan) == str(uploads.PDF_ACTIVE)


def test_javascript_hidden_in_a_compressed_object_stream_is_found(request_context):
    uploads.check_pdf(pdf_with_object_stream("<< >>"))  # the file itself is fine
    hidden = "<< /JavaScript << /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >> >>"
    data = pdf_with_object_stream(hidden)
    assert b"/JavaScript" not in data
    assert refusal(uploads.check_pdf, data) == str(uploads.PDF_ACTIVE)


# ---------------------------------------------------------------- PNG and SVG


def test_a_png_is_accepted(request_context, upload_dir):
    uploads.check_png(png())
    assert uploads.check_image(png()) == "png"
    name = uploads.save(png(), "png")
    assert name.endswith(".png") and uploads.read(name) == png()


def test_a_damaged_or_giant_png_is_refused(request_context):
    damaged = bytearray(png())
    damaged[20] ^= 0xFF  # inside IHDR: the checksum no longer matches
    assert refusal(uploads.check_png, bytes(damaged)) == str(uploads.PNG_DAMAGED)
    assert refusal(uploads.check_png, uploads.PNG_SIGNATURE) == str(uploads.PNG_DAMAGED)
    assert "4096" in refusal(uploads.check_png, png(width=5000))
    assert "4096" in refusal(uploads.check_png, png(width=0))
    assert "too large" in refusal(uploads.check_png, png(), max_bytes=10)
    assert "too large" in refusal(uploads.check_png, png() + bytes(uploads.IMAGE_MAX_BYTES))


def test_a_file_that_is_neither_png_nor_svg_is_refused_as_an_image(request_context):
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
    for data in (jpeg, fpdf_pdf(), b"<html><body>hi</body></html>"):
        assert refusal(uploads.check_image, data) == str(uploads.IMAGE_NOT_AN_IMAGE)


def test_a_clean_svg_is_accepted(request_context, upload_dir):
    assert uploads.check_image(CLEAN_SVG) == "svg"
    assert uploads.save(CLEAN_SVG, "svg").endswith(".svg")


@pytest.mark.parametrize(
    "data",
    [
        svg("<script>alert(1)</script>"),
        svg('<script xlink:href="https://evil.example/x.js"/>'),
        svg('<rect width="1" height="1" onclick="alert(1)"/>'),
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        svg('<a href="javascript:alert(1)"><text>x</text></a>'),
        svg('<image href="https://tracker.example/pixel.png"/>'),
        svg('<use xlink:href="https://evil.example/sprite.svg#a"/>'),
        svg('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
        svg("<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div></foreignObject>"),
        svg('<set attributeName="href" to="javascript:alert(1)"/>'),
        svg("<style>@import url(https://evil.example/a.css);</style>"),
        svg("<style>rect { fill: url(https://evil.example/p.svg#x) }</style>"),
        svg("<style>rect { background: u\\72l(https://evil.example/) }</style>"),
        svg('<rect style="fill: url(&quot;https://evil.example/#a&quot;)"/>'),
        svg('<rect fill="url(https://evil.example/#a)"/>'),
        svg("", head='<?xml-stylesheet href="https://evil.example/a.css"?>'),
        svg("<svg:script xmlns:svg='http://www.w3.org/2000/svg'>alert(1)</svg:script>"),
    ],
)
def test_svg_with_scripts_events_or_external_references_is_refused(request_context, data):
    assert refusal(uploads.check_svg, data) == str(uploads.SVG_ACTIVE)


def test_svg_with_a_doctype_or_entities_is_refused_before_parsing(request_context):
    xxe = svg("<text>&x;</text>", head='<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    laughs = svg(
        "<text>&b;</text>", head='<!doctype svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    )
    for data in (xxe, laughs):
        assert refusal(uploads.check_svg, data) == str(uploads.SVG_DOCTYPE)


def test_svg_that_is_not_xml_or_not_svg_is_refused(request_context):
    assert refusal(uploads.check_svg, b"<svg><rect></svg>") == str(uploads.SVG_UNREADABLE)
    assert refusal(uploads.check_svg, b"<html/>") == str(uploads.IMAGE_NOT_AN_IMAGE)
    assert refusal(uploads.check_svg, "<svg/>".encode("utf-16")) == str(uploads.IMAGE_NOT_AN_IMAGE)
    assert "too large" in refusal(uploads.check_svg, CLEAN_SVG, max_bytes=100)


# ---------------------------------------------------------------- forms


class SheetForm(Form):
    sheet = FileField("Sheet", validators=[FileRequired(), uploads.pdf_upload(max_bytes=50_000)])


class ImageForm(Form):
    image = FileField("Image", validators=[uploads.image_upload()])


def posted_form(app, form_class, field, data, filename, language="en"):
    files = {field: (io.BytesIO(data), filename)} if data is not None else {}
    with app.test_request_context(method="POST", data=files, headers={"Accept-Language": language}):
        form = form_class(meta={"csrf": False})
        return form.validate(), [str(error) for error in form[field].errors]


def test_a_refused_file_gets_its_message_at_the_field_and_nothing_is_stored(app, upload_dir):
    valid, errors = posted_form(app, SheetForm, "sheet", b"MZ\x90\x00 program", "sheet.pdf")
    assert not valid and errors == ["The file is not a PDF. Choose a PDF file."]
    valid, errors = posted_form(app, SheetForm, "sheet", b"x", "blad.pdf", language="sv")
    assert errors == ["Filen är inte en pdf. Välj en pdf-fil."]
    assert stored_files(upload_dir) == []


def test_the_size_limit_of_the_field_applies(app):
    valid, errors = posted_form(app, SheetForm, "sheet", fpdf_pdf() + bytes(50_000), "a.pdf")
    assert not valid and errors == ["The file is too large. It can be at most 49 kB."]


def test_an_accepted_file_can_still_be_read_by_the_service(app):
    data = fpdf_pdf()
    with app.test_request_context(method="POST", data={"sheet": (io.BytesIO(data), "a.pdf")}):
        form = SheetForm(meta={"csrf": False})
        assert form.validate(), form.errors
        assert form.sheet.data.read() == data


def test_an_image_field_takes_png_and_svg_and_may_be_left_empty(app):
    assert posted_form(app, ImageForm, "image", png(), "dekal.png")[0]
    assert posted_form(app, ImageForm, "image", CLEAN_SVG, "dekal.svg")[0]
    assert posted_form(app, ImageForm, "image", None, None)[0]
    valid, errors = posted_form(app, ImageForm, "image", svg("<script/>"), "dekal.svg")
    assert not valid and errors[0].startswith("The SVG image contains scripts")


def test_save_checks_the_content_itself(request_context, upload_dir):
    with pytest.raises(UploadRefused):
        uploads.save(b"<svg onload='x'/>", "svg")
    with pytest.raises(UploadRefused):
        uploads.save(b"not a pdf", "pdf")
    assert stored_files(upload_dir) == []


# ---------------------------------------------------------------- stored names and serving


@pytest.mark.parametrize(
    "name",
    [
        "../secret_key",
        "../../instance/tif.sqlite3",
        "/etc/passwd",
        "A" * 31 + "/.pdf",
        "A" * 32 + ".exe",
        "A" * 32 + ".pdf\n",
        "A" * 32 + ".pdf/..",
        "..%2f..%2fsecret_key",
        "",
        None,
    ],
)
def test_anything_but_a_stored_name_is_refused(request_context, name):
    with pytest.raises(ValueError):
        uploads.stored_path(name)
    with pytest.raises(ValueError):
        uploads.read(name)
    with pytest.raises(ValueError):
        uploads.delete(name)


def test_serving_a_name_that_is_not_stored_answers_404(request_context):
    for name in ("../secret_key", "A" * 32 + ".pdf"):
        with pytest.raises(NotFound):
            uploads.send_stored(name, "x")


def test_delete_removes_the_file_which_waits_a_day_among_the_deleted(request_context, upload_dir):
    """A backup whose database copy was made before the deletion still finds it there."""
    name = uploads.save(png(), "png")
    uploads.delete(name)
    uploads.delete(name)  # gone already: nothing happens
    assert stored_files(upload_dir) == []
    waiting = upload_dir / uploads.DELETED / name
    assert waiting.read_bytes() == png()
    with pytest.raises(NotFound):
        uploads.send_stored(name, "x")
    almost = time.time() - uploads.KEEP_DELETED.total_seconds() + 60
    os.utime(waiting, (almost, almost))
    uploads.purge_deleted_uploads.call_local()
    assert waiting.exists()
    os.utime(waiting, (almost - 120, almost - 120))
    uploads.purge_deleted_uploads.call_local()
    assert not waiting.exists()


def served(name, *args, **kwargs):
    """send_stored's response, its body read and its file closed."""
    with uploads.send_stored(name, *args, **kwargs) as response:
        response.direct_passthrough = False
        response.get_data()
        return response


def test_a_stored_pdf_is_served_as_an_attachment_with_a_safe_name(request_context):
    name = uploads.save(fpdf_pdf(), "pdf")
    response = served(name, 'Informationsblad "Sundsvall"\r\nX-Evil: 1 / åäö')
    assert response.get_data() == fpdf_pdf()
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Informationsblad Sundsvall X-Evil 1 aao.pdf"' in disposition
    utf8_name = "Informationsblad%20Sundsvall%20X-Evil%201%20%C3%A5%C3%A4%C3%B6.pdf"
    assert f"filename*=UTF-8''{utf8_name}" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" not in response.headers  # the app's own policy applies


def test_an_svg_served_inline_runs_and_loads_nothing(request_context):
    name = uploads.save(CLEAN_SVG, "svg")
    response = served(name, "dekal", as_attachment=False)
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Disposition"] == "inline; filename=dekal.svg"
    assert response.headers["Content-Security-Policy"] == uploads.SVG_CSP
