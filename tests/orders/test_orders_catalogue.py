"""The catalogue: staff keep their area's items, admins the national ones too; pictures are
checked by content and size and shown to whoever orders or handles orders."""

import io

import pytest
from orders_helpers import POSTER, STICKER, english, item

from app.areas.models import Area
from app.audit.models import AuditEntry
from app.orders.models import CatalogueImage, CatalogueItem
from app.uploads import stored_path

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def item_data(**changes):
    data = {
        "area": str(Area.get(Area.slug == "sundsvall").id),
        "kind": "poster",
        "title": "Affisch A4 för fönstret",
        "description": "Mindre affisch för butiksfönstret.",
        "language": "",
        "max_per_order": "2",
        "max_per_year": "6",
        "available": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def national_sticker_data(**changes):
    return item_data(area="", kind="sticker", title=STICKER, **changes)


def test_staff_add_an_item_with_a_picture_to_their_area(login):
    staff = login("kommun@example.com")
    data = item_data(image=(io.BytesIO(PNG), "affisch.png"))
    response = staff.post("/stickers/catalogue/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    added = CatalogueItem.get(CatalogueItem.title == "Affisch A4 för fönstret")
    assert added.area.slug == "sundsvall" and (added.max_per_order, added.max_per_year) == (2, 6)
    assert added.image is not None
    picture = login("ombud@example.com").get(f"/stickers/images/{added.image_id}")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert picture.headers["X-Content-Type-Options"] == "nosniff"
    picture.close()
    assert AuditEntry.get(AuditEntry.action == "order_catalogue_item_added").object_id == added.id
    assert "Affisch A4 för fönstret" in login("terminal@example.com").get("/my-orders/new").text
    umea = login("ombud.umea@example.com").get("/my-orders/new").text
    assert "Affisch A4 för fönstret" not in umea


@pytest.mark.parametrize(
    "upload,message",
    [
        ((SCRIPTED_SVG, "dekal.svg"), "scripts, links or other active content"),
        ((b"%PDF-1.4 not an image", "dekal.png"), "could not be read"),
        ((PNG + b"\x00" * 210 * 1024, "stor.png"), "too large"),
    ],
)
def test_a_picture_is_checked_by_content_and_size(login, upload, message):
    staff = english(login("polis@example.com"))
    before = (CatalogueItem.select().count(), CatalogueImage.select().count())
    data = item_data(image=(io.BytesIO(upload[0]), upload[1]))
    response = staff.post("/stickers/catalogue/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.text
    assert (CatalogueItem.select().count(), CatalogueImage.select().count()) == before


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"title": "   "}, "Fill in the name of the item."),
        ({"kind": "castle"}, "Not a valid choice"),
        ({"max_per_order": "0"}, "Write a number from 1 and up."),
        ({"max_per_order": "abc"}, "Write the number with digits"),
        ({"max_per_order": "5", "max_per_year": "4"}, "cannot be lower than one order"),
        ({"language": "svenska!"}, "language code"),
        ({"area": ""}, "Not a valid choice"),  # only admins offer an item in every area
        ({"area": str(10**30)}, "Not a valid choice"),
    ],
)
def test_bad_item_input_is_refused_at_the_field(login, changes, message):
    staff = english(login("polis@example.com"))
    before = CatalogueItem.select().count()
    response = staff.post("/stickers/catalogue/new", data=item_data(**changes))
    assert response.status_code == 422 and message in response.text
    assert CatalogueItem.select().count() == before


def test_an_umea_item_cannot_be_offered_by_sundsvall(login):
    umea = Area.get(Area.slug == "umea")
    response = login("polis@example.com").post(
        "/stickers/catalogue/new", data=item_data(area=str(umea.id))
    )
    assert response.status_code == 422


def test_national_items_are_the_admins(login):
    police = login("polis@example.com")
    sticker = item(STICKER)
    assert police.get(f"/stickers/catalogue/{sticker.id}").status_code == 404
    assert police.post(f"/stickers/catalogue/{sticker.id}", data=item_data()).status_code == 404
    admin = login("admin@example.com")
    data = national_sticker_data(max_per_order="4", max_per_year="8")
    assert admin.post(f"/stickers/catalogue/{sticker.id}", data=data).status_code == 303
    changed = CatalogueItem.get_by_id(sticker.id)
    assert changed.area_id is None and changed.max_per_order == 4
    assert changed.image_id == sticker.image_id  # no new picture: the old one stays


def test_staff_of_another_area_cannot_change_an_item(login):
    poster = item(POSTER, area="sundsvall")
    umea = login("polis.umea@example.com")
    assert umea.get(f"/stickers/catalogue/{poster.id}").status_code == 404
    assert umea.post(f"/stickers/catalogue/{poster.id}/delete", data={}).status_code == 404
    assert CatalogueItem.get_or_none(CatalogueItem.id == poster.id) is not None


def test_an_ordered_item_stays_and_an_unordered_one_goes(login):
    staff = english(login("polis@example.com"))
    poster = item(POSTER, area="sundsvall")
    kept = staff.post(f"/stickers/catalogue/{poster.id}/delete", data={})
    assert kept.status_code == 303 and CatalogueItem.get_or_none(CatalogueItem.id == poster.id)
    assert "has been ordered, so it stays" in staff.get(kept.headers["Location"]).text
    unused = item("Affisch A2 för lagerlokal", area="sundsvall")
    assert staff.post(f"/stickers/catalogue/{unused.id}/delete", data={}).status_code == 303
    assert CatalogueItem.get_or_none(CatalogueItem.id == unused.id) is None


def test_replacing_and_removing_a_picture_removes_the_old_file(app, login):
    admin = login("admin@example.com")
    sticker = item(STICKER)
    old = CatalogueImage.get_by_id(sticker.image_id)
    data = national_sticker_data(image=(io.BytesIO(PNG), "ny.png"))
    admin.post(f"/stickers/catalogue/{sticker.id}", data=data, content_type="multipart/form-data")
    new = CatalogueImage.get_by_id(CatalogueItem.get_by_id(sticker.id).image_id)
    admin.post(f"/stickers/catalogue/{sticker.id}", data=national_sticker_data(drop_image="y"))
    assert CatalogueItem.get_by_id(sticker.id).image_id is None
    assert CatalogueImage.select().count() == 0
    with app.app_context():
        assert not stored_path(old.stored_name).exists()
        assert not stored_path(new.stored_name).exists()


@pytest.mark.parametrize(
    "email,status",
    [
        (None, 302),
        ("tull@example.com", 403),
        ("lansstyrelsen@example.com", 403),
        ("ombud.umea@example.com", 200),
        ("polis@example.com", 200),
    ],
)
def test_who_sees_a_picture(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    response = browser.get(f"/stickers/images/{item().image_id}")
    assert response.status_code == status
    response.close()


def test_the_catalogue_page_shows_national_and_own_items_only(login):
    page = login("polis.umea@example.com").get("/stickers/catalogue/").text
    assert STICKER in page and "Affisch A2 för lagerlokal" not in page
