"""The languages of information sheets: ISO 639-1 codes, each shown in its own name
("العربية", "Soomaali") – a clerk looks for the language they read, not its Swedish name."""

from functools import cache

from babel import Locale
from babel.localedata import locale_identifiers

# What many counter staff in Sweden read: offered first when staff choose a sheet's language.
COMMON = ("sv", "en", "ar", "so", "ti", "fa", "ps", "ku", "pl", "uk", "ru", "bs", "fi", "tr", "es")


@cache
def codes() -> frozenset[str]:
    """Every ISO 639-1 code Babel can name (two letters; longer codes are not 639-1)."""
    return frozenset(code for code in locale_identifiers() if len(code) == 2)


@cache
def own_name(code: str) -> str:
    """The language in its own name: "svenska", "English", "العربية"."""
    return Locale(code).get_display_name(code) if code in codes() else code


@cache
def label(code: str, reader: str) -> str:
    """For a chooser: the own name, with the reader's name for it when that differs
    ("العربية (arabiska)", but "svenska")."""
    own, theirs = own_name(code), Locale(code).get_display_name(reader)
    return own if own.casefold() == theirs.casefold() else f"{own} ({theirs})"


@cache
def choices(reader: str) -> tuple[tuple[str, str], ...]:
    """Every language for a chooser in the reader's language: the common ones first, then
    the others by the reader's name for them."""
    others = sorted(codes() - set(COMMON), key=lambda code: Locale(code).get_display_name(reader))
    return tuple((code, label(code, reader)) for code in (*COMMON, *others))
