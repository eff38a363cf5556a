"""Scale: the generated 100,000-document project (~200 MB of text, 2 million
spans; ``quick``: 2,000 documents). Each operation runs through the real
command line (or the store) in its own process so its peak memory (RSS) is
its own: import, export to JSONL, stats, a full-text search and a filtered
document list. Search sits next to the obvious baseline, a scan of the text
with SQL ``instr()`` (which also cannot ignore tashkeel)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench._measure import cli, run_child
from bench.generate import write_jsonl

MEMORY_GOAL = "< 500 MB"

SEARCH = """
import json, sys, time
from annotator.store import Project
p = Project.open(sys.argv[1])
p.search("x")  # builds the index if it is missing (it is not: import keeps it)
out = {}
t0 = time.perf_counter(); hits = p.search(sys.argv[2], limit=50); out["fts_ms"] = (time.perf_counter() - t0) * 1000
out["hits"] = len(hits)
t0 = time.perf_counter()
rows = p.execute("select id from documents where instr(text, ?) > 0 limit 50", [sys.argv[2]]).fetchall()
out["scan_ms"] = (time.perf_counter() - t0) * 1000
out["scan_hits"] = len(rows)
t0 = time.perf_counter(); first = p.list_documents(limit=100); out["list_ms"] = (time.perf_counter() - t0) * 1000
t0 = time.perf_counter(); f = p.list_documents(text=sys.argv[2], limit=100); out["filter_ms"] = (time.perf_counter() - t0) * 1000
t0 = time.perf_counter(); n = p.count_documents(); out["count_ms"] = (time.perf_counter() - t0) * 1000
print(json.dumps(out))
"""


def run(quick: bool) -> list[dict]:
    n = 2_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        info = write_jsonl(tmp / "corpus.jsonl", n, seed=0)
        db = tmp / "big.db"
        cli("init", db)
        imp = cli("import", db, tmp / "corpus.jsonl")
        exp = cli("export", db, "--format", "jsonl", "--out", tmp / "out.jsonl", "--include-suggested")
        sta = cli("stats", db, "--json")
        stats = json.loads(sta["stdout"])
        assert stats["documents"] == n, stats["documents"]
        search = run_child(SEARCH, str(db), "مسؤول")
        s = json.loads(search["stdout"])
        db_mb = db.stat().st_size / 1e6
    size = f"{n:,} docs, {info['spans']:,} spans, {info['text_bytes'] / 1e6:.0f} MB text"
    rows = [
        {"area": "scale", "measure": f"import {size}: time", "ours": imp["seconds"], "unit": "s"},
        {"area": "scale", "measure": "import: documents/s", "ours": n / imp["seconds"], "unit": "docs/s"},
        {"area": "scale", "measure": "import: peak memory", "ours": imp["peak_mb"], "unit": "MB", "goal": MEMORY_GOAL},
        {"area": "scale", "measure": "export jsonl: time", "ours": exp["seconds"], "unit": "s"},
        {"area": "scale", "measure": "export jsonl: peak memory", "ours": exp["peak_mb"], "unit": "MB", "goal": MEMORY_GOAL},
        {"area": "scale", "measure": "stats: time", "ours": sta["seconds"], "unit": "s"},
        {"area": "scale", "measure": "stats: peak memory", "ours": sta["peak_mb"], "unit": "MB", "goal": MEMORY_GOAL},
        {"area": "scale", "measure": f"search 'مسؤول' (first 50 of any tashkeel): {s['hits']} hits", "ours": s["fts_ms"],
         "baseline": s["scan_ms"], "baseline_name": f"SQL instr() scan ({s['scan_hits']} hits)", "unit": "ms",
         "goal": "< 200 ms"},
        {"area": "scale", "measure": "document list: first 100 rows", "ours": s["list_ms"], "unit": "ms", "goal": "< 200 ms"},
        {"area": "scale", "measure": "document list filtered by text", "ours": s["filter_ms"], "unit": "ms", "goal": "< 500 ms"},
        {"area": "scale", "measure": "search/list process: peak memory", "ours": search["peak_mb"], "unit": "MB",
         "goal": MEMORY_GOAL},
        {"area": "scale", "measure": "project file size", "ours": db_mb, "unit": "MB"},
    ]
    return rows
