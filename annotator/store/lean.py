"""Importing sqlite-utils without pandas and numpy.

sqlite-utils imports pandas and numpy when they are installed (the ``ml``
and ``test`` extras bring them), only to map their column types when
inserting pandas data, which annotator never does, and with pyarrow that
costs every command most of a second and a hundred-odd MB (figures in
``bench/RESULTS.md``). :func:`import_sqlite_utils`
blocks them for that one import only: a later ``import pandas`` elsewhere
works as usual.
"""

from __future__ import annotations

import sys


def import_sqlite_utils() -> None:
    if "sqlite_utils" in sys.modules:
        return
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import name" raise ImportError
    try:
        import sqlite_utils  # noqa: F401  (imported for its effect: cached in sys.modules without pandas)
    finally:
        for name in blocked:
            del sys.modules[name]


import_sqlite_utils()
