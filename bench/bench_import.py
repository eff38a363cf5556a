"""Import throughput: ``annotator import`` of generated canonical JSONL
(documents/s and MB/s of text), next to a bare ``sqlite3`` load of the same
rows (the same JSON parsed, documents and spans inserted with executemany in
one transaction, no validation, history, index or duplicate checks): the
cost of what the store adds."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from pathlib import Path

from bench._measure import cli
from bench.generate import write_jsonl


def bare_sqlite(jsonl: Path, db: Path) -> float:
    t0 = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("create table documents (id text primary key, text text, meta text, status text)")
    conn.execute('create table spans (doc_id text, id text, start int, "end" int, label text, layer text, '
                 "annotator text, status text, source text, attrs text)")
    conn.execute("BEGIN")
    docs, spans = [], []
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs.append((d["id"], d["text"], json.dumps(d["meta"]), d["status"]))
            spans += [(d["id"], s["id"], s["start"], s["end"], s["label"], s["layer"], s["annotator"],
                       s["status"], s["source"], json.dumps(s["attrs"])) for s in d["spans"]]
            if len(docs) >= 1000:
                conn.executemany("insert into documents values (?,?,?,?)", docs)
                conn.executemany("insert into spans values (?,?,?,?,?,?,?,?,?,?)", spans)
                docs, spans = [], []
    conn.executemany("insert into documents values (?,?,?,?)", docs)
    conn.executemany("insert into spans values (?,?,?,?,?,?,?,?,?,?)", spans)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - t0


def run(quick: bool) -> list[dict]:
    n = 300 if quick else 10_000
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp = Path(tmp)
        info = write_jsonl(tmp / "corpus.jsonl", n, seed=1)
        mb = info["text_bytes"] / 1e6
        cli("init", tmp / "p.db")
        ours = cli("import", tmp / "p.db", tmp / "corpus.jsonl")["seconds"]
        base = bare_sqlite(tmp / "corpus.jsonl", tmp / "bare.db")
        again = cli("import", tmp / "p.db", tmp / "corpus.jsonl")["seconds"]
    name = "bare sqlite3 executemany"
    size = f"{n:,} docs, {info['spans']:,} spans, {mb:.1f} MB text"
    return [
        {"area": "import", "measure": f"documents/s ({size})", "ours": n / ours, "baseline": n / base,
         "baseline_name": name, "unit": "docs/s", "goal": None},
        {"area": "import", "measure": "text MB/s", "ours": mb / ours, "baseline": mb / base,
         "baseline_name": name, "unit": "MB/s", "goal": None},
        {"area": "import", "measure": "span rows/s", "ours": info["spans"] / ours, "baseline": info["spans"] / base,
         "baseline_name": name, "unit": "spans/s", "goal": None},
        {"area": "import", "measure": "re-import (all skipped) documents/s", "ours": n / again,
         "baseline": None, "baseline_name": None, "unit": "docs/s", "goal": None},
    ]
