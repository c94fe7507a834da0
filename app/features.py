"""Feature manifests: each feature folder says in its `__init__.py` what it brings, and the
factory collects it from there (CONTRIBUTING.md, "Adding a feature").

A feature's package holds only its blueprint and its manifest; the modules the manifest names
(models, views, demo data) are imported by the factory, so models may import other features'
packages without cycles.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask import Blueprint

PACKAGE = "app"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the main menu: shown to the roles with `capability` (None: every logged-in
    user), ordered by `position` across features."""

    endpoint: str
    label: object  # a lazy string
    capability: str | None
    position: int


@dataclass(frozen=True)
class Feature:
    """What one feature folder brings.

    - `blueprint`: its routes (None for a feature of models only);
    - `models` / `views` / `jobs`: module names, relative to the feature's package, imported by
      the factory (`models` must define `MODELS`; `jobs` holds periodic tasks not defined
      elsewhere);
    - `capabilities`: capability -> the roles that have it;
    - `menu`: its entries in the main menu;
    - `audit_actions`: action code -> label, for every action its services record;
    - `demo`: "module:function" that adds its demo data (run in `order`, after lower orders);
    - `setup`: "module:function" called with the app once its blueprints are registered;
    - `order`: where the feature comes in demo data and setup (the map and accounts first).
    """

    name: str
    blueprint: Blueprint | None = None
    models: str | None = "models"
    views: str | None = "views"
    jobs: str | None = None
    capabilities: dict = field(default_factory=dict)
    menu: tuple = ()
    audit_actions: dict = field(default_factory=dict)
    demo: str | None = None
    setup: str | None = None
    order: int = 50

    def module(self, name: str):
        return importlib.import_module(f"{PACKAGE}.{self.name}.{name}")

    def function(self, spec: str):
        module, function = spec.split(":")
        return getattr(self.module(module), function)


@cache
def features() -> tuple[Feature, ...]:
    """Every feature folder of the app (a package whose `__init__` defines `feature`)."""
    found = []
    for info in pkgutil.iter_modules([str(PACKAGE_DIR)]):
        if not info.ispkg:
            continue
        package = importlib.import_module(f"{PACKAGE}.{info.name}")
        manifest = getattr(package, "feature", None)
        if isinstance(manifest, Feature):
            if manifest.name != info.name:
                raise RuntimeError(f"app/{info.name}: its manifest is named {manifest.name!r}")
            found.append(manifest)
    return tuple(sorted(found, key=lambda f: (f.order, f.name)))


def merged(attribute: str) -> dict:
    """One dict from every feature's dict `attribute`; a key declared twice is an error."""
    result = {}
    for feature in features():
        for key, value in getattr(feature, attribute).items():
            if key in result and result[key] != value:
                raise RuntimeError(f"{attribute}: {key!r} is declared twice ({feature.name})")
            result[key] = value
    return result


def menu() -> list[MenuEntry]:
    return sorted(
        (entry for feature in features() for entry in feature.menu), key=lambda e: e.position
    )
