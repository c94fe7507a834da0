"""What someone could work out from published figures: exact linear algebra over the
underlying counts ("atoms"), for the re-identification tests.

A published figure is a vector {atom: coefficient} (the atoms it adds up) with its value. A
target (a hidden cell) is derivable when its vector is a linear combination of published
vectors: then its value follows by adding and subtracting what is shown.
"""

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


def block_exposures(values, result) -> list[tuple[int, int]]:
    """The small hidden cells of a suppressed block that its shown cells and its row and
    column totals give away."""
    n_rows, n_cols = len(values), len(values[0])
    published = [
        {(r, c): 1} for r in range(n_rows) for c in range(n_cols) if result[r][c] is not None
    ]
    published += [{(r, c): 1 for c in range(n_cols)} for r in range(n_rows)]
    published += [{(r, c): 1 for r in range(n_rows)} for c in range(n_cols)]
    small = [
        (r, c)
        for r in range(n_rows)
        for c in range(n_cols)
        if result[r][c] is None and 0 < values[r][c] < 3
    ]
    found = derivable([{cell: 1} for cell in small], published)
    return [cell for cell, exposed in zip(small, found, strict=True) if exposed]
