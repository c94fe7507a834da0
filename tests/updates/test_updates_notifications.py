"""Hearing of new updates: each person's choice, mails that say nothing but that something is
waiting, sent in batches, scheduled updates announced by a job, the daily digest, and the
link that stops the mails without logging in (signed, single-purpose, spent once used)."""

import re
from datetime import timedelta

import pytest
import time_machine
from itsdangerous import URLSafeTimedSerializer
from updates_helpers import form, in_english, titled, user

from app.accounts.models import User
from app.businesses.models import Business
from app.db import utcnow
from app.mail import OutboxMail
from app.updates import notifications
from app.updates.jobs import announce_due_updates, send_daily_digests
from app.updates.models import Update, UpdatePreference

WARNING_TITLE = "Var uppmärksam på paket med kläder från Polen"
CUSTOMS_TIPS = "Så tipsar du Tullverket"  # knowledge, scheduled in 7 days


def choose(email: str, notify: str, frequency: str = "immediate") -> None:
    person = user(email)
    UpdatePreference.delete().where(UpdatePreference.user == person.id).execute()
    UpdatePreference.create(user=person, notify=notify, frequency=frequency)


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def recipients(sent_mail) -> list[str]:
    return sorted(message["To"] for message in sent_mail)


def unsubscribe_path(message) -> str:
    return re.search(r"http://portal\.test(/updates/unsubscribe/\S+)", text_of(message)).group(1)


def preference(email: str) -> UpdatePreference:
    return UpdatePreference.get(UpdatePreference.user == user(email).id)


# ---------------------------------------------------------------- the choice


def test_a_business_user_chooses_when_to_get_mail(as_user):
    kiosk = in_english(as_user("ombud@example.com"))
    page = kiosk.get("/updates/settings").text
    assert '<input checked id="notify-0" name="notify" required type="radio" value="none">' in page
    assert "ombud@example.com" in page  # where the mails go
    response = kiosk.post("/updates/settings", data={"notify": "warnings", "frequency": "daily"})
    assert response.status_code == 303
    assert (preference("ombud@example.com").notify, preference("ombud@example.com").frequency) == (
        "warnings",
        "daily",
    )
    assert "Your choice is saved." in kiosk.get("/updates/settings").text


@pytest.mark.parametrize(
    "data,field",
    [
        ({"notify": "sometimes", "frequency": "daily"}, "notify"),
        ({"notify": "all", "frequency": "hourly"}, "frequency"),
        ({"frequency": "daily"}, "notify"),
    ],
)
def test_a_choice_not_offered_is_refused_and_nothing_saved(as_user, data, field):
    kiosk = as_user("ombud@example.com")
    response = kiosk.post("/updates/settings", data=data)
    assert response.status_code == 422 and f'id="{field}-error"' in response.text
    assert (
        not UpdatePreference.select()
        .where(UpdatePreference.user == user("ombud@example.com").id)
        .exists()
    )


def test_staff_have_no_mail_settings_for_updates(as_user):
    assert as_user("polis@example.com").get("/updates/settings").status_code == 403


# ---------------------------------------------------------------- mails at once


def test_a_warning_is_mailed_at_once_to_those_who_asked_and_says_nothing_of_it(as_user, sent_mail):
    choose("ombud@example.com", "warnings")  # the terminal wants a daily digest (demo data)
    police = as_user("polis@example.com")
    body = "Paketen har kraftig tejp och handskrivna etiketter från Gdańsk."
    police.post("/updates/manage/new", data=form(body=body))
    assert recipients(sent_mail) == ["ombud@example.com"]
    (message,) = sent_mail
    text, html = text_of(message), html_of(message)
    assert message["Subject"] == "Något nytt väntar på dig i TIF-portalen"
    for secret in (
        WARNING_TITLE,
        "Polen",
        "Gdańsk",
        "tejp",
        "Var uppmärksam",
        "Polisen",
        "Sundsvall",
    ):
        assert secret not in message["Subject"] + text + html
    assert "http://portal.test/updates/\n" in text
    unsubscribe = unsubscribe_path(message)
    assert message["List-Unsubscribe"] == f"<http://portal.test{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_knowledge_is_mailed_only_to_those_who_want_every_update(as_user, sent_mail):
    choose("ombud@example.com", "warnings")
    choose("terminal@example.com", "all")
    as_user("polis@example.com").post("/updates/manage/new", data=form(category="knowledge"))
    assert recipients(sent_mail) == ["terminal@example.com"]


def test_no_mail_for_those_outside_the_audience_or_who_chose_none(as_user, sent_mail):
    choose("ombud.umea@example.com", "all")
    choose("ombud@example.com", "none")
    choose("terminal@example.com", "all")
    as_user("polis@example.com").post("/updates/manage/new", data=form(site_types=["paketombud"]))
    assert recipients(sent_mail) == []


def test_a_large_audience_is_mailed_in_batches_after_the_first(as_user, sent_mail, monkeypatch):
    monkeypatch.setattr(notifications, "BATCH", 2)
    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    for n in range(4):
        staff = User.create(
            email=f"kassa{n}@example.com", role="business", business=kiosk, password_hash="x"
        )
        UpdatePreference.create(user=staff, notify="all")
    choose("ombud@example.com", "all")
    later = []
    run_now = notifications.notify_next_batch.call_local

    def queued(update_id, after_user_id):
        later.append((after_user_id, OutboxMail.select().count()))
        run_now(update_id, after_user_id)

    monkeypatch.setattr(notifications, "notify_next_batch", queued)
    as_user("polis@example.com").post("/updates/manage/new", data=form())
    assert len(sent_mail) == 5
    assert len(set(recipients(sent_mail))) == 5
    # The request queued the first two; the jobs took two each after the last one mailed.
    ids = sorted(u.id for u in User.select().where(User.email.in_(recipients(sent_mail))))
    assert later == [(ids[1], 2), (ids[3], 4)]


def test_a_scheduled_update_is_announced_by_the_job_once_its_time_has_come(as_user, sent_mail):
    choose("ombud@example.com", "all")
    tips = titled(CUSTOMS_TIPS)
    announce_due_updates()
    assert sent_mail == [] and Update.get_by_id(tips.id).announced_at is None
    with time_machine.travel(utcnow() + timedelta(days=8), tick=False):
        announce_due_updates()
        announce_due_updates()  # a second run finds nothing left to announce
    # Knowledge: the Umeå kiosk wants warnings only, the terminal a daily digest.
    assert recipients(sent_mail) == ["ombud@example.com"]
    announced = Update.get_by_id(tips.id)
    assert announced.announced_at is not None
    assert (announced.reach_businesses, announced.reach_users) == (3, 3)


# ---------------------------------------------------------------- the daily digest


def test_the_daily_digest_tells_once_a_day_of_updates_not_yet_opened(as_user, sent_mail):
    choose("terminal@example.com", "all", "daily")
    as_user("polis@example.com").post("/updates/manage/new", data=form())
    assert sent_mail == []  # the terminal waits for the digest
    with time_machine.travel(utcnow() + timedelta(hours=20), tick=False):
        send_daily_digests()
    (digest,) = sent_mail
    assert digest["To"] == "terminal@example.com"
    assert digest["Subject"] == "Nya nyheter väntar på dig i TIF-portalen"
    assert WARNING_TITLE not in text_of(digest) and digest["List-Unsubscribe"]
    with time_machine.travel(utcnow() + timedelta(hours=44), tick=False):
        send_daily_digests()  # nothing new since
    assert len(sent_mail) == 1


def test_no_digest_for_what_was_read_or_for_knowledge_when_only_warnings_are_wanted(
    as_user, sent_mail
):
    choose("terminal@example.com", "all", "daily")
    choose("ombud@example.com", "warnings", "daily")
    police = as_user("polis@example.com")
    police.post("/updates/manage/new", data=form(category="knowledge"))
    terminal = as_user("terminal@example.com")
    terminal.get(f"/updates/{titled(WARNING_TITLE).id}")
    with time_machine.travel(utcnow() + timedelta(hours=20), tick=False):
        send_daily_digests()
    assert sent_mail == []


def test_digests_go_out_in_batches(as_user, sent_mail, monkeypatch):
    monkeypatch.setattr(notifications, "BATCH", 1)
    for email in ("ombud@example.com", "terminal@example.com", "ombud.umea@example.com"):
        choose(email, "all", "daily")
    later = []
    run_now = notifications.send_next_digests.call_local

    def queued(after_user_id):
        later.append(after_user_id)
        run_now(after_user_id)

    monkeypatch.setattr(notifications, "send_next_digests", queued)
    as_user("admin@example.com").post("/updates/manage/new", data=form(category="general"))
    with time_machine.travel(utcnow() + timedelta(hours=20), tick=False):
        send_daily_digests()
    readers = ["ombud.umea@example.com", "ombud@example.com", "terminal@example.com"]
    assert recipients(sent_mail) == readers
    ids = sorted(user(email).id for email in readers)
    assert later == ids  # one person per batch, and a last batch that finds no one


# ---------------------------------------------------------------- the link that stops the mails


@pytest.fixture
def link(as_user, sent_mail):
    """The unsubscribe path of the kiosk's mail about a new warning."""
    choose("ombud@example.com", "all")
    as_user("polis@example.com").post("/updates/manage/new", data=form())
    (message,) = sent_mail
    return unsubscribe_path(message)


def test_the_link_asks_first_then_stops_the_mails_without_logging_in(app, link):
    visitor = in_english(app.test_client())
    page = visitor.get(link)
    assert page.status_code == 200 and "Stop the mails about updates?" in page.text
    assert "ombud@example.com" not in page.text  # the page does not say whose link it is
    assert preference("ombud@example.com").notify == "all"  # opening the link changes nothing
    answer = visitor.post(link, data={})  # no CSRF token: the token in the link is the key
    assert answer.status_code == 303
    assert preference("ombud@example.com").notify == "none"
    assert "You get no more mails about updates" in visitor.get(answer.location).text
    assert visitor.get("/home").status_code == 302  # and nobody was logged in


def test_a_mail_program_can_stop_the_mails_with_one_click(app, link):
    program = app.test_client()
    response = program.post(
        link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 303 and preference("ombud@example.com").notify == "none"


def test_a_used_link_changes_nothing_again(app, as_user, link):
    visitor = in_english(app.test_client())
    visitor.post(link, data={})
    assert "You get no more mails about updates" in visitor.get(link).text
    # The person asks for mail again; the old link no longer stops it.
    as_user("ombud@example.com").post(
        "/updates/settings", data={"notify": "all", "frequency": "immediate"}
    )
    again = visitor.post(link, data={})
    assert again.status_code == 404 and "The link does not work" in again.text
    assert preference("ombud@example.com").notify == "all"


@pytest.mark.parametrize(
    "tamper",
    [
        # The first character carries six bits of the payload (the last may carry padding).
        lambda token: ("X" if token[0] != "X" else "Y") + token[1:],
        lambda token: token[:10],
        lambda token: "x" * 500,
        lambda token: token + ".extra",
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(app, link, tamper):
    token = link.rsplit("/", 1)[1]
    visitor = app.test_client()
    bad = f"/updates/unsubscribe/{tamper(token)}"
    assert visitor.get(bad).status_code == 404
    assert visitor.post(bad, data={}).status_code == 404
    assert preference("ombud@example.com").notify == "all"


def test_one_persons_link_stops_only_that_persons_mails(app, link):
    choose("terminal@example.com", "all")
    terminal = user("terminal@example.com")
    # A token for the terminal's account is only as good as its signature.
    forged = URLSafeTimedSerializer("another-key", salt=notifications.UNSUBSCRIBE_SALT)
    token = forged.dumps([terminal.id, 0])
    assert app.test_client().post(f"/updates/unsubscribe/{token}", data={}).status_code == 404
    assert preference("terminal@example.com").notify == "all"
    app.test_client().post(link, data={})
    assert (preference("ombud@example.com").notify, preference("terminal@example.com").notify) == (
        "none",
        "all",
    )


def test_a_link_signed_for_another_purpose_does_not_stop_mails(app, link):
    ombud = user("ombud@example.com")
    with app.app_context():
        other = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="prospect-invitation")
        token = other.dumps([ombud.id, 0])
    assert app.test_client().post(f"/updates/unsubscribe/{token}", data={}).status_code == 404
    assert preference("ombud@example.com").notify == "all"


def test_the_link_does_nothing_but_stop_the_mails(app, link):
    token = link.rsplit("/", 1)[1]
    visitor = app.test_client()
    assert visitor.get(f"/password/reset/{token}").status_code == 404
    assert visitor.get(f"/invitation/{token}").status_code == 404
    assert visitor.get("/updates/").status_code == 302  # not logged in


def test_a_link_older_than_90_days_no_longer_works(app, link):
    with time_machine.travel(utcnow() + timedelta(days=91), tick=False):
        assert app.test_client().post(link, data={}).status_code == 404
    assert preference("ombud@example.com").notify == "all"
