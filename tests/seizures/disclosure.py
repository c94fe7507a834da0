"""What someone could work out from published figures: exact linear algebra over the
underlying counts ("atoms"), for the re-identification tests.

A published figure is a vector {atom: coefficient} (the atoms it adds up) with its value. A
target (a hidden cell) is derivable when its vector is a linear combination of published
vectors: then its value follows by adding and subtracting what is shown.
"""

import re
from fractions import Fraction


class Span:
    """The span of the vectors added so far (sparse Gaussian elimination, exact)."""

    def __init__(self):
        self.basis = {}  # pivot atom -> vector with coefficient 1 at the pivot

    def _reduce(self, vector: dict) -> dict:
        vector = {atom: Fraction(c) for atom, c in vector.items() if c}
        while vector:
            pivot = next((atom for atom in vector if atom in self.basis), None)
            if pivot is None:
                return vector
            factor = vector[pivot]
            for atom, c in self.basis[pivot].items():
                value = vector.get(atom, 0) - factor * c
                if value:
                    vector[atom] = value
                else:
                    vector.pop(atom, None)
        return vector

    def add(self, vector: dict) -> None:
        rest = self._reduce(vector)
        if rest:
            pivot = min(rest, key=repr)
            factor = rest[pivot]
            row = {atom: c / factor for atom, c in rest.items()}
            for other in self.basis.values():
                if pivot in other:
                    f = other[pivot]
                    for atom, c in row.items():
                        value = other.get(atom, 0) - f * c
                        if value:
                            other[atom] = value
                        else:
                            other.pop(atom, None)
            self.basis[pivot] = row

    def contains(self, vector: dict) -> bool:
        return not self._reduce(vector)


def derivable(targets: list[dict], published: list[dict]) -> list[bool]:
    span = Span()
    for vector in published:
        span.add(vector)
    return [span.contains(target) for target in targets]


# ---------------------------------------------------------------- figures on pages and files

_FIGURES_TABLE = re.compile(r'<table class="figures-table">(.*?)</table>', re.S)
_CELL = re.compile(r"<td>(.*?)</td>", re.S)
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"\d[\d\xa0\u202f ]*")


def _number(text: str):
    """A figure as shown ("1 234", "12"), or None for anything else (a dash, a share)."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    return int(re.sub(r"\D", "", text))


def figures_on_page(html: str) -> tuple[list[int], int]:
    """The figures a page shows in its tables and charts, and how many are hidden (–)."""
    shown, hidden = [], 0
    for table in _FIGURES_TABLE.findall(html):
        for cell in _CELL.findall(table):
            text = _TAG.sub("", cell).strip()
            if text.startswith("–"):
                hidden += 1
            elif _number(text) is not None:
                shown.append(_number(text))
    for svg in _SVG.findall(html):
        shown += [n for n in (_number(t) for t in _SVG_TEXT.findall(svg)) if n is not None]
    return shown, hidden


def figures_in_csv(data: bytes) -> list[int]:
    lines = data.decode("utf-8-sig").splitlines()[1:]
    return [int(cell) for line in lines for cell in line.split(";")[1:] if cell.isdigit()]


def figures_in_xlsx(data: bytes) -> list[int]:
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [
        cell
        for row in sheet.iter_rows(min_row=2, min_col=2, values_only=True)
        for cell in row
        if isinstance(cell, int)
    ]


def nested_differences(figures: list[tuple[int, frozenset]]) -> list[str]:
    """Pairs of figures where one adds up part of what the other adds up, and the difference
    is 1 or 2: a count that subtraction would reveal."""
    problems = []
    distinct = {(value, atoms) for value, atoms in figures if atoms}
    ordered = sorted(distinct, key=lambda f: len(f[1]))
    for i, (small, part) in enumerate(ordered):
        for large, whole in ordered[i + 1 :]:
            if part < whole and large - small in (1, 2):
                problems.append(f"{large} - {small} over {sorted(whole - part, key=repr)[:3]}")
    return problems
