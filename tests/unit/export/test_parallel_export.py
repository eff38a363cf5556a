"""``annotator export --jobs N`` for conll and hf: worker processes write
contiguous parts and the parent merges them, so the output is byte for
byte the single-process one, with or without splits, and a bad input ends
it with the same one-line error and nothing left behind."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.export import hf_writer, parallel
from annotator.export.run import export
from annotator.export.selection import Selection
from annotator.model import Span
from tests.unit.formats.samples import seed_document, tricky_document

SPLIT = "train=0.6,dev=0.2,test=0.2"


@pytest.fixture
def many(project, monkeypatch):
    """26 documents (the seed article and the tricky text, 13 times each,
    statuses mixed); hf row groups of 3 documents so its parts hold several."""
    monkeypatch.setattr(hf_writer, "BATCH", 3)
    monkeypatch.setattr(hf_writer, "PART_QUANTUM", 3)
    for k in range(13):
        for make in (seed_document, tricky_document):
            doc = make()
            project.add_document(doc.model_copy(update={"id": f"{doc.id}-{k:02d}", "text": doc.text + " " * k}))
    return project


def contents(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    return {"": path.read_bytes()}


@pytest.mark.parametrize("fmt", ["conll", "hf"])
@pytest.mark.parametrize("split", [None, SPLIT])
@pytest.mark.parametrize(
    "sel",
    [Selection(), Selection(annotator="amira", layer="entity"), Selection(status=("done",), include_suggested=True)],
)
def test_any_number_of_jobs_writes_the_same_bytes(many, tmp_path, fmt, split, sel):
    outs, counts = {}, {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"jobs{jobs}" / "out"
        out.parent.mkdir()
        counts[jobs] = export(many, fmt, out, sel, split=split, seed=7, jobs=jobs)
        outs[jobs] = contents(out)
        assert sorted(p.name for p in out.parent.iterdir()) == ["out"]  # no parts left behind
    assert outs[1]
    assert outs[2] == outs[1] and outs[3] == outs[1]
    assert counts[2] == counts[1] == counts[3]
    assert sum(counts[1].values()) == (13 if sel.status else 26)


def test_problems_are_reported_once_in_document_order(many, tmp_path, caplog):
    reports = {}
    for jobs in (1, 2):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="annotator.export"):
            export(many, "conll", tmp_path / f"o{jobs}.conll", Selection(layer="entity"), jobs=jobs)
        reports[jobs] = [r.getMessage() for r in caplog.records]
    assert len(reports[1]) == 13  # the nested entity of every copy of the seed article
    assert reports[2] == reports[1]


def test_parts_are_contiguous_and_cut_on_the_quantum():
    ids = [f"d{i}" for i in range(10_000)]
    parts = parallel.cut(ids, jobs=2, quantum=1000)
    assert [len(p) for p in parts] == [1000] * 10
    assert [i for p in parts for i in p] == ids
    assert [len(p) for p in parallel.cut(ids[:7], jobs=2)] == [2, 2, 2, 1]
    assert parallel.cut([], jobs=4) == [[]]


def test_default_jobs(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert parallel.default_jobs(499) == 1
    assert parallel.default_jobs(10_000) == 4
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert parallel.default_jobs(10_000) == 2
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert parallel.default_jobs(10_000) == 1


def test_a_bad_label_stops_every_job_count_with_the_same_error_and_no_output(many, tmp_path):
    bad = seed_document().model_copy(
        update={
            "id": "zz-bad",
            "text": "حرف " + seed_document().text,
            "spans": [Span(id="x1", start=0, end=3, label="NOT_IN_SCHEME", layer="entity", annotator="amira")],
            "relations": [],
        }
    )
    assert many.add_document(bad, check_scheme=False)
    errors = {}
    for jobs in (1, 2):
        with pytest.raises(AnnotatorError) as exc:
            export(many, "hf", tmp_path / f"hf{jobs}", Selection(), jobs=jobs)
        errors[jobs] = str(exc.value)
    assert errors[2] == errors[1] == "document 'zz-bad': label 'NOT_IN_SCHEME' is not in the scheme's entity layer"
    assert not (tmp_path / "hf2").exists()  # nothing: no parts, no half-merged file, no folder


def test_the_command_line_takes_jobs_and_fails_with_exit_2(db, cli, tmp_path):
    from annotator.store import Project

    with Project.open(db) as project:
        for k in range(12):
            doc = tricky_document()
            project.add_document(doc.model_copy(update={"id": f"t{k}", "text": doc.text + " " * k}))
    one, two = tmp_path / "one.conll", tmp_path / "two.conll"
    assert cli("export", db, "--format", "conll", "--out", one, "--jobs", 1).code == 0
    res = cli("export", db, "--format", "conll", "--out", two, "--jobs", 2)
    assert res.code == 0 and "wrote 13 documents" in res.out
    assert two.read_bytes() == one.read_bytes()
    assert cli("export", db, "--format", "conll", "--out", two, "--jobs", 0).code == 2

    with Project.open(db) as project:
        bad = tricky_document().model_copy(
            update={
                "id": "zz",
                "text": "حرف",
                "relations": [],
                "spans": [Span(id="x1", start=0, end=3, label="NOT_IN_SCHEME", layer="entity", annotator="amira")],
            }
        )
        assert project.add_document(bad, check_scheme=False)
    res = cli("export", db, "--format", "hf", "--out", tmp_path / "hf", "--jobs", 2)
    assert res.code == 2
    assert res.err.strip() == "error: document 'zz': label 'NOT_IN_SCHEME' is not in the scheme's entity layer"
    assert not (tmp_path / "hf").exists()


def test_spawned_workers_write_the_same_bytes(many, tmp_path, monkeypatch):
    """The start method used off Linux: workers import everything afresh."""
    import multiprocessing

    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    one, two = tmp_path / "one.conll", tmp_path / "two.conll"
    export(many, "conll", one, Selection(), jobs=1)
    export(many, "conll", two, Selection(), jobs=2)
    assert two.read_bytes() == one.read_bytes()


def _die_on_second_part(task):
    """A worker that is killed outright (as by the OOM killer) on one part."""
    import os
    import signal

    if task[4].endswith("-00001.part"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_work(task)


_real_work = parallel._work


@pytest.mark.timeout(60)
def test_a_worker_killed_outright_ends_the_export_with_an_error_not_a_hang(many, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "_work", _die_on_second_part)  # forked workers inherit it
    with pytest.raises(AnnotatorError, match="export worker died"):
        export(many, "conll", tmp_path / "out" / "all.conll", Selection(), jobs=2)
    assert not (tmp_path / "out").exists()  # no parts, no half-merged file
