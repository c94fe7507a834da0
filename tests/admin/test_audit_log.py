import pytest

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.businesses.models import Business

ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "lansstyrelsen@example.com": 403,
    "polis@example.com": 200,
    "kommun@example.com": 200,
    "tull@example.com": 403,  # customs has no audit capability
    "admin@example.com": 200,
}


@pytest.mark.parametrize("email,status", ACCESS.items())
def test_audit_log_access(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    assert browser.get("/audit/").status_code == status


def suspend_both(login):
    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    alidhem = Business.get(Business.name == "Ålidhems Livs")
    login("polis@example.com").post(f"/businesses/{kiosk.id}/suspend", data={})
    login("polis.umea@example.com").post(f"/businesses/{alidhem.id}/suspend", data={})
    return kiosk, alidhem


def test_staff_see_their_scope_and_admins_everything(login, demo):
    kiosk, alidhem = suspend_both(login)
    sundsvall = login("polis@example.com").get("/audit/").text
    assert (
        f"Verksamhet nr {kiosk.id}<" in sundsvall
        and f"Verksamhet nr {alidhem.id}<" not in sundsvall
    )
    everything = login("admin@example.com").get("/audit/").text
    assert (
        f"Verksamhet nr {kiosk.id}<" in everything and f"Verksamhet nr {alidhem.id}<" in everything
    )
    assert "polis.umea@example.com" in everything


def test_filters_by_actor_action_and_date(login, demo):
    suspend_both(login)
    admin = login("admin@example.com")
    by_actor = admin.get("/audit/?actor=polis.umea").text
    assert "polis.umea@example.com" in by_actor and "<td>polis@example.com</td>" not in by_actor
    assert "business_suspended" in admin.get("/audit/?action=business_suspended").text
    assert (
        "No entries match" in admin.get("/audit/?until=2000-01-01").text
        or "Inga" in admin.get("/audit/?until=2000-01-01").text
    )
    assert admin.get("/audit/?since=not-a-date&action=<x>").status_code == 200


def test_removed_actor_keeps_the_entry(login, demo):
    kiosk, _ = suspend_both(login)
    User.get(User.email == "polis@example.com").delete_instance()
    entry = AuditEntry.get(AuditEntry.object_id == kiosk.id)
    assert entry.actor_id is None


def test_the_log_pages_without_counting(login, demo):
    AuditEntry.insert_many([{"action": f"bulk_{n:03d}"} for n in range(120)]).execute()
    admin = login("admin@example.com")
    admin.get("/language/en")
    first = admin.get("/audit/").text
    assert "Page 1" in first and 'rel="next"' in first and 'rel="prev"' not in first
    third = admin.get("/audit/?page=3").text
    assert 'rel="next"' not in third and 'rel="prev"' in third
    assert admin.get("/audit/?page=999").status_code == 200
    assert admin.get("/audit/?page=99999999999999999999999").status_code == 200


def test_entries_without_an_area_are_for_admins_only(app, demo):
    """Staff logins and invitations have no area: no scope but the admin's may list them
    (national customs once saw every one of them)."""
    from app.audit.models import record
    from app.security import scoped

    national_customs = User.create(email="tull.nationell@example.com", role="customs")
    record("staff_invited", national_customs, actor=User.get(User.email == "admin@example.com"))

    for email in ("polis@example.com", "kommun@example.com", "tull@example.com"):
        viewer = User.get(User.email == email)
        assert not scoped(AuditEntry, viewer).where(AuditEntry.area.is_null()).exists(), email
    assert not scoped(AuditEntry, national_customs).where(AuditEntry.area.is_null()).exists()
    admin = User.get(User.email == "admin@example.com")
    assert scoped(AuditEntry, admin).where(AuditEntry.area.is_null()).exists()
