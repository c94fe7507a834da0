"""A feature's part of the benchmark: one module here per feature, found by name.

A module may define
- `NAME` and `generate(ctx)`: its national-scale rows (bench/generate.py runs the parts after
  the kernel's, in name order; `ctx.size(name)` reads `SIZES`, which the module extends with
  its own national figures);
- `PAGES`: its pages and fragments (bench.pages.Page);
- `WRITERS`: its concurrent writers (bench.writers.Writer).
"""

import importlib
import pkgutil
from functools import cache
from pathlib import Path


@cache
def modules() -> tuple:
    # A part imports Page and Writer from bench.pages and bench.writers, which collect their
    # lists from the parts as they are imported: both are imported first (they define those
    # classes before collecting), so that neither reads a part that is only half imported.
    for shared in ("bench.pages", "bench.writers"):
        importlib.import_module(shared)
    return tuple(
        importlib.import_module(f"bench.parts.{info.name}")
        for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name)
    )


def collect(attribute: str) -> list:
    return [item for module in modules() for item in getattr(module, attribute, ())]
