"""The national-scale benchmark (issue 5): `make bench`; see README.md, "Benchmark".

Run as `python -m bench.run` (or bench.generate, bench.writers), the benchmark keeps its job
queue under bench/results/ and its rate limits in memory: never the instance's queue, which a
running worker would pick up, nor a configured Redis. This has to be set before the app is
imported, so it is done here (while `python -m` imports the package, argv[0] is "-m"); the
test suite, which imports bench's helpers, is left alone.
"""

import os
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

if sys.argv[:1] == ["-m"]:
    os.environ["HUEY_SQLITE_PATH"] = str(RESULTS / "jobs.sqlite3")
    os.environ["REDIS_URL"] = ""
