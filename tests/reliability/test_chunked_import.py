"""An import copies in by short transactions, yet stays all or nothing:
its documents are invisible until the last one, a kill at any moment
leaves nothing once the project is opened again (and a re-run completes
it), and a disk too small for it is refused before anything is written."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from annotator.model import Document, Span
from annotator.store import Project, runs, staging
from annotator.store.staging import staged_import
from tests.cli_helpers import one_error_line, snapshot
from tests.reliability.test_crash import cli_process, content, integrity, pending

TEXT = "قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا"


def corpus(n: int) -> list[Document]:
    t = TEXT.index("طرابلس")
    return [
        Document(
            id=f"d{i}",
            text=f"{TEXT} ({i})",
            spans=[Span(start=t, end=t + 6, label="GPE", layer="entity", annotator="amira")],
        )
        for i in range(n)
    ]


def test_documents_stay_invisible_until_the_whole_import_is_in(tmp_path, monkeypatch):
    project = Project.create(tmp_path / "p.db")
    project.add_document(Document(id="old", text="خبر قديم عن طرابلس"))
    monkeypatch.setattr(staging, "BATCH_DOCS", 3)
    seen = []
    copy_batch = staging.Staging._copy_batch

    def watched(self, *args):
        late = copy_batch(self, *args)
        with Project.open(project.path) as other:  # another process, between two batches
            assert other.execute("select count(*) from documents").fetchone()[0] > 1  # the rows are there...
            seen.append(
                (
                    other.count_documents(),
                    other.document_ids(),
                    [r.id for r in other.list_documents()],
                    [d.id for d in other.iter_documents()],
                    [h.doc_id for h in other.search("طرابلس")],
                    other.stats()["documents"],
                    other.stats()["spans"],
                )
            )
        return late

    monkeypatch.setattr(staging.Staging, "_copy_batch", watched)
    with staged_import(project) as staged:
        staged.add(corpus(10))
    assert len(seen) == 4
    assert all(s == (1, ["old"], ["old"], ["old"], ["old"], 1, 0) for s in seen), seen  # ...but none is shown
    assert project.count_documents() == 11 and len(project.search("طرابلس")) == 11
    assert runs.has_pending(project) is False


def test_a_failure_during_the_copy_removes_what_it_had_copied(tmp_path, monkeypatch):
    project = Project.create(tmp_path / "p.db")
    project.add_document(Document(id="old", text="خبر قديم عن طرابلس"))
    before = content(project.path)
    monkeypatch.setattr(staging, "BATCH_DOCS", 3)
    calls = []
    copy_batch = staging.Staging._copy_batch

    def failing(self, *args):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return copy_batch(self, *args)

    monkeypatch.setattr(staging.Staging, "_copy_batch", failing)
    with pytest.raises(OSError), staged_import(project) as staged:
        staged.add(corpus(10))
    assert content(project.path) == before
    assert pending(project.path) == 0
    assert not list(tmp_path.glob(".annotator-import-*"))


def test_an_import_of_another_process_is_not_mistaken_for_a_dead_one(tmp_path, monkeypatch):
    project = Project.create(tmp_path / "p.db")
    monkeypatch.setattr(staging, "BATCH_DOCS", 3)
    copy_batch = staging.Staging._copy_batch
    opened = []

    def watched(self, *args):
        late = copy_batch(self, *args)
        Project.open(project.path).close()  # another command opens the project meanwhile
        opened.append(pending(project.path))
        return late

    monkeypatch.setattr(staging.Staging, "_copy_batch", watched)
    with staged_import(project) as staged:
        staged.add(corpus(7))
    assert opened == [3, 6, 7]  # its pending rows were left alone: the import holds its lock
    assert project.count_documents() == 7


@pytest.fixture(scope="module")
def jsonl_corpus(tmp_path_factory) -> Path:
    from bench.generate import write_jsonl

    path = tmp_path_factory.mktemp("corpus") / "c.jsonl"
    write_jsonl(path, 1200, seed=3)
    return path


@pytest.mark.slow
def test_kill_at_twenty_random_moments(tmp_path, jsonl_corpus, cli):
    base = tmp_path / "base.db"
    with Project.create(base) as p:
        p.add_document(Document(id="old", text="خبر قديم عن طرابلس"))
    expected_before = content(base)
    t0 = time.monotonic()
    done = tmp_path / "done.db"
    shutil.copy(base, done)
    assert cli("import", done, jsonl_corpus).code == 0
    duration = time.monotonic() - t0
    full = content(done)
    rng = random.Random(20)
    outcomes = []
    for k in range(20):
        db = tmp_path / f"k{k}.db"
        shutil.copy(base, db)
        proc = cli_process("import", db, jsonl_corpus)
        time.sleep(rng.uniform(0.0, duration))
        proc.kill()
        proc.wait(timeout=30)
        assert integrity(db) == "ok"
        after = content(db)  # opened again: a dead import is cleared away
        assert pending(db) == 0
        docs = after[0]
        assert len(docs) in (1, 1201), len(docs)  # none of the import, or all of it
        assert after == (expected_before if len(docs) == 1 else full)
        outcomes.append(len(docs))
        if k % 5 == 0:
            assert cli("import", db, jsonl_corpus).code == 0  # a re-run completes it
            assert content(db)[0] == full[0]
        for f in tmp_path.glob(f"k{k}.db*"):
            f.unlink()
    assert 1 in outcomes  # most kills land while it runs


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount a small tmpfs")
def test_a_disk_too_small_for_the_import_is_refused_before_anything_is_written(tmp_path, jsonl_corpus, cli):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        db = disk / "p.db"
        with Project.create(db) as p:
            p.add_document(Document(id="old", text="خبر قديم عن طرابلس"))
        before = snapshot(db)
        result = cli("import", db, jsonl_corpus)
        assert result.code == 2
        line = one_error_line(result.err)
        assert str(db) in line and "disk" in line
        assert snapshot(db) == before
        assert not list(disk.glob(".annotator-import-*"))
    finally:
        subprocess.run(["umount", str(disk)])
