"""Staff publish, preview, change and delete updates from their desk: what is saved, what is
refused (at the field, nothing written), and who may touch which update."""

from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from updates_helpers import (
    SUNDSVALL_WARNING,
    TIMRA_MEETING,
    form,
    in_english,
    pdf,
    png,
    titled,
    upload,
    user,
)

from app.areas.models import Area, CustomsRegion, Municipality
from app.audit.models import AuditEntry
from app.db import utcnow
from app.updates.models import Update, UpdateImage, UpdateRead

NEW_TITLE = "Var uppmärksam på paket med kläder från Polen"


def stored_files(app) -> set[str]:
    directory = Path(app.config["UPLOAD_DIR"])
    return {path.name for path in directory.iterdir()} if directory.exists() else set()


def local(moment) -> str:
    """A UTC time as the form's datetime-local field has it (Swedish time)."""
    swedish = moment.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Stockholm"))
    return swedish.strftime("%Y-%m-%dT%H:%M")


def actions() -> list[str]:
    return [e.action for e in AuditEntry.select().order_by(AuditEntry.id) if "update" in e.action]


def test_police_publish_a_warning_with_an_image_and_a_pdf(app, as_user):
    police = in_english(as_user("polis@example.com"))
    data = form(
        pinned="y",
        image=upload(png(4, 3), "paket.png"),
        image_description="Ett paket med kraftig tejp",
        attachment=upload(pdf(), "kannetecken.pdf"),
    )
    response = police.post("/updates/manage/new", data=data)
    assert response.status_code == 303 and response.location.endswith("/updates/manage/")
    assert "The update is published." in police.get("/updates/manage/").text
    update = titled(NEW_TITLE)
    assert (update.level, update.area_id, update.publisher) == (
        "area",
        Area.get(Area.slug == "sundsvall").id,
        "police",
    )
    assert update.pinned and update.announced_at is not None and update.site_types == ""
    assert (update.reach_businesses, update.reach_users) == (2, 2)  # the kiosk and the terminal
    (image,) = UpdateImage.select().where(UpdateImage.update == update.id)
    assert (image.description, image.width, image.height) == ("Ett paket med kraftig tejp", 4, 3)
    assert {image.stored_name, update.attachment} <= stored_files(app)
    entry = AuditEntry.get(AuditEntry.action == "update_published")
    assert (entry.object_id, entry.area_id, entry.actor_id) == (
        update.id,
        update.area_id,
        user("polis@example.com").id,
    )


def test_a_scheduled_update_waits_unseen_until_its_time(as_user):
    police = as_user("polis@example.com")
    tomorrow = utcnow() + timedelta(days=1)
    response = police.post(
        "/updates/manage/new", data=form(when="later", publish_at=local(tomorrow))
    )
    assert response.status_code == 303
    update = titled(NEW_TITLE)
    assert update.announced_at is None and update.reach_businesses is None
    assert abs(update.publish_at - tomorrow) < timedelta(minutes=1)
    assert actions() == ["update_scheduled"]
    business = as_user("ombud@example.com")
    assert business.get(f"/updates/{update.id}").status_code == 404
    assert NEW_TITLE not in business.get("/updates/").text


@pytest.mark.parametrize(
    "field,values,message",
    [
        ("title", {"title": ""}, "Fill in a headline."),
        ("title", {"title": "x" * 151}, "Field cannot be longer than 150 characters."),
        ("body", {"body": "   "}, "Write the text of the update."),
        ("category", {"category": "rumour"}, "Not a valid choice."),
        ("category", {"category": None}, "Choose a category."),
        ("publish_at", {"when": "later"}, "Fill in when the update is to be published."),
        ("publish_at", {"when": "later", "publish_at": "igår"}, "Not a valid datetime value."),
        (
            "publish_at",
            {"when": "later", "publish_at": "2020-01-01T10:00"},
            "Choose a time that has not passed yet.",
        ),
        (
            "publish_at",
            {"when": "later", "publish_at": "0001-01-01T00:00"},
            "Enter a date between the years 2000 and 2100.",
        ),
        ("expires_at", {"expires_at": "2021-05-01T12:00"}, "Choose a time after the publication."),
        ("expires_at", {"expires_at": "9999-12-31T23:59"}, "Enter a date between the years"),
        ("site_types", {"site_types": ["paketombud", "bank"]}, "not a valid choice"),
        ("municipalities", {"municipalities": ["umea"]}, "Invalid choice(s)"),
        ("image_description", {"image": "png"}, "Describe what the image shows"),
        ("image", {"image": "svg", "image_description": "Ett paket"}, "contains scripts"),
        ("image", {"image": "text", "image_description": "Ett paket"}, "could not be read"),
        ("attachment", {"attachment": "png"}, "The file is not a PDF."),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_written(
    app, as_user, field, values, message
):
    files = {
        "png": upload(png(), "bild.png"),
        "svg": upload(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"
        ),
        "text": upload(b"Hej hej", "bild.png"),
    }
    values = {
        key: files.get(value, value) if key in ("image", "attachment") else value
        for key, value in values.items()
    }
    police = in_english(as_user("polis@example.com"))
    before = (Update.select().count(), AuditEntry.select().count(), stored_files(app))
    response = police.post("/updates/manage/new", data=form(**values))
    assert response.status_code == 422
    text = response.text
    error = text[text.index(f'id="{field}-error"') :]
    assert message in error[: error.index("</p>")]
    assert (Update.select().count(), AuditEntry.select().count(), stored_files(app)) == before


def test_municipalities_of_another_desk_are_refused(as_user):
    police = as_user("polis@example.com")
    umea = Municipality.get(Municipality.code == "2480").id
    response = police.post("/updates/manage/new", data=form(municipalities=[str(umea)]))
    assert (
        response.status_code == 422
        and not Update.select().where(Update.title == NEW_TITLE).exists()
    )


def test_at_most_three_images(as_user):
    police = in_english(as_user("polis@example.com"))
    update = titled(SUNDSVALL_WARNING)
    for n in range(2):
        data = form(image=upload(png(), f"{n}.png"), image_description=f"Bild {n}")
        assert police.post(f"/updates/manage/{update.id}/edit", data=data).status_code == 303
    data = form(image=upload(png(), "3.png"), image_description="En för mycket")
    response = police.post(f"/updates/manage/{update.id}/edit", data=data)
    assert response.status_code == 422 and "at most 3 images" in response.text
    assert UpdateImage.select().where(UpdateImage.update == update.id).count() == 3


def test_preview_shows_the_text_and_whom_it_reaches_and_writes_nothing(as_user):
    police = in_english(as_user("polis@example.com"))
    data = form(site_types=["terminal"], action="preview")
    response = police.post("/updates/manage/new", data=data)
    assert response.status_code == 200
    assert "It reaches 1 business and 1 person." in response.text
    assert "<strong>kraftig tejp</strong>" in response.text
    assert 'name="title"' in response.text  # the whole form, to go on with
    fragment = police.post("/updates/manage/new", data=data, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="preview"')
    assert "<html" not in fragment.text and "It reaches 1 business" in fragment.text
    assert not Update.select().where(Update.title == NEW_TITLE).exists()
    assert actions() == []


def test_the_preview_says_that_files_must_be_chosen_again(as_user):
    police = in_english(as_user("polis@example.com"))
    data = form(action="preview", attachment=upload(pdf(), "blad.pdf"))
    assert (
        "choose the image and the attachment again"
        in police.post("/updates/manage/new", data=data).text
    )


def test_changing_a_published_update_keeps_its_read_marks_and_says_updated(as_user):
    update = titled(SUNDSVALL_WARNING)
    reader = as_user("ombud@example.com")
    reader.get(f"/updates/{update.id}")
    marks = UpdateRead.select().where(UpdateRead.update == update.id)
    assert marks.count() == 2  # the terminal's (demo data) and the kiosk's
    police = as_user("polis@example.com")
    page = police.get(f"/updates/manage/{update.id}/edit").text
    assert 'name="when"' not in page  # published stays published
    data = form(title="Var uppmärksam på paket med kraftig tejp", category="warning", pinned="y")
    assert police.post(f"/updates/manage/{update.id}/edit", data=data).status_code == 303
    changed = Update.get_by_id(update.id)
    assert changed.title == "Var uppmärksam på paket med kraftig tejp"
    assert changed.edited_at is not None and changed.publish_at == update.publish_at
    assert marks.count() == 2
    assert "uppdaterad" in reader.get(f"/updates/{update.id}").text
    assert actions() == ["update_changed"]


def test_narrowing_a_published_update_counts_its_reach_again(as_user):
    update = titled(SUNDSVALL_WARNING)
    police = as_user("polis@example.com")
    data = form(title=update.title, site_types=["terminal"])
    police.post(f"/updates/manage/{update.id}/edit", data=data)
    changed = Update.get_by_id(update.id)
    assert (changed.site_types, changed.reach_businesses, changed.reach_users) == (
        ",terminal,",
        1,
        1,
    )
    assert as_user("ombud@example.com").get(f"/updates/{update.id}").status_code == 404


def test_a_scheduled_update_can_be_published_now(as_user):
    update = titled(TIMRA_MEETING)
    timra = Municipality.get(Municipality.code == "2262").id
    police = as_user("polis@example.com")
    page = police.get(f"/updates/manage/{update.id}/edit").text
    assert '<input checked id="when-1" name="when" required type="radio" value="later">' in page
    assert (
        f'<input checked id="municipalities-1" name="municipalities" type="checkbox" value="{timra}">'
        in page
    )
    data = form(title=update.title, category="meeting", when="now", municipalities=[str(timra)])
    assert police.post(f"/updates/manage/{update.id}/edit", data=data).status_code == 303
    changed = Update.get_by_id(update.id)
    assert changed.announced_at is not None and changed.publish_at <= utcnow()
    assert changed.edited_at is None  # not published before: nothing to mark as updated
    assert changed.reach_businesses == 0  # no business in Timrå in the demo data


def test_removing_an_image_and_replacing_the_attachment_deletes_the_old_files(app, as_user):
    update = titled(SUNDSVALL_WARNING)
    (image,) = UpdateImage.select().where(UpdateImage.update == update.id)
    old_pdf = update.attachment
    police = as_user("polis@example.com")
    data = form(
        title=update.title, remove_images=[str(image.id)], attachment=upload(pdf(), "nytt.pdf")
    )
    assert police.post(f"/updates/manage/{update.id}/edit", data=data).status_code == 303
    changed = Update.get_by_id(update.id)
    files = stored_files(app)
    assert image.stored_name not in files and old_pdf not in files
    assert changed.attachment in files and changed.attachment != old_pdf
    assert not UpdateImage.select().where(UpdateImage.update == update.id).exists()
    data = form(title=update.title, remove_attachment="y")
    police.post(f"/updates/manage/{update.id}/edit", data=data)
    assert Update.get_by_id(update.id).attachment == "" and changed.attachment not in stored_files(
        app
    )


def test_deleting_an_update_deletes_its_files_and_read_marks(app, as_user):
    update = titled(SUNDSVALL_WARNING)
    files = {
        update.attachment,
        *(i.stored_name for i in UpdateImage.select().where(UpdateImage.update == update.id)),
    }
    as_user("ombud@example.com").get(f"/updates/{update.id}")
    police = as_user("polis@example.com")
    assert police.post(f"/updates/manage/{update.id}/delete", data={}).status_code == 303
    assert not Update.select().where(Update.id == update.id).exists()
    assert not UpdateRead.select().where(UpdateRead.update == update.id).exists()
    assert not files & stored_files(app)
    entry = AuditEntry.get(AuditEntry.action == "update_deleted")
    assert entry.object_id == update.id and entry.area_id == update.area_id


@pytest.mark.parametrize(
    "email,status",
    [
        (None, 302),
        ("ombud@example.com", 403),
        ("lansstyrelsen@example.com", 403),
        ("polis.umea@example.com", 404),
        ("kommun@example.com", 404),
        ("tull@example.com", 404),
        ("admin@example.com", 404),
    ],
)
def test_only_the_desk_may_touch_its_updates(as_user, email, status):
    update = titled(SUNDSVALL_WARNING)
    browser = as_user(email)
    for path in (f"/updates/manage/{update.id}", f"/updates/manage/{update.id}/edit"):
        assert browser.get(path).status_code == status
    for path in (f"/updates/manage/{update.id}/edit", f"/updates/manage/{update.id}/delete"):
        assert browser.post(path, data=form(title="Kapat")).status_code == status
    assert Update.get_by_id(update.id).title == SUNDSVALL_WARNING and actions() == []


@pytest.mark.parametrize(
    "email,level",
    [
        ("kommun@example.com", "municipality"),
        ("tull@example.com", "region"),
        ("admin@example.com", "national"),
    ],
)
def test_each_desk_publishes_to_its_own_place(as_user, email, level):
    browser = as_user(email)
    assert browser.post("/updates/manage/new", data=form()).status_code == 303
    update = titled(NEW_TITLE)
    publisher = user(email)
    assert update.level == level and update.publisher == publisher.role
    assert update.municipality_id == (
        publisher.municipality_id if level == "municipality" else None
    )
    assert update.customs_region_id == (CustomsRegion.get().id if level == "region" else None)
    assert update.area_id is None


def test_the_narrowing_offered_is_the_desks_own(as_user):
    police = as_user("polis@example.com").get("/updates/manage/new").text
    assert (
        "Sundsvalls kommun" in police and "Timrå kommun" in police and "Umeå kommun" not in police
    )
    kommun = as_user("kommun@example.com").get("/updates/manage/new").text
    assert 'name="municipalities"' not in kommun  # one municipality: nothing to narrow to
    assert 'name="site_types"' in kommun
