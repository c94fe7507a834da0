"""Versions (app/versions.py): every kind of write, in any way, to a table a version names
gives it a new value, and what is kept while it is unchanged is read again after one."""

import pytest

from app.areas.models import Area, Municipality
from app.businesses.models import Operator
from app.db import database
from app.joining.models import JoinRequest, JoinRequestOperator
from app.versions import KeptVersion, kept_while_unchanged


def version(name):
    return KeptVersion.get_or_none(KeptVersion.name == name).version


def a_request():
    return JoinRequest.select().first()


WRITES = {
    "a request changed": lambda: (
        JoinRequest.update(postal_town="Timrå").where(JoinRequest.id == a_request().id).execute()
    ),
    "a request added": lambda: JoinRequest.create(
        **{k: v for k, v in a_request().__data__.items() if k != "id"}
    ),
    "an operator linked": lambda: JoinRequestOperator.create(
        join_request=a_request(), operator=Operator.get(Operator.name == "DHL")
    ),
    "operators unlinked": lambda: (
        JoinRequestOperator.delete()
        .where(JoinRequestOperator.join_request == a_request().id)
        .execute()
    ),
    "a request deleted": lambda: (
        JoinRequest.delete().where(JoinRequest.id == a_request().id).execute()
    ),
    "an operator renamed": lambda: (
        Operator.update(name="DSV").where(Operator.name == "DSV (Schenker)").execute()
    ),
    "an area renamed": lambda: (
        Area.update(name="Norra Sundsvall").where(Area.slug == "sundsvall").execute()
    ),
    "a municipality renamed": lambda: (
        Municipality.update(name="Timrå kommun 2").where(Municipality.code == "2262").execute()
    ),
    "a municipality added": lambda: Municipality.create(
        code="9999", name="Provkommun", county=Area.get(Area.slug == "sundsvall").county
    ),
    "SQL of its own": lambda: database.execute_sql(
        "UPDATE join_request SET contact_name = 'Ny kontakt'"
    ),
}


@pytest.mark.parametrize("write", WRITES)
def test_each_write_to_what_the_queue_shows_gives_a_new_version(app, demo, write):
    with app.app_context():
        before = version("join_requests")
        WRITES[write]()
        assert version("join_requests") != before
        assert version("updates") is not None


def test_what_is_kept_is_read_again_after_a_write_and_never_without_a_version(app, demo):
    reads = []

    def read():
        reads.append(JoinRequest.select().count())
        return reads[-1]

    with app.test_request_context():
        kept = kept_while_unchanged("join_requests", "key", read)
        assert kept_while_unchanged("join_requests", "key", read) == kept
        assert len(reads) == 1
        assert kept_while_unchanged("join_requests", "other key", read)[1] == kept[1]
        assert len(reads) == 2
        WRITES["a request added"]()
        assert kept_while_unchanged("join_requests", "key", read)[1] == kept[1] + 1
        KeptVersion.delete().execute()  # as before the first write: nothing is kept
        assert kept_while_unchanged("join_requests", "key", read) == (None, kept[1] + 1)
        assert kept_while_unchanged("join_requests", "key", read) == (None, kept[1] + 1)
        assert len(reads) == 5
