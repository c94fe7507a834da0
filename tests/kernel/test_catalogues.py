"""The catalogues are complete: every string in the source is in the catalogue of the folder
it belongs to (the kernel's, or its feature's), translated, none fuzzy; a message that two
catalogues share reads the same in both."""

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2)}
OPTIONS = {"extensions": "jinja2.ext.do"}


def domains() -> dict[str, tuple[Path, list[Path]]]:
    """name -> (translations directory, source paths), as `make extract-messages` has them."""
    kernel_sources = [
        *sorted((ROOT / "app").glob("*.py")),
        ROOT / "templates/base.html",
        *sorted((ROOT / "templates").glob("_*")),  # _macros, _layout
        ROOT / "templates/errors",
    ]
    found = {"kernel": (ROOT / "app/translations", kernel_sources)}
    for folder in sorted((ROOT / "app").iterdir()):
        if (folder / "__init__.py").exists():
            found[folder.name] = (
                folder / "translations",
                [folder, ROOT / "templates" / folder.name],
            )
    return found


def _messages(path: Path):
    if path.is_dir():
        for _file, _line, message, *_ in extract_from_dir(
            path,
            [("**.py", "python"), ("**.html", "jinja2")],
            {"**.html": OPTIONS},
            keywords=KEYWORDS,
            directory_filter=lambda p: Path(p).name != "__pycache__",
        ):
            yield message
    elif path.exists():
        method = "python" if path.suffix == ".py" else "jinja2"
        options = None if method == "python" else OPTIONS
        for _line, message, *_ in extract_from_file(method, path, KEYWORDS, options=options):
            yield message


def source_messages(paths) -> set[str]:
    return {m if isinstance(m, str) else m[0] for path in paths for m in _messages(path)}


def catalogue(directory: Path, lang: str):
    path = directory / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return None
    with open(path, "rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("name", domains())
def test_each_catalogue_covers_the_strings_of_its_folder(name):
    directory, sources = domains()[name]
    wanted = source_messages(sources)
    for lang in ("sv", "en"):
        found = catalogue(directory, lang)
        if not wanted:
            continue
        assert found is not None, f"{name}: run make extract-messages"
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in found if m.id}
        assert wanted - have == set(), f"{name}/{lang}: run make extract-messages and translate"


def test_every_template_folder_belongs_to_a_catalogue():
    """A folder of templates that no catalogue reads would be shown untranslated."""
    covered = {path for _directory, sources in domains().values() for path in sources}
    for path in (ROOT / "templates").iterdir():
        assert path in covered, f"{path.name}: in no catalogue (Makefile, extract-messages)"


@pytest.mark.parametrize("name", domains())
def test_no_untranslated_or_fuzzy_entries(name):
    directory, _sources = domains()[name]
    for lang in ("sv", "en"):
        for message in catalogue(directory, lang) or []:
            if not message.id:
                continue
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            assert all(s.strip() for s in strings), (name, lang, message.id)
            assert "fuzzy" not in message.flags, (name, lang, message.id)


def test_a_message_shared_by_catalogues_reads_the_same_in_each():
    for lang in ("sv", "en"):
        seen = {}
        for name, (directory, _sources) in domains().items():
            for message in catalogue(directory, lang) or []:
                if message.id:
                    key = (message.id, message.context)
                    seen.setdefault(key, {})[name] = message.string
        differing = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
        assert not differing, (lang, differing)
