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
    return subprocess.Popen([sys.executable, *code_and_args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


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


def test_kill_while_an_import_is_staged_leaves_the_project_alone(project, big_jsonl):
    before = project.read_bytes(), rows(project)

    def staged() -> bool:
        return any(f.stat().st_size > 4_000_000 for f in project.parent.glob(".annotator-import-*/stage.db"))

    proc = cli_process("import", project, big_jsonl)
    wait_for(lambda: staged() or proc.poll() is not None)
    kill(proc)
    assert (project.read_bytes(), rows(project)) == before
    assert integrity(project) == "ok"


def test_kill_during_the_copy_of_an_import_leaves_nothing(project, big_jsonl):
    before = rows(project)
    wal = project.with_name("p.db-wal")
    proc = cli_process("import", project, big_jsonl)
    # killed once the copy into the project has written a good part into the WAL
    wait_for(lambda: wal.exists() and wal.stat().st_size > 4_000_000 or proc.poll() is not None)
    kill(proc)
    assert integrity(project) == "ok"
    assert rows(project) == before  # nothing of the half-done import, not even the index
    assert count(project, "documents") == 1


def test_kill_during_export_leaves_no_truncated_file(project, big_jsonl, tmp_path):
    from annotator.store import Project

    with Project.open(project) as p:  # a project worth exporting
        from annotator.formats import jsonl

        p.import_documents(jsonl.read(big_jsonl))
    before = rows(project)
    out = tmp_path / "out.jsonl"
    part = tmp_path / ".out.jsonl.part"
    proc = cli_process("export", project, "--format", "jsonl", "--out", out)
    wait_for(lambda: part.exists() and part.stat().st_size > 1_000_000 or proc.poll() is not None)
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
    wal = project.with_name("p.db-wal")
    wait_for(lambda: wal.exists() and wal.stat().st_size > 1_000_000 or proc.poll() is not None)
    kill(proc)
    (project.parent / "n.txt").write_text("وثيقة بعد الانهيار", encoding="utf-8")
    assert cli("import", project, project.parent / "n.txt").code == 0
    assert cli("stats", project, "--json").code == 0
    assert count(project, "documents") == 2
    assert integrity(project) == "ok"


def test_kill_during_a_merge_leaves_nothing_half_merged(project, big_jsonl, tmp_path):
    from annotator.formats import jsonl
    from annotator.store import Project

    other = tmp_path / "colleague.db"
    with Project.create(other) as p:
        p.import_documents(jsonl.read(big_jsonl), who="omar")
    before = rows(project)
    proc = cli_process("merge", project, other)
    wal = project.with_name("p.db-wal")
    wait_for(lambda: wal.exists() and wal.stat().st_size > 2_000_000 or proc.poll() is not None)
    kill(proc)
    assert integrity(project) == "ok"
    assert rows(project) == before
