"""What a business user meets: the feed (pinned, then unread, then newest; "show more"), the
unread count in the menu, the latest warning on the home page, reading marks read; what staff
learn of it (how many businesses read an update, never who); files; time moving on."""

import re
from datetime import timedelta

import pytest
import time_machine
from updates_helpers import (
    CUSTOMS_WARNING,
    NATIONAL_NEWS,
    SHOP_TRAINING,
    SUNDSVALL_WARNING,
    in_english,
    titled,
    user,
)

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import count_queries, utcnow
from app.updates.jobs import forget_readers_of_expired
from app.updates.models import Update, UpdateImage, UpdateRead

TELL_THE_POLICE = "Det här får du berätta för polisen och Tullverket"
MEETING = "Samverkansmöte för paketombud och terminaler i Sundsvall"
CUSTOMS_TIPS = "Så tipsar du Tullverket"  # scheduled in 7 days


def headlines(html: str) -> list[str]:
    return re.findall(r'<a href="/updates/\d+"(?: autofocus)?>([^<]+)</a>', html)


def badge(html: str) -> str | None:
    found = re.search(r'<span class="badge" aria-hidden="true">(\d+)</span>', html)
    return found.group(1) if found else None


def test_the_feed_puts_pinned_then_unread_then_newest_first(as_user):
    kiosk = as_user("ombud@example.com")
    page = kiosk.get("/updates/").text
    assert headlines(page) == [
        SUNDSVALL_WARNING,
        CUSTOMS_WARNING,
        MEETING,
        SHOP_TRAINING,
        NATIONAL_NEWS,
    ]
    kiosk.get(f"/updates/{titled(CUSTOMS_WARNING).id}")
    page = kiosk.get("/updates/").text
    assert headlines(page) == [
        SUNDSVALL_WARNING,
        MEETING,
        SHOP_TRAINING,
        NATIONAL_NEWS,
        TELL_THE_POLICE,
    ]
    # The terminal has read the pinned warning (demo data): pinned still comes first.
    terminal = as_user("terminal@example.com").get("/updates/").text
    assert headlines(terminal)[0] == SUNDSVALL_WARNING
    assert 'class="update-item pinned"' in terminal and 'class="update-item pinned unread"' in page


def show_more(html: str) -> str:
    return (
        re.search(r'<li id="more" class="more"><a class="button secondary" href="([^"]+)"', html)
        .group(1)
        .replace("&amp;", "&")
    )


def test_show_more_brings_the_next_updates_into_the_list(as_user):
    kiosk = as_user("ombud@example.com")
    link = show_more(kiosk.get("/updates/").text)
    fragment = kiosk.get(link, headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<li class="update-item')  # only the new items
    assert headlines(fragment) == [TELL_THE_POLICE]
    assert f'<a href="/updates/{titled(TELL_THE_POLICE).id}" autofocus>' in fragment
    assert 'id="more"' not in fragment  # nothing after it
    full = kiosk.get(link).text  # without JavaScript: the page of the older updates
    assert "<html" in full and headlines(full) == [TELL_THE_POLICE]


def test_opening_updates_between_pages_moves_none_from_one_page_to_another(as_user):
    kiosk = as_user("ombud@example.com")
    link = show_more(kiosk.get("/updates/").text)
    for title in (CUSTOMS_WARNING, MEETING):
        kiosk.get(f"/updates/{titled(title).id}")
    # As the list stood when it was first shown: the second page still holds the oldest.
    assert headlines(kiosk.get(link, headers={"HX-Request": "true"}).text) == [TELL_THE_POLICE]


@pytest.mark.parametrize("at", ["igår", "9999-01-01T00:00:00", "0001-01-01", "x" * 5000, "\x00"])
def test_a_broken_show_more_link_shows_the_list_as_it_is_now(as_user, at):
    response = as_user("ombud@example.com").get("/updates/", query_string={"page": "2", "at": at})
    assert response.status_code == 200 and headlines(response.text) == [TELL_THE_POLICE]


def test_opening_an_update_marks_it_read_once_and_the_menu_counts_down(as_user):
    kiosk = as_user("ombud@example.com")
    assert badge(kiosk.get("/home").text) == "6"
    warning = titled(SUNDSVALL_WARNING)
    page = kiosk.get(f"/updates/{warning.id}").text
    assert badge(page) == "5"  # already counted on the page that marks it read
    kiosk.get(f"/updates/{warning.id}")
    marks = UpdateRead.select().where(UpdateRead.user == user("ombud@example.com").id)
    assert [(m.update_id, m.business_id) for m in marks] == [
        (warning.id, user("ombud@example.com").business_id)
    ]
    assert badge(kiosk.get("/home").text) == "5"
    for update in Update.select():
        kiosk.get(f"/updates/{update.id}")
    assert badge(kiosk.get("/home").text) is None  # nothing new: no badge at all


def test_the_home_page_shows_the_newest_unread_warning_and_the_feed(as_user):
    kiosk = in_english(as_user("ombud@example.com"))
    home = kiosk.get("/home").text
    warning = home[home.index('id="latest-warning-heading"') :]
    assert warning.index(SUNDSVALL_WARNING) < warning.index("Read the warning")
    feed = home[home.index('id="home-updates-heading"') :]
    # The other unread warning next, then as in the feed; the warning above is not repeated.
    assert headlines(feed) == [CUSTOMS_WARNING, MEETING, SHOP_TRAINING, NATIONAL_NEWS]
    kiosk.get(f"/updates/{titled(SUNDSVALL_WARNING).id}")
    home = kiosk.get("/home").text
    assert CUSTOMS_WARNING in home[home.index('id="latest-warning-heading"') :][:300]
    kiosk.get(f"/updates/{titled(CUSTOMS_WARNING).id}")
    assert 'id="latest-warning-heading"' not in kiosk.get("/home").text


def test_the_update_page_shows_the_text_images_and_attachment(as_user):
    kiosk = in_english(as_user("ombud@example.com"))
    warning = titled(SUNDSVALL_WARNING)
    page = kiosk.get(f"/updates/{warning.id}").text
    assert f"<h1>{SUNDSVALL_WARNING}</h1>" in page
    assert (
        "The police in Sundsvall" in page
        and "<li>mycket tejp, eller tejp runt hela paketet</li>" in page
    )
    image = UpdateImage.get(UpdateImage.update == warning.id)
    assert f'src="/updates/images/{image.id}" alt="{image.description}"' in page
    assert f'href="/updates/{warning.id}/attachment" hx-boost="false"' in page


@pytest.mark.parametrize(
    "email,status",
    [
        ("ombud@example.com", 200),
        ("terminal@example.com", 200),
        ("polis@example.com", 200),
        ("ombud.umea@example.com", 404),
        ("polis.umea@example.com", 404),
        ("kommun@example.com", 404),
        ("lansstyrelsen@example.com", 404),
    ],
)
def test_files_go_only_to_those_who_may_read_the_update(as_user, email, status):
    warning = titled(SUNDSVALL_WARNING)
    image = UpdateImage.get(UpdateImage.update == warning.id)
    browser = as_user(email)
    attachment = browser.get(f"/updates/{warning.id}/attachment")
    picture = browser.get(f"/updates/images/{image.id}")
    assert (attachment.status_code, picture.status_code) == (status, status)
    if status == 200:
        assert attachment.mimetype == "application/pdf"
        assert attachment.headers["Content-Disposition"].startswith("attachment;")
        assert (
            picture.mimetype == "image/svg+xml"
            and "sandbox" in picture.headers["Content-Security-Policy"]
            and len(picture.headers.getlist("Content-Security-Policy")) == 1  # the view's own
        )
        assert attachment.data.startswith(b"%PDF-")


def test_anonymous_visitors_are_sent_to_log_in(client, demo):
    warning = titled(SUNDSVALL_WARNING)
    for path in ("/updates/", f"/updates/{warning.id}", f"/updates/{warning.id}/attachment"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location


def test_an_update_without_attachment_has_none_to_download(as_user):
    update = titled(MEETING)
    assert as_user("ombud@example.com").get(f"/updates/{update.id}/attachment").status_code == 404


def test_scheduled_updates_appear_and_expired_ones_go_as_time_passes(as_user):
    scheduled = titled(CUSTOMS_TIPS)
    meeting = titled(MEETING)  # removed in 15 days
    assert as_user("ombud@example.com").get(f"/updates/{scheduled.id}").status_code == 404
    with time_machine.travel(utcnow() + timedelta(days=8), tick=False):
        kiosk = as_user("ombud@example.com")
        assert headlines(kiosk.get("/updates/").text)[:2] == [SUNDSVALL_WARNING, CUSTOMS_TIPS]
        assert kiosk.get(f"/updates/{scheduled.id}").status_code == 200
        assert kiosk.get(f"/updates/{meeting.id}").status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=16), tick=False):
        kiosk = as_user("ombud@example.com")
        assert kiosk.get(f"/updates/{meeting.id}").status_code == 404
        assert MEETING not in kiosk.get("/updates/").text
        # Staff still find it, as removed.
        police = in_english(as_user("polis@example.com"))
        removed = police.get("/updates/manage/?status=expired")
        assert removed.status_code == 200 and MEETING in removed.text
        assert 'aria-current="page">Removed</a>' in removed.text
        shown = police.get("/updates/manage/?status=published")
        assert shown.status_code == 200 and MEETING not in shown.text


# ---------------------------------------------------------------- what staff learn


def test_staff_see_how_many_businesses_read_an_update_and_never_who(as_user):
    warning = titled(SUNDSVALL_WARNING)  # the terminal has read it (demo data)
    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    colleague = User.create(email="kollega.stenstan@example.com", role="business", business=kiosk)
    for reader in (user("ombud@example.com"), colleague):
        UpdateRead.create(update=warning, user=reader, business=kiosk)
    police = in_english(as_user("polis@example.com"))
    listing = police.get("/updates/manage/").text
    row = listing[listing.index(SUNDSVALL_WARNING) :]
    assert "2 businesses</td>" in row[: row.index("</tr>")]  # two people of the kiosk: one business
    detail = police.get(f"/updates/manage/{warning.id}").text
    assert "<dt>Read by</dt><dd>2 businesses</dd>" in detail
    assert "<dt>Reached</dt><dd>2 businesses and 2 people</dd>" in detail
    for who in ("Kiosken Stenstan", "Sundsvall Paketterminal", "ombud@", "terminal@", "kollega"):
        assert who not in listing and who not in detail


def test_when_an_update_expires_who_read_it_is_forgotten_and_the_count_kept(as_user):
    meeting = titled(MEETING)
    for email in ("ombud@example.com", "terminal@example.com"):
        as_user(email).get(f"/updates/{meeting.id}")
    forget_readers_of_expired()  # not expired yet: nothing happens
    assert UpdateRead.select().where(UpdateRead.update == meeting.id).count() == 2
    with time_machine.travel(utcnow() + timedelta(days=16), tick=False):
        forget_readers_of_expired()
        police = in_english(as_user("polis@example.com"))
        detail = police.get(f"/updates/manage/{meeting.id}").text
    assert not UpdateRead.select().where(UpdateRead.update == meeting.id).exists()
    assert Update.get_by_id(meeting.id).read_businesses == 2
    assert "<dt>Read by</dt><dd>2 businesses</dd>" in detail
    # Read marks of updates still shown are kept.
    assert UpdateRead.select().where(UpdateRead.update == titled(SUNDSVALL_WARNING).id).exists()


def test_an_update_shown_again_counts_on_and_forgets_its_new_readers_too(as_user):
    meeting = titled(MEETING)
    as_user("ombud@example.com").get(f"/updates/{meeting.id}")
    later = utcnow() + timedelta(days=16)
    with time_machine.travel(later, tick=False):
        forget_readers_of_expired()
        # The police show it again for a week; the terminal reads it.
        police = as_user("polis@example.com")
        data = {
            "csrf_token": police.csrf_token(),
            "category": "meeting",
            "title": MEETING,
            "body": meeting.body,
            "expires_at": (later + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "action": "save",
        }
        assert police.post(f"/updates/manage/{meeting.id}/edit", data=data).status_code == 303
        as_user("terminal@example.com").get(f"/updates/{meeting.id}")
        police = in_english(as_user("polis@example.com"))
        detail = police.get(f"/updates/manage/{meeting.id}").text
        assert "<dt>Read by</dt><dd>2 businesses</dd>" in detail
    with time_machine.travel(later + timedelta(days=8), tick=False):
        forget_readers_of_expired()
    assert not UpdateRead.select().where(UpdateRead.update == meeting.id).exists()
    assert Update.get_by_id(meeting.id).read_businesses == 2


# ---------------------------------------------------------------- queries per page


def more_updates(n: int) -> None:
    """n more live updates for the kiosk from the police in Sundsvall, half read by it."""
    police, kiosk_user = user("polis@example.com"), user("ombud@example.com")
    sundsvall = Area.get(Area.slug == "sundsvall")
    for i in range(n):
        update = Update.create(
            category="knowledge",
            title=f"Nyhet {Update.select().count() + 1}",
            body="Text",
            desk=f"area:{sundsvall.id}",
            place_name="Sundsvall",
            level="area",
            area=sundsvall,
            publisher="police",
            author=police,
            publish_at=utcnow() - timedelta(hours=i + 1),
            announced_at=utcnow(),
            reach_businesses=2,
            reach_users=2,
        )
        if i % 2:
            UpdateRead.create(update=update, user=kiosk_user, business=kiosk_user.business_id)


PAGES = [
    ("ombud@example.com", "/home", {}),
    ("ombud@example.com", "/updates/", {}),
    ("ombud@example.com", "/updates/?page=2", {"HX-Request": "true"}),
    ("ombud@example.com", "/updates/{warning}", {}),
    ("ombud@example.com", "/updates/settings", {}),
    ("polis@example.com", "/updates/manage/", {}),
    ("polis@example.com", "/updates/manage/{warning}", {}),
    ("polis@example.com", "/updates/manage/{warning}/edit", {}),
    ("admin@example.com", "/updates/manage/new", {}),
]


@pytest.mark.parametrize("email,path,headers", PAGES, ids=[p[1] + " " + p[0] for p in PAGES])
def test_queries_per_page_do_not_grow_with_the_number_of_updates(as_user, email, path, headers):
    browser = as_user(email)
    path = path.format(warning=titled(SUNDSVALL_WARNING).id)
    counts = []
    for n in (5, 45):
        more_updates(n)
        Municipality.create(
            name=f"Kommun {n}", code=f"99{n:02d}", county=Area.get(Area.slug == "sundsvall").county
        )
        browser.get(path, headers=headers)  # warm up: the first view marks the update read
        with count_queries() as queries:
            assert browser.get(path, headers=headers).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 8, counts
