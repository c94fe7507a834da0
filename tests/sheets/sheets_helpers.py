"""What the information sheets' tests share: PDFs to upload, the demo's sheets by title, and
the files in UPLOAD_DIR."""

import io
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.areas.models import Area
from app.sheets.models import InfoSheet, InfoSheetVersion

NATIONAL_SV = "Tillsammans mot illegala försändelser – information till personalen"
NATIONAL_EN = "Together against illegal shipments – information for staff"
NATIONAL_AR = "معًا ضد الشحنات غير القانونية – معلومات للعاملين"
SUNDSVALL_SV = "Informationsblad för Sundsvall och Timrå"
SUNDSVALL_DRAFT = "Information sheet for Sundsvall and Timrå"
UMEA_SV = "Informationsblad för Umeå"


def sheet(title) -> InfoSheet:
    return InfoSheet.get(InfoSheet.title == title)


def add_umea_sheet() -> InfoSheet:
    """A published sheet of Umeå (the demo data has none of its own)."""
    umea = Area.get(Area.slug == "umea")
    sheet = InfoSheet.create(
        area=umea, title=UMEA_SV, topic="counter", language="sv", status="published"
    )
    InfoSheetVersion.create(sheet=sheet, number=1, stored_name="U" * 32 + ".pdf", size=1000)
    return sheet


def small_pdf(text="Paket från utlandet: ring Tullverket") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


def scripted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(small_pdf()))
    writer.add_open_action(JavaScript("app.alert('tips')"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data: bytes, filename: str = "blad.pdf"):
    """A file field's value for the test client."""
    return (io.BytesIO(data), filename)


def post_file(client, url: str, fields: dict, data: bytes, filename: str = "blad.pdf"):
    """A multipart POST built in memory: the test client writes bodies over 500 kB to a
    temporary file that it never closes (a ResourceWarning, an error under pytest)."""
    file = FileStorage(io.BytesIO(data), filename=filename, content_type="application/pdf")
    values = {**fields, "csrf_token": client.csrf_token(), "file": file}
    boundary, body = encode_multipart(values)
    content_type = f"multipart/form-data; boundary={boundary}"
    return client.post(url, data=body, content_type=content_type, csrf=False)


def stored_files(app) -> set[str]:
    """The names of the files in UPLOAD_DIR."""
    directory = Path(app.config["UPLOAD_DIR"])
    return {path.name for path in directory.iterdir()} if directory.exists() else set()
