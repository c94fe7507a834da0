"""Both catalogues are complete: every string in the source is translated, none fuzzy."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def catalogue(lang):
    with open(ROOT / f"app/translations/{lang}/LC_MESSAGES/messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def source_messages():
    keywords = {
        **DEFAULT_KEYWORDS,
        "_l": None,
        "lazy_gettext": None,
        "lazy_pgettext": ((1, "c"), 2),
    }
    method_map = [("**.py", "python"), ("**.html", "jinja2")]
    options_map = {"**.html": {"extensions": "jinja2.ext.do"}}
    found = set()
    for folder in ("app", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map,
            options_map,
            keywords=keywords,
            directory_filter=lambda path: Path(path).name not in ("__pycache__",),
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_catalogues_cover_every_string_in_the_source():
    wanted = source_messages()
    for lang in ("sv", "en"):
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
        assert wanted - have == set(), f"{lang}: run make extract-messages and translate"


def test_no_untranslated_or_fuzzy_entries():
    for lang in ("sv", "en"):
        for message in catalogue(lang):
            if not message.id:
                continue
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            assert all(strings), (lang, message.id)
            assert "fuzzy" not in message.flags, (lang, message.id)
