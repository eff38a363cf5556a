"""Several processes on one project at once (WAL + busy timeout): an import
while another process adds spans, two editors writing at the same time, a
reader during a write. Nobody crashes with ``database is locked``, nobody
loses anyone else's work."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

EDITOR = r"""
import sys, time
from annotator.model import Span
from annotator.store import Project
p = Project.open(sys.argv[1])
who, n = sys.argv[2], int(sys.argv[3])
text = p.document_text("d1")
for i in range(n):
    p.add_span("d1", Span(start=i, end=i + 3, label="GPE", layer="entity", annotator=who), who=who)
    print(i, flush=True)
print("done", flush=True)
"""


def spawn(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def cli_process(*args, env=None) -> subprocess.Popen:
    return spawn(
        "-c", "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))", *map(str, args), env=env
    )


@pytest.fixture
def project(tmp_path):
    from annotator.model import Document
    from annotator.store import Project

    with Project.create(tmp_path / "p.db") as p:
        p.add_document(Document(id="d1", text="قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا " * 20))
    return tmp_path / "p.db"


TIMED_EDITOR = r"""
import sys, time
from annotator.model import Span
from annotator.store import Project
p = Project.open(sys.argv[1])
who, n = sys.argv[2], int(sys.argv[3])
worst = 0.0
for i in range(n):
    t0 = time.perf_counter()
    p.add_span("d1", Span(start=i, end=i + 3, label="GPE", layer="entity", annotator=who), who=who)
    worst = max(worst, time.perf_counter() - t0)
    time.sleep(0.01)
print(worst, flush=True)
"""


def test_import_while_another_process_adds_spans(project, tmp_path):
    """The import is staged apart and copied in one short transaction, so
    an editor saving spans meanwhile waits moments, with the default busy
    timeout, and nothing is lost on either side."""
    from bench.generate import write_jsonl

    write_jsonl(tmp_path / "c.jsonl", 3000, seed=9)
    importer = cli_process("import", project, tmp_path / "c.jsonl")
    editor = spawn("-c", TIMED_EDITOR, str(project), "amira", "150")
    out_e, err_e = editor.communicate(timeout=300)
    out_i, err_i = importer.communicate(timeout=300)
    assert importer.returncode == 0, err_i
    assert editor.returncode == 0, err_e
    assert "locked" not in err_e + err_i
    assert float(out_e) < 4.0  # the longest wait for the lock, well under the 5 s busy timeout
    conn = sqlite3.connect(project)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from documents").fetchone()[0] == 3001
    assert conn.execute("select count(*) from spans where doc_id = 'd1' and annotator = 'amira'").fetchone()[0] == 150
    conn.close()
    assert not list(project.parent.glob(".annotator-import-*"))


def test_two_editors_writing_at_once_lose_nothing(project):
    a = spawn("-c", EDITOR, str(project), "amira", "300")
    b = spawn("-c", EDITOR, str(project), "omar", "300")
    (_, err_a), (_, err_b) = a.communicate(timeout=180), b.communicate(timeout=180)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    conn = sqlite3.connect(project)
    per = dict(conn.execute("select annotator, count(*) from spans group by annotator").fetchall())
    conn.close()
    assert per == {"amira": 300, "omar": 300}


def test_readers_do_not_wait_for_a_writer(project):
    from annotator.store import Project

    writer = sqlite3.connect(project, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("insert into annotators (name, created) values ('ghost', '')")
    try:
        t0 = time.perf_counter()
        with Project.open(project, readonly=True, busy_timeout_ms=10_000) as p:
            stats = p.stats()
            hits = p.search("طرابلس")
        assert time.perf_counter() - t0 < 2
        assert stats["documents"] == 1 and "ghost" not in stats["annotators"]  # sees the last commit
        assert [h.doc_id for h in hits] == ["d1"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
