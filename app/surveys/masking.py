"""Free text is masked when it is saved, before any member of staff reads it: phone numbers
(phonenumbers), e-mail addresses, personal identity and coordination numbers and organisation
numbers (python-stdnum), street addresses and postcodes, and people's names (common first
names, and words after "heter", "kallas"…). The original is never stored; a moderator edits
what the patterns miss. Masking errs on the side of hiding: a word that looks like a name is
hidden even when it is not one."""

import re

import phonenumbers
from flask_babel import gettext as _
from stdnum import luhn
from stdnum.se import orgnr, personnummer

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 6 or 8 digits of a date, an optional - + or space, 4 digits.
IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")
STREET_SUFFIXES = (
    "gatan|gata|vägen|väg|gränd|gränden|stigen|torget|torg|allén|allé|plan|backen|leden|"
    "platsen|parken|stråket|kajen|esplanaden|road|street"
)
STREET_ADDRESS = re.compile(
    rf"\b[A-ZÅÄÖÉ][\wåäöéü-]*(?:{STREET_SUFFIXES})\s+\d+(?:\s?[A-Za-z])?\b", re.IGNORECASE
)
POSTCODE_AND_TOWN = re.compile(r"(?<!\d)\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäöé]+")
NAME_CUES = re.compile(
    r"\b(heter|hette|kallas|kallades|kallad|namnet|named|called|is called)\s+"
    r"((?:[A-ZÅÄÖÉ][\wåäöéü-]+)(?:\s+[A-ZÅÄÖÉ][\wåäöéü-]+)*)"
)
SURNAME_AFTER = r"(?:\s+[A-ZÅÄÖÉ][\wåäöéü-]+)*"

# Common first names in Sweden (SCB's most common, and common names of people who came to
# Sweden); short words that are also ordinary Swedish words ("Per", "Bo") are left out.
_FIRST_NAMES = """
Adam Ahmad Ahmed Albin Alexander Alfred Ali Alice Alva Amanda Amir Anders Andreas Anna Anneli
Annika Anton Arvid Astrid Axel Barbro Benjamin Berit Bengt Birgitta Björn Britt Carina Carl
Caroline Cecilia Charlotte Christer Christina Daniel David Ebba Edvin Elias Elin Elisabeth Ella
Ellen Elsa Emil Emilia Emma Erik Eva Ewa Fatima Felix Filip Frida Fredrik Gunilla Gustav Göran
Hamid Hanna Hans Hassan Hedvig Helena Henrik Hugo Ibrahim Ida Ingrid Isak Jakob Jan Jenny
Jessica Joakim Johan Johanna Jonas Jonathan Josefin Julia Karin Karl Kerstin Kristina Lars Leila
Leo Liam Lina Linda Linnea Lisa Love Lucas Lukas Magnus Maja Malin Maria Marie Marcus Markus
Martin Mats Matilda Mattias Mikael Mohamed Mohammad Mohammed Mustafa Nils Nina Noah Olivia Olle
Omar Oscar Oskar Patrik Peter Petra Rebecka Robert Sara Sebastian Simon Sofia Sofie Stefan
Susanne Sven Thomas Tobias Tomas Ulf Ulla Viktor Vilma Wilhelm Yusuf Zahra Åsa
"""
KNOWN_NAME = re.compile(rf"\b(?:{'|'.join(_FIRST_NAMES.split())})\b{SURNAME_AFTER}")


def mask(text: str) -> str:
    """The text with personal details replaced by a marker ("[phone number]" in the
    writer's language)."""
    text = EMAIL.sub(_("[email address]"), text)
    text = IDENTITY_NUMBER.sub(_identity_number, text)
    text = _mask_phone_numbers(text)
    text = STREET_ADDRESS.sub(_("[address]"), text)
    text = POSTCODE_AND_TOWN.sub(_("[address]"), text)
    text = NAME_CUES.sub(lambda m: f"{m.group(1)} {_('[name]')}", text)
    return KNOWN_NAME.sub(_("[name]"), text)


def _identity_number(match: re.Match) -> str:
    candidate = match.group(0).replace(" ", "")
    if personnummer.is_valid(candidate) or _is_coordination_number(candidate):
        return _("[personal identity number]")
    if orgnr.is_valid(candidate):
        return _("[organisation number]")
    return match.group(0)


def _is_coordination_number(candidate: str) -> bool:
    """Samordningsnummer: a personal identity number whose day has 60 added."""
    digits = re.sub(r"\D", "", candidate)[-10:]
    if len(digits) != 10 or not luhn.is_valid(digits):
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and 61 <= day <= 91


def _mask_phone_numbers(text: str) -> str:
    found = phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.POSSIBLE)
    pieces, last = [], 0
    for match in found:
        pieces += [text[last : match.start], _("[phone number]")]
        last = match.end
    return "".join(pieces) + text[last:]
