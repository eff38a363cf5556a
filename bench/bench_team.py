"""Teams at scale: ``annotator assign`` and ``annotator stats --by-annotator``.

* assign: 100,000 documents (``quick``: 2,000) to 10 annotators with a 20 %
  overlap, the real command in a child process (time and its own peak
  memory), beside the baseline a lead had before: copying the whole project
  file once per annotator (``shutil.copyfile`` x 10), which is what handing
  out work without ``assign`` meant.
* stats --by-annotator: the same project with 2,000,000 history rows
  (``quick``: 40,000) spread over the 10 annotators and the documents, one
  edit every 5 to 200 seconds, a tenth of them suggestion decisions; the
  real command in a child, beside the way the issue rules out: one history
  query per document and annotator (a per-document loop over the same
  index), timed in this process.

The project is built here with bulk inserts (the benchmark measures assign
and stats, not import); its documents are short generated Arabic lines.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._measure import cli

WORDS = (
    "قال",
    "الوزير",
    "إن",
    "البطالة",
    "انخفضت",
    "إلى",
    "في",
    "المئة",
    "وأضاف",
    "الحكومة",
    "ستبني",
    "مدرسة",
    "ليبيا",
    "طرابلس",
    "مجلس",
    "النواب",
    "أعلن",
    "اليوم",
    "عن",
    "خطة",
    "جديدة",
)


def build(path: Path, n_docs: int, n_history: int, annotators: list[str]) -> None:
    from annotator.store import Project

    rng = random.Random(14)
    with Project.create(path) as project:
        conn = project.conn
        conn.execute("BEGIN")
        ts = "2026-01-01T00:00:00.000+00:00"
        docs = []
        for i in range(n_docs):
            text = f"{i} " + " ".join(rng.choice(WORDS) for _ in range(25)) + "."
            docs.append((f"doc-{i:06}", text, hashlib.sha256(text.encode()).hexdigest(), "{}", "new", ts, ts))
        conn.executemany(
            "insert into documents (id, text, sha256, meta, status, created, updated) values (?,?,?,?,?,?,?)", docs
        )
        conn.execute("COMMIT")
        if not n_history:
            return
        conn.execute("BEGIN")
        start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
        clocks = {a: start for a in annotators}
        span = {
            "annotator": "",
            "attrs": {},
            "end": 9,
            "id": "s0",
            "label": "PERSON",
            "layer": "entity",
            "source": "manual",
            "start": 4,
            "status": "accepted",
        }
        batch = []
        per_doc = max(1, n_history // n_docs)
        k = 0
        while k < n_history:
            doc = f"doc-{rng.randrange(n_docs):06}"
            who = rng.choice(annotators)
            for _ in range(per_doc):
                clocks[who] += timedelta(seconds=rng.choice((5, 12, 30, 45, 90, 200)))
                decision = rng.random() < 0.1
                after = dict(span, annotator=who, id=f"s{k}")
                before = (
                    dict(after, status="suggested", source="gazetteer", annotator="gazetteer") if decision else None
                )
                if decision and rng.random() < 0.3:
                    after["status"] = "rejected"
                batch.append(
                    (
                        clocks[who].isoformat(timespec="milliseconds"),
                        who,
                        "update" if decision else "create",
                        "span",
                        doc,
                        f"s{k}",
                        None if before is None else json.dumps(before, sort_keys=True, separators=(",", ":")),
                        json.dumps(after, sort_keys=True, separators=(",", ":")),
                        f"b{k}",
                        1,
                        0,
                    )
                )
                k += 1
            if len(batch) >= 50_000:
                conn.executemany(
                    "insert into history (ts, who, action, kind, doc_id, target, before, after, batch, "
                    "undoable, undone) values (?,?,?,?,?,?,?,?,?,?,?)",
                    batch,
                )
                batch = []
        if batch:
            conn.executemany(
                "insert into history (ts, who, action, kind, doc_id, target, before, after, batch, "
                "undoable, undone) values (?,?,?,?,?,?,?,?,?,?,?)",
                batch,
            )
        conn.execute("COMMIT")


def per_document_loop(path: Path, idle: float = 120.0) -> float:
    """The ruled-out way: for every document and annotator, read its edits and sum the gaps."""
    import sqlite3

    conn = sqlite3.connect(path)
    t0 = time.perf_counter()
    total = 0.0
    whos = [r[0] for r in conn.execute("select distinct who from history")]
    for (doc_id,) in conn.execute("select id from documents").fetchall():
        for who in whos:
            last = None
            for (ts,) in conn.execute("select ts from history where doc_id = ? and who = ? order by ts", [doc_id, who]):
                t = datetime.fromisoformat(ts)
                if last is not None and (t - last).total_seconds() < idle:
                    total += (t - last).total_seconds()
                last = t
    conn.close()
    return time.perf_counter() - t0


def run(quick: bool) -> list[dict]:
    n_docs = 2_000 if quick else 100_000
    n_history = 40_000 if quick else 2_000_000
    annotators = [f"ann{i:02}" for i in range(10)]
    size = f"{n_docs:,} docs"
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "lead.annot"
        build(db, n_docs, 0, annotators)
        t0 = time.perf_counter()
        for a in annotators:
            shutil.copyfile(db, Path(tmp) / f"copy-{a}.annot")
        t_copy = time.perf_counter() - t0
        for a in annotators:
            (Path(tmp) / f"copy-{a}.annot").unlink()
        run_ = cli(
            "assign",
            db,
            "--annotators",
            ",".join(annotators),
            "--overlap",
            "0.2",
            "--seed",
            "1",
            "--out",
            Path(tmp) / "packs",
        )
        packs = sorted((Path(tmp) / "packs").iterdir())
        assert len(packs) == 10, packs
        rows.append(
            {
                "area": "team",
                "measure": f"assign {size} to 10 annotators, 20 % overlap",
                "ours": round(run_["seconds"], 2),
                "baseline": round(t_copy, 2),
                "baseline_name": "copy the whole project once per annotator",
                "unit": "s",
                "goal": None if quick else "< 30 s",
            }
        )
        rows.append(
            {
                "area": "team",
                "measure": f"assign {size}: peak memory",
                "ours": round(run_["peak_mb"], 1),
                "baseline": None,
                "baseline_name": None,
                "unit": "MB",
                "goal": None if quick else "< 500 MB",
            }
        )
        shutil.rmtree(Path(tmp) / "packs")
        db.unlink()

        db = Path(tmp) / "history.annot"
        build(db, n_docs, n_history, annotators)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run_ = cli("stats", db, "--by-annotator", "--json")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        data = json.loads(run_["stdout"])
        assert len(data["annotators"]) == 10
        hours = sum(r["active_hours"] for r in data["annotators"])
        t_loop = per_document_loop(db) if quick or n_docs <= 100_000 else None
        rows.append(
            {
                "area": "team",
                "measure": f"stats --by-annotator, {size}, {n_history:,} history rows",
                "ours": round(run_["seconds"], 2),
                "baseline": round(t_loop, 2) if t_loop else None,
                "baseline_name": "one history query per document and annotator",
                "unit": "s",
                "goal": None if quick else "< 3 s",
            }
        )
        rows.append(
            {
                "area": "team",
                "measure": "stats --by-annotator: CPU time of the command (user + system; "
                "the wall time above waits for a busy machine's cores)",
                "ours": round(cpu, 2),
                "baseline": None,
                "baseline_name": None,
                "unit": "s",
                "goal": None if quick else "< 3 s",
            }
        )
        rows.append(
            {
                "area": "team",
                "measure": "stats --by-annotator: active hours found (all annotators)",
                "ours": round(hours, 1),
                "baseline": None,
                "baseline_name": None,
                "unit": "h",
                "goal": None,
            }
        )
    return rows
