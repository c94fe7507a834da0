"""Every model of the portal, sorted so that a table comes after the tables it refers to
(for create_tables, clearing tables in tests and the migration test). Each feature lists its
own models in `MODELS` of the module its manifest names; the kernel adds the mail outbox and
the kept versions (app/versions.py)."""

from peewee import sort_models

from app.features import features
from app.mail import OutboxMail
from app.versions import KeptVersion


def _collect() -> list:
    found = [OutboxMail, KeptVersion]
    for feature in features():
        if feature.models:
            found.extend(feature.module(feature.models).MODELS)
    return sort_models(found)


MODELS = _collect()
