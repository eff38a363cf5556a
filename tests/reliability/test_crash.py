"""Kill -9 in the middle of work: the project file stays sound
(``PRAGMA integrity_check`` is ok), every edit acknowledged before the kill
is there, a half-done import leaves nothing, and a half-done export leaves
no truncated file."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli_helpers import rows

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def start(*code_and_args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *code_and_args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def cli_process(*args) -> subprocess.Popen:
    return start("-c", "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))", *map(str, args))


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the process never reached the point to kill it at")
        time.sleep(0.005)


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the process finished before it was killed"


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def project(tmp_path):
    from annotator.model import Document
    from annotator.store import Project

    with Project.create(tmp_path / "p.db") as p:
        p.add_document(Document(id="d1", text="قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا " * 20))
    return tmp_path / "p.db"


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory) -> Path:
    from bench.generate import write_jsonl

    path = tmp_path_factory.mktemp("corpus") / "big.jsonl"
    write_jsonl(path, 6000, seed=5)
    return path


def test_kill_while_an_import_is_checked_leaves_the_project_alone(project, big_jsonl):
    before = project.read_bytes(), rows(project)
    wal = project.with_name("p.db-wal")
    wal_before = wal.stat().st_size if wal.exists() else 0

    def checking() -> bool:  # the import's folder is there, nothing written yet
        return any(project.parent.glob(".annotator-import-*"))

    proc = cli_process("import", project, big_jsonl)
    wait_for(lambda: checking() or proc.poll() is not None)
    time.sleep(0.3)  # well inside the first pass: 6,000 documents take seconds to check
    kill(proc)
    assert (wal.stat().st_size if wal.exists() else 0) == wal_before, "the import had started copying"
    assert (project.read_bytes(), rows(project)) == before  # not a byte written
    assert integrity(project) == "ok"


def content(db: Path) -> list:
    """What a user of the project sees: every row of the data tables, and
    what search finds (the index's own pages may differ after a repair)."""
    from annotator.store import Project

    with Project.open(db) as p:  # opening for writing repairs a killed import
        # the columns that do not hold the time of the change, so two imports of one file compare equal
        out = [
            p.execute(f"select {cols} from {t} order by rowid").fetchall()
            for t, cols in (
                ("documents", "id, text, sha256, meta, status"),
                ("spans", 'doc_id, id, start, "end", label, layer, annotator, status, source, attrs'),
                ("relations", "doc_id, id, head, tail, label, annotator, attrs"),
                ("comments", "doc_id, id, span, author, text"),
                ("history", "who, action, kind, doc_id, target, before, after"),
                ("annotators", "name"),
                ("labels", "*"),
            )
        ]
        out.append([h.doc_id for h in p.search("طرابلس")])
        out.append(p.stats())
    return out


def pending(db: Path) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if not conn.execute("select 1 from sqlite_master where name = 'import_pending'").fetchone():
            return 0
        return conn.execute("select count(*) from import_pending").fetchone()[0]
    except sqlite3.OperationalError:  # the file is being written: ask again
        return 0
    finally:
        conn.close()


def test_kill_during_the_copy_of_an_import_leaves_nothing(project, big_jsonl):
    before = content(project)
    proc = cli_process("import", project, big_jsonl)
    # killed once the copy has put some batches in, still pending
    wait_for(lambda: pending(project) >= 1000 or proc.poll() is not None)
    kill(proc)
    assert integrity(project) == "ok"
    assert pending(project) > 0  # batches were copied in, marked pending
    assert content(project) == before  # nothing of the half-done import is left once it is opened again
    assert pending(project) == 0
    assert count(project, "documents") == 1


def test_kill_during_export_leaves_no_truncated_file(project, big_jsonl, tmp_path):
    from annotator.store import Project

    with Project.open(project) as p:  # a project worth exporting
        from annotator.formats import jsonl

        p.import_documents(jsonl.read(big_jsonl))
    before = rows(project)
    out = tmp_path / "out.jsonl"
    proc = cli_process("export", project, "--format", "jsonl", "--out", out)

    def part_size() -> int:
        return sum(p.stat().st_size for p in tmp_path.glob(".annotator-tmp-*/*") if p.is_file())

    wait_for(lambda: part_size() > 1_000_000 or proc.poll() is not None)
    kill(proc)
    assert not out.exists()  # never a truncated file under the real name
    assert integrity(project) == "ok"
    assert rows(project) == before


BURST = r"""
import sys
from annotator.model import Span
from annotator.store import Project
p = Project.open(sys.argv[1])
text = p.document_text("d1")
i = 0
while True:
    start = i % (len(text) - 5)
    layer = ("entity", "number", "claim")[(i // (len(text) - 5)) % 3]
    label = {"entity": "GPE", "number": "NUMBER", "claim": "CLAIM"}[layer]
    who = f"annotator{i // (3 * (len(text) - 5))}"
    span = p.add_span("d1", Span(start=start, end=start + 5, label=label, layer=layer, annotator=who), who=who)
    print(span.id, flush=True)  # acknowledged: the edit is committed
    i += 1
"""


def test_kill_during_a_burst_of_edits_keeps_every_acknowledged_one(project):
    proc = start("-c", BURST, str(project))
    acknowledged: list[str] = []
    while len(acknowledged) < 300:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        acknowledged.append(line.strip())
    kill(proc)
    acknowledged += proc.stdout.read().split()  # printed (so committed) before the kill, not yet read here
    assert integrity(project) == "ok"
    conn = sqlite3.connect(project)
    stored = {r[0] for r in conn.execute("select id from spans where doc_id = 'd1'")}
    history = {r[0] for r in conn.execute("select target from history where kind = 'span' and action = 'create'")}
    conn.close()
    assert set(acknowledged) <= stored
    assert stored <= history  # and each has its history row (same transaction)
    assert len(stored) - len(acknowledged) <= 1  # at most the one edit in flight


def test_project_opens_and_works_after_a_kill(project, big_jsonl, cli):
    proc = cli_process("import", project, big_jsonl)
    wait_for(lambda: pending(project) >= 500 or proc.poll() is not None)
    kill(proc)
    (project.parent / "n.txt").write_text("وثيقة بعد الانهيار", encoding="utf-8")
    assert cli("import", project, project.parent / "n.txt").code == 0
    assert cli("stats", project, "--json").code == 0
    assert count(project, "documents") == 2
    assert integrity(project) == "ok"


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if not conn.execute("select 1 from sqlite_master where name = ?", [table]).fetchone():
            return 0
        return conn.execute(f"select count(*) from {table}").fetchone()[0]
    except sqlite3.OperationalError:  # the file is being written: ask again
        return 0
    finally:
        conn.close()


@pytest.mark.parametrize("moment", ["adding documents", "adding spans to documents here"])
def test_kill_during_a_merge_leaves_nothing_half_merged(project, big_jsonl, tmp_path, moment):
    """A merge writes in short transactions; killed in the middle, the next
    open undoes all of it: the documents it was adding (pending) and the
    spans, history and statuses it had added to documents already here."""
    import json

    from annotator.formats import jsonl
    from annotator.store import Project

    other = tmp_path / "colleague.db"
    with Project.create(other) as p:
        p.import_documents(jsonl.read(big_jsonl), who="omar")
    if moment == "adding spans to documents here":  # the same texts here, without their spans
        bare = tmp_path / "bare.jsonl"
        with open(big_jsonl, encoding="utf-8") as fh, open(bare, "w", encoding="utf-8") as out:
            for line in fh:
                doc = json.loads(line)
                out.write(json.dumps({"id": doc["id"], "text": doc["text"]}, ensure_ascii=False) + "\n")
        with Project.open(project) as p:
            p.import_documents(jsonl.read(bare), who="amira")
    before = content(project)
    proc = cli_process("merge", project, other)
    table, enough = ("import_pending", 500) if moment == "adding documents" else ("import_undo", 2000)
    wait_for(lambda: _count(project, table) >= enough or proc.poll() is not None)
    assert proc.poll() is None, "the merge ended before it could be killed"
    kill(proc)
    assert integrity(project) == "ok"
    assert content(project) == before  # opening it undid the merge
    for leftover in ("import_runs", "import_pending", "import_undo"):
        assert _count(project, leftover) == 0, leftover
