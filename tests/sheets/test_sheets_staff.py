"""The library as staff keep it: uploads, versions, details, and what the figures show."""

from sheets_helpers import (
    NATIONAL_SV,
    SUNDSVALL_DRAFT,
    SUNDSVALL_SV,
    UMEA_SV,
    add_umea_sheet,
    sheet,
    small_pdf,
    stored_files,
    upload,
)

from app import uploads
from app.areas.models import Area
from app.audit.models import AuditEntry
from app.businesses.models import Business
from app.sheets.models import InfoSheet, InfoSheetVersion

NEW = {
    "title": "Vad gör jag nu? – på somaliska",
    "summary": "Kortet för disken på somaliska.",
    "topic": "counter",
    "language": "so",
    "status": "published",
}


def actions() -> list[str]:
    return [e.action for e in AuditEntry.select().order_by(AuditEntry.id) if "sheet" in e.action]


def test_police_upload_a_sheet_for_their_area(app, as_user):
    police = as_user("polis@example.com")
    before = stored_files(app)
    data = small_pdf()
    sundsvall = Area.get(Area.slug == "sundsvall")
    response = police.post(
        "/sheets/manage/new",
        data={**NEW, "area": str(sundsvall.id), "file": upload(data, "../../etc/passwd.pdf")},
    )
    assert response.status_code == 303
    new = sheet(NEW["title"])
    assert response.location.endswith(f"/sheets/manage/{new.id}")
    assert (new.area_id, new.language, new.version, new.status) == (
        sundsvall.id,
        "so",
        1,
        "published",
    )
    version = InfoSheetVersion.get(sheet=new)
    assert stored_files(app) - before == {
        version.stored_name
    }  # stored under a name the server chose
    assert "passwd" not in version.stored_name and version.size == len(data)
    with app.app_context():
        assert uploads.read(version.stored_name) == data
    assert actions() == ["sheet_uploaded"]
    assert AuditEntry.get(action="sheet_uploaded").area_id == sundsvall.id
    # A Sundsvall business finds it at once; the Umeå business does not.
    assert NEW["title"] in as_user("terminal@example.com").get("/sheets/?language=so").text
    assert NEW["title"] not in as_user("ombud.umea@example.com").get("/sheets/").text


def test_staff_cannot_place_a_sheet_outside_their_scope(app, as_user):
    police = as_user("polis@example.com")
    before = stored_files(app)
    umea = Area.get(Area.slug == "umea")
    for area in ("", str(umea.id), "abc"):
        response = police.post(
            "/sheets/manage/new", data={**NEW, "area": area, "file": upload(small_pdf())}
        )
        assert response.status_code == 422
        assert 'id="area-error"' in response.text
    assert not InfoSheet.select().where(InfoSheet.title == NEW["title"]).exists()
    assert stored_files(app) == before and actions() == []


def test_only_admins_upload_national_sheets(as_user):
    admin = as_user("admin@example.com")
    assert "Hela landet (ett nationellt blad)" in admin.get("/sheets/manage/new").text
    response = admin.post(
        "/sheets/manage/new", data={**NEW, "area": "", "file": upload(small_pdf())}
    )
    assert response.status_code == 303
    assert sheet(NEW["title"]).area_id is None
    police_form = as_user("kommun@example.com").get("/sheets/manage/new").text
    assert "(ett nationellt blad)" not in police_form  # the municipality cannot choose it


def test_a_new_version_replaces_the_old_in_lists_and_the_old_stays_for_staff(app, as_user):
    police = as_user("polis@example.com")
    target = sheet(SUNDSVALL_SV)
    old = InfoSheetVersion.get(sheet=target, number=1)
    data = small_pdf("Version 2: nya telefontider")
    response = police.post(f"/sheets/manage/{target.id}/version", data={"file": upload(data)})
    assert response.status_code == 303
    assert sheet(SUNDSVALL_SV).version == 2
    assert InfoSheet.select().where(InfoSheet.title == SUNDSVALL_SV).count() == 1
    # Businesses get the new version.
    download = as_user("ombud@example.com").get(f"/sheets/{target.id}/download")
    assert download.data == data
    # Staff still get the old one, and see both.
    with app.app_context():
        old_data = uploads.read(old.stored_name)
    assert police.get(f"/sheets/manage/{target.id}/file?version=1").data == old_data
    assert police.get(f"/sheets/manage/{target.id}/file").data == data
    assert police.get(f"/sheets/manage/{target.id}/file?version=3").status_code == 404
    assert police.get(f"/sheets/manage/{target.id}/file?version=-1").status_code == 404
    detail = police.get(f"/sheets/manage/{target.id}").text
    assert f"/sheets/manage/{target.id}/file?version=1" in detail
    assert actions() == ["sheet_version_uploaded"]


def test_staff_change_the_details_and_publish_a_draft(as_user):
    police = as_user("polis@example.com")
    draft = sheet(SUNDSVALL_DRAFT)
    assert SUNDSVALL_DRAFT not in as_user("ombud@example.com").get("/sheets/").text
    data = {
        "title": "Information sheet for Sundsvall and Timrå, 2026",
        "summary": draft.summary,
        "topic": "counter",
        "language": "en",
        "status": "published",
    }
    assert police.post(f"/sheets/manage/{draft.id}", data=data).status_code == 303
    changed = InfoSheet.get_by_id(draft.id)
    assert (changed.title, changed.status) == (data["title"], "published")
    assert data["title"] in as_user("ombud@example.com").get("/sheets/").text
    assert actions() == ["sheet_changed"]


def test_refused_details_change_nothing(as_user):
    police = as_user("polis@example.com")
    target = sheet(SUNDSVALL_SV)
    for field, value in (
        ("title", ""),
        ("title", "x" * 201),
        ("title", "Blad\x00"),
        ("summary", "x" * 501),
        ("language", "xx"),
        ("language", "eng"),
        ("topic", "drugs"),
        ("status", "archived"),
    ):
        data = {"title": target.title, "summary": "", "topic": "counter", "language": "sv"}
        data = {**data, "status": "published", field: value}
        response = police.post(f"/sheets/manage/{target.id}", data=data)
        assert response.status_code == 422, (field, value)
        assert f'id="{field}-error"' in response.text, (field, value)
    assert InfoSheet.get_by_id(target.id).title == SUNDSVALL_SV
    assert actions() == []


def test_national_sheets_are_read_only_for_police_and_municipalities(as_user):
    national = sheet(NATIONAL_SV)
    for email in ("polis@example.com", "kommun@example.com"):
        staff = as_user(email)
        page = staff.get(f"/sheets/manage/{national.id}")
        assert page.status_code == 200 and 'enctype="multipart/form-data"' not in page.text
        details = {"title": "Ändrad", "topic": "method", "language": "sv", "status": "draft"}
        assert staff.post(f"/sheets/manage/{national.id}", data=details).status_code == 403
        new_version = {"file": upload(small_pdf())}
        assert (
            staff.post(f"/sheets/manage/{national.id}/version", data=new_version).status_code == 403
        )
    assert sheet(NATIONAL_SV).version == 2 and actions() == []


def test_staff_of_another_area_get_404(as_user):
    add_umea_sheet()
    umea_police = as_user("polis.umea@example.com")
    target = sheet(SUNDSVALL_SV)
    for url in (
        f"/sheets/manage/{target.id}",
        f"/sheets/manage/{target.id}/file",
        f"/sheets/manage/{target.id}/file?version=1",
    ):
        assert umea_police.get(url).status_code == 404
    response = umea_police.post(
        f"/sheets/manage/{target.id}/version", data={"file": upload(small_pdf())}
    )
    assert response.status_code == 404
    assert SUNDSVALL_SV not in umea_police.get("/sheets/manage/").text
    assert UMEA_SV in umea_police.get("/sheets/manage/").text


def test_the_figures_are_counts_over_the_scope_never_a_list_of_businesses(as_user):
    police = as_user("polis@example.com")
    police.get("/language/en")
    page = police.get("/sheets/manage/").text
    # Sundsvall: Kiosken Stenstan has downloaded, Sundsvall Paketterminal has not.
    assert "<dt>Connected businesses</dt><dd>2</dd>" in page
    assert "<dt>Have downloaded a sheet</dt><dd>1</dd>" in page
    assert "<dt>Share</dt><dd>50%</dd>" in page
    assert '<td data-label="Downloads">3</td>' in page  # the national Swedish sheet's
    detail = police.get(f"/sheets/manage/{sheet(NATIONAL_SV).id}").text
    assert "<dt>Downloads</dt><dd>3</dd>" in detail  # Umeå's downloads are not counted here
    assert "<dt>Businesses that have downloaded it</dt><dd>1</dd>" in detail
    # The Arabic sheet was downloaded in Umeå only: nothing of it counts for Sundsvall.
    arabic = police.get(
        f"/sheets/manage/{sheet('معًا ضد الشحنات غير القانونية – معلومات للعاملين').id}"
    ).text
    assert "<dt>Downloads</dt><dd>0</dd>" in arabic
    for text in (page, detail, arabic):
        for business in Business.select():
            assert business.name not in text


def test_the_administrator_counts_every_area(as_user):
    admin = as_user("admin@example.com")
    admin.get("/language/en")
    page = admin.get("/sheets/manage/").text
    assert "<dt>Connected businesses</dt><dd>3</dd>" in page
    assert "<dt>Have downloaded a sheet</dt><dd>2</dd>" in page
    detail = admin.get(f"/sheets/manage/{sheet(NATIONAL_SV).id}").text
    assert "<dt>Downloads</dt><dd>5</dd>" in detail  # 3 in Sundsvall, 2 in Umeå
    assert "<dt>Businesses that have downloaded it</dt><dd>2</dd>" in detail
