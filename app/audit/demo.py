"""A first page of the audit log: the demo businesses as the police approved them."""

from app.accounts.models import User
from app.audit.models import AuditEntry, record
from app.businesses.demo import BUSINESSES
from app.businesses.models import Business

APPROVERS = {"sundsvall": "polis@example.com", "umea": "polis.umea@example.com"}


def load() -> None:
    if AuditEntry.select().exists():
        return
    for values in BUSINESSES:
        actor = User.get(User.email == APPROVERS[values["area"]])
        record("business_created", Business.get(Business.name == values["name"]), actor=actor)
