"""One book-length document (issue 20): ``search`` and ``prelabel`` on a
single document past the 8 MiB from which they read it a piece (a
window) at a time. The issue's case is 200 MB (12.4 GB and 56 s for search,
9 GB and over 3 minutes for prelabel before); the bench uses 20 MB (9 MB
quick) of the generated corpus's text joined into one document, which runs
the same code path, and reports peak memory (the child's own high-water
mark) and CPU time (user + system: the wall clock is noisy on a shared
machine). The goals are the 200 MB ones scaled down by the size.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench._measure import cli, run_child

_TIMED = """
import os, sys, time
from annotator.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
t = os.times()
print("@@cpu", t.user + t.system)
"""


def _text(megabytes: int) -> str:
    from bench.generate import documents

    parts, size = [], 0
    for doc in documents(10**7):
        parts.append(doc["text"] + "\n\n")
        size += len(parts[-1].encode())
        if size >= megabytes * 1_000_000:
            break
    return "".join(parts)


def _cpu(result: dict) -> float:
    return float(next(line.split()[1] for line in result["stdout"].splitlines() if line.startswith("@@cpu")))


def run(quick: bool = False) -> list[dict]:
    mb = 9 if quick else 20  # over LONG_BYTES (8 MiB) either way
    scale = mb / 200
    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        src = Path(tmp, "book.txt")
        src.write_text(_text(mb), encoding="utf-8")
        db = Path(tmp, "book.db")
        cli("init", db)
        cli("import", db, src)
        rows = []
        for name, args in (("search", ["search", db, "ليبيا", "--json"]), ("prelabel", ["prelabel", db])):
            r = run_child(_TIMED, *map(str, args))
            rows += [
                {
                    "area": "long document",
                    "measure": f"{name} of one {mb} MB document: peak memory",
                    "ours": round(r["peak_mb"]),
                    "unit": "MB",
                    "goal": "< 1000",
                },
                {
                    "area": "long document",
                    "measure": f"{name} of one {mb} MB document: CPU time",
                    "ours": round(_cpu(r), 2),
                    "unit": "s",
                    "goal": f"< {60 * scale:g}",
                },
            ]
    return rows
