"""Demo data (docs/demo-data.md): each feature adds its own with the `demo` function its manifest
names, in the features' order. Idempotent: rows that are found are kept."""

from app.db import database
from app.features import features

DEMO_PASSWORD = "demo-password-2026"


def ensure(model, lookup: dict, **values):
    """The row matching `lookup`, created with `values` when there is none."""
    row = model.get_or_none(*[getattr(model, k) == v for k, v in lookup.items()])
    return row if row is not None else model.create(**lookup, **values)


def load_demo_data() -> None:
    with database.atomic():
        for feature in features():
            if feature.demo:
                feature.function(feature.demo)()
