"""A model whose columns cannot place it declares `scope` as a classmethod: scoped() and
get_in_scope() then use the condition it answers for the user, and nothing else."""

import peewee as pw
import pytest
from werkzeug.exceptions import NotFound

from app.accounts.models import User
from app.db import BaseModel
from app.security import get_in_scope, scoped

ASKED = []


class SiteByInitial(BaseModel):
    """The business table, placed by a rule of its own: a user sees the businesses whose name
    begins with the first letter of the user's email address."""

    name = pw.CharField()

    class Meta:
        table_name = "business"

    @classmethod
    def scope(cls, user):
        ASKED.append(user.email)
        return cls.name.startswith(user.email[0].upper())


def names(user) -> set[str]:
    return {row.name for row in scoped(SiteByInitial, user)}


def test_the_models_own_condition_decides_for_every_role(demo):
    ASKED.clear()
    admin = User.get(User.email == "admin@example.com")
    assert names(User.get(User.email == "polis@example.com")) == set()
    assert names(User.get(User.email == "kommun@example.com")) == {"Kiosken Stenstan"}
    assert names(admin) == set()  # not everything: the model's rule holds for admins too
    assert ASKED == ["polis@example.com", "kommun@example.com", "admin@example.com"]


def test_get_in_scope_answers_404_outside_the_models_own_condition(demo):
    kommun = User.get(User.email == "kommun@example.com")
    kiosk = SiteByInitial.get(SiteByInitial.name == "Kiosken Stenstan")
    terminal = SiteByInitial.get(SiteByInitial.name == "Sundsvall Paketterminal")
    assert get_in_scope(SiteByInitial, kiosk.id, kommun).id == kiosk.id
    with pytest.raises(NotFound):
        get_in_scope(SiteByInitial, terminal.id, kommun)
