"""Per-process memos of what every page repeats but what changes only with the language, the
role or the settings: asset URLs, the menu, page fragments such as the footer. A key holds
everything its value depends on (a change of any of them is a new key, seen at once);
KERNEL_CACHES=False turns every memo off (and the other shortcuts of a page: the date filters'
memo, the home panels' shared context), and the identity test renders every page both ways.
"""

from flask import current_app

MAX_ENTRIES = 4096  # per memo; far above what languages × roles × areas need


def memo(name: str, key, make):
    """The value `make()` gave for `key` in the memo `name` of this app, made once."""
    app = current_app._get_current_object()  # one lookup through Flask's proxy, not two
    if not app.config["KERNEL_CACHES"]:
        return make()
    values = app.extensions.setdefault("tif_memos", {}).setdefault(name, {})
    try:
        return values[key]
    except KeyError:
        if len(values) >= MAX_ENTRIES:  # a crawler's many keys: start again rather than grow
            values.clear()
        value = values[key] = make()
        return value
