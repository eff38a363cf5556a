"""One book-length document (issue 20): ``search`` and ``prelabel`` on a
single document past the 8 MiB from which they read it a piece (a
window) at a time. The issue's case is 200 MB (12.4 GB and 56 s for search,
9 GB and over 3 minutes for prelabel before); the bench uses 20 MB (9 MB
quick) of the generated corpus's text joined into one document, which runs
the same code path, and reports peak memory (the child's own high-water
mark), CPU time (user + system, the figure to compare on a shared machine)
and the wall time a person waits. The goals are the 200 MB ones scaled down by the size;
``BENCH_LONG_MB=200 python -m bench --only long --no-write`` runs the 200 MB
case itself.

Beside them, the import of one document carrying many spans (the issue's
10 MB document with 200,000; quick: 2 MB with 40,000): its peak memory
against the size of its JSONL line, and its CPU time.
"""

from __future__ import annotations

import json
import os
import re
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
print("@@cpu", t.user + t.system + t.children_user + t.children_system)  # workers it waited for count too
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


def _many_spans(path: Path, megabytes: int, spans: int) -> None:
    """One document of ``megabytes`` of the corpus's text with ``spans``
    entity spans on as many of its words (every few words), as one JSONL line."""
    text = _text(megabytes)
    words = [m.span() for m in re.finditer(r"[\u0621-\u064a]+", text)]
    step = max(1, len(words) // spans)
    rows = [
        {"id": f"s{k}", "start": s, "end": e, "label": "LOC", "layer": "entity", "annotator": "amira", "attrs": {}}
        for k, (s, e) in enumerate(words[::step][:spans])
    ]
    path.write_text(
        json.dumps({"id": "book", "text": text, "spans": rows}, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _cpu(result: dict) -> float:
    return float(next(line.split()[1] for line in result["stdout"].splitlines() if line.startswith("@@cpu")))


def run(quick: bool = False) -> list[dict]:
    # over LONG_BYTES (8 MiB) either way; BENCH_LONG_MB=200 measures the issue's own size
    mb = 9 if quick else int(os.environ.get("BENCH_LONG_MB", "20"))
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
                {
                    "area": "long document",
                    "measure": f"{name} of one {mb} MB document: wall time (start to exit)",
                    "ours": round(r["seconds"], 2),
                    "unit": "s",
                    "goal": f"< {60 * scale:g}",
                },
            ]
        src_mb, spans = (2, 40_000) if quick else (10, 200_000)
        many = Path(tmp, "spans.jsonl")
        _many_spans(many, src_mb, spans)
        into = Path(tmp, "spans.db")
        cli("init", into)
        r = run_child(_TIMED, "import", str(into), str(many))
        line_mb = many.stat().st_size / 1e6
        rows += [
            {
                "area": "long document",
                "measure": f"import of one {src_mb} MB document with {spans:,} spans ({line_mb:.1f} MB JSONL): peak memory",
                "ours": round(r["peak_mb"]),
                "unit": "MB",
                "goal": f"< {10 * line_mb:.0f}",
            },
            {
                "area": "long document",
                "measure": f"import of one {src_mb} MB document with {spans:,} spans: CPU time",
                "ours": round(_cpu(r), 2),
                "unit": "s",
            },
        ]
    return rows
