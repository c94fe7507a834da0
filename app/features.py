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

from app.caches import memo
from app.security import can

PACKAGE = "app"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the main menu: shown to the roles with `capability` (None: every logged-in
    user), ordered by `position` across features. `badge`: "module:function" given the user,
    answering a count to show on the entry ("3 new"; 0 or None shows nothing); it runs on
    every page, for the roles that see the entry only, so it must be one cheap query."""

    endpoint: str
    label: object  # a lazy string
    capability: str | None
    position: int
    badge: str | None = None


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page (the business's and the staff's) of the roles with
    `capability` (None: every logged-in user), ordered by `position` across features.
    `template` is rendered on its own with what `context` ("module:function", given the user)
    answers; when that is None, the panel has nothing to show and is left out. The panel shows
    that context and nothing else that changes: it is rendered once per language, role and
    context (app/templating.py, render_panels)."""

    template: str
    capability: str | None
    position: int
    context: str | None = None


@dataclass(frozen=True)
class Feature:
    """What one feature folder brings.

    - `blueprint`: its routes (None for a feature of models only);
    - `models` / `views` / `jobs`: module names, relative to the feature's package, imported by
      the factory (`models` must define `MODELS`; `jobs` holds periodic tasks not defined
      elsewhere);
    - `capabilities`: capability -> the roles that have it;
    - `menu`: its entries in the main menu;
    - `home_panels`: its panels on the home pages;
    - `audit_actions`: action code -> label, for every action its services record;
    - `demo`: "module:function" that adds its demo data (run in `order`, after lower orders);
    - `setup`: "module:function" called with the app once its blueprints are registered;
    - `personal_data`: "module:function" given a user, answering what the feature holds about
      that person as a dict of JSON-ready sections (the person's download of their data);
    - `erase_personal_data`: "module:function" given a user, removing what the feature holds
      about that person when the account is erased (in the erasure's transaction);
    - `retention`: "module:function" answering [(what is kept, for how long)] for the
      privacy notice, from the very values the feature's purge jobs use;
    - `order`: where the feature comes in demo data and setup (the map and accounts first).
    """

    name: str
    blueprint: Blueprint | None = None
    models: str | None = "models"
    views: str | None = "views"
    jobs: str | None = None
    capabilities: dict = field(default_factory=dict)
    menu: tuple = ()
    home_panels: tuple = ()
    audit_actions: dict = field(default_factory=dict)
    demo: str | None = None
    setup: str | None = None
    personal_data: str | None = None
    erase_personal_data: str | None = None
    retention: str | None = None
    order: int = 50

    def module(self, name: str):
        return importlib.import_module(f"{PACKAGE}.{self.name}.{name}")

    def function(self, spec: str):
        """The function "module:function" names in the feature's package (looked up once: the
        home panels and the menu's badges ask on every page)."""
        key = (self.name, spec)
        found = _FUNCTIONS.get(key)
        if found is None:
            module, function = spec.split(":")
            found = _FUNCTIONS[key] = getattr(self.module(module), function)
        return found


_FUNCTIONS = {}


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


def _seen_by(user, attribute: str) -> list[tuple[Feature, MenuEntry | HomePanel]]:
    """Every feature's entries in `attribute` that the user's role sees, by position (worked
    out once per role)."""
    every = features()

    def seen():
        entries = [
            (feature, entry)
            for feature in every
            for entry in getattr(feature, attribute)
            if entry.capability is None or can(entry.capability, user)
        ]
        return sorted(entries, key=lambda pair: pair[1].position)

    role = user.role if user.is_authenticated else None
    return memo("seen_by", (attribute, role, tuple(feature.name for feature in every)), seen)


def menu_for(user) -> list[tuple[Feature, MenuEntry]]:
    """The main-menu entries the user's role sees, in order (with the feature of each)."""
    return _seen_by(user, "menu")


def home_panels(user) -> list[tuple[str, dict]]:
    """(template, context) of each panel the user's home page shows, in order."""
    panels = []
    for feature, panel in _seen_by(user, "home_panels"):
        context = feature.function(panel.context)(user) if panel.context else {}
        if context is not None:
            panels.append((panel.template, context))
    return panels
