"""A mistyped ``--out`` never destroys a project, and an export appears
whole or not at all: bad input never loses data.

Every format: ``--out`` naming the project, its -wal/-shm/-journal, a
backup of it, a device or a fifo is refused with one line and the project
unchanged; a symbolic link is followed, never replaced; an export that
fails half-way leaves the previous output (and no temporary litter, no
Label Studio config beside it)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator import formats
from tests.cli_helpers import one_error_line, snapshot

ROOT = Path(__file__).resolve().parents[2]
ALL = sorted(formats.WRITERS)


@pytest.fixture
def db(tmp_path, cli, seed_text):
    path = tmp_path / "p.db"
    assert cli("init", path).code == 0
    src = tmp_path / "seed.txt"
    src.write_text(seed_text, encoding="utf-8")
    assert cli("import", path, src).code == 0
    return path


def _litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".annotator-"))


@pytest.mark.parametrize("fmt", ALL)
def test_export_onto_the_project_is_refused(db, cli, fmt):
    before = snapshot(db)
    result = cli("export", db, "--format", fmt, "--out", db)
    assert result.code == 2
    assert "must not overwrite the project file" in one_error_line(result.err)
    assert snapshot(db) == before
    assert _litter(db.parent) == []


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "conll"])
def test_export_onto_a_companion_file_is_refused(db, cli, fmt, suffix):
    target = Path(f"{db}{suffix}")
    result = cli("export", db, "--format", fmt, "--out", target)
    assert result.code == 2
    assert f"must not overwrite the project's {suffix} file" in one_error_line(result.err)


@pytest.mark.parametrize("fmt", ["jsonl", "label-studio", "spacy", "parquet"])
def test_export_onto_a_backup_is_refused(db, cli, tmp_path, fmt):
    backup = tmp_path / "p-backup.db"
    assert cli("backup", db, backup).code == 0
    before = backup.read_bytes()
    result = cli("export", db, "--format", fmt, "--out", backup)
    assert result.code == 2
    assert "is an SQLite database" in one_error_line(result.err)
    assert backup.read_bytes() == before


def test_export_through_a_symlink_to_the_project_is_refused(db, cli, tmp_path):
    link = tmp_path / "out.jsonl"
    link.symlink_to(db)
    before = snapshot(db)
    result = cli("export", db, "--format", "jsonl", "--out", link)
    assert result.code == 2 and "must not overwrite the project file" in one_error_line(result.err)
    assert snapshot(db) == before and link.is_symlink()


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "conll", "label-studio"])
def test_a_symlink_is_followed_not_replaced(db, cli, tmp_path, fmt):
    real = tmp_path / "real" / "out.data"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.data"
    link.symlink_to(real)
    result = cli("export", db, "--format", fmt, "--out", link)
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") != "old"
    assert _litter(real.parent) == [] and _litter(tmp_path) == []


def test_export_to_a_device_is_refused(db, cli):
    result = cli("export", db, "--format", "jsonl", "--out", "/dev/null")
    assert result.code == 2 and "is a device" in one_error_line(result.err)


@pytest.mark.parametrize("fmt", ["jsonl", "doccano"])
def test_export_to_a_fifo_is_refused(db, cli, tmp_path, fmt):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("export", db, "--format", fmt, "--out", fifo)  # would block forever if opened
    assert result.code == 2 and "is a fifo" in one_error_line(result.err)


def test_backup_onto_the_wal_is_refused(db, cli):
    for suffix in ("-wal", "-shm", "-journal"):
        result = cli("backup", db, f"{db}{suffix}")
        assert result.code == 2
        assert f"must not overwrite the project's {suffix} file" in one_error_line(result.err)
    assert not Path(f"{db}-journal").exists()


def test_backup_to_a_device_is_refused(db, cli):
    result = cli("backup", db, "/dev/null")
    assert result.code == 2 and "is a device" in one_error_line(result.err)


@pytest.mark.parametrize("split", [None, "train=0.5,test=0.5"])
@pytest.mark.parametrize("fmt", ALL)
def test_a_failed_export_keeps_the_previous_output(db, tmp_path, monkeypatch, fmt, split):
    """The writer fails after the first document: the previous output is
    byte for byte what it was, and nothing else is left in the folder."""
    import annotator.export.run as export_module
    from annotator.errors import AnnotatorError
    from annotator.export.run import export
    from annotator.export.selection import Selection
    from annotator.store import Project

    out = tmp_path / "exports" / f"out.{fmt}"
    with Project.open(db, readonly=True) as project:
        export(project, fmt, out, Selection(), split=split, jobs=1)
    before = sorted(
        (p.relative_to(tmp_path), p.read_bytes() if p.is_file() else None) for p in (tmp_path / "exports").rglob("*")
    )
    real_select = export_module.select

    def failing_select(project, sel, ids=None, links=True):
        def documents():
            yield from real_select(project, sel, ids=ids, links=links)
            raise AnnotatorError("stopped half-way")

        return documents()

    monkeypatch.setattr(export_module, "select", failing_select)
    with Project.open(db, readonly=True) as project, pytest.raises(AnnotatorError, match="stopped half-way"):
        export(project, fmt, out, Selection(), split=split, jobs=1)
    after = sorted(
        (p.relative_to(tmp_path), p.read_bytes() if p.is_file() else None) for p in (tmp_path / "exports").rglob("*")
    )
    assert after == before


def test_a_failed_label_studio_export_leaves_no_config(db, tmp_path, monkeypatch):
    import annotator.export.run as export_module
    from annotator.errors import AnnotatorError
    from annotator.export.run import export
    from annotator.export.selection import Selection
    from annotator.store import Project

    def failing_select(*args, **kwargs):
        def documents():
            raise AnnotatorError("stopped")
            yield

        return documents()

    monkeypatch.setattr(export_module, "select", failing_select)
    with Project.open(db, readonly=True) as project, pytest.raises(AnnotatorError):
        export(project, "label-studio", tmp_path / "ls.json", Selection(), jobs=1)
    assert not list(tmp_path.glob("ls*")) and _litter(tmp_path) == []


def test_exporting_into_an_existing_folder_keeps_other_files(db, cli, tmp_path):
    out = tmp_path / "brat"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    assert cli("export", db, "--format", "brat", "--out", out).code == 0
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert (out / "annotation.conf").exists() and _litter(out) == [] and _litter(tmp_path) == []


def test_full_disk_names_the_path(db, cli, tmp_path, monkeypatch):
    import errno

    import annotator.formats.jsonl as jsonl

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jsonl, "dumps", full)
    out = tmp_path / "full.jsonl"
    result = cli("export", db, "--format", "jsonl", "--out", out)
    assert result.code == 2
    line = one_error_line(result.err)
    assert str(out) in line and "no space left" in line
    assert not out.exists() and _litter(tmp_path) == []


# ------------------------------------------------------------------ kill -9
@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    from annotator.formats import jsonl
    from annotator.store import Project
    from bench.generate import write_jsonl

    folder = tmp_path_factory.mktemp("big")
    src = folder / "big.jsonl"
    write_jsonl(src, 6000, seed=5)
    with Project.create(folder / "p.db") as p:
        p.import_documents(jsonl.read(src))
    return folder / "p.db"


def _cli_process(*args) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))",
            *map(str, args),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _staged_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob(".annotator-tmp-*/**/*") if p.is_file())


@pytest.mark.slow
@pytest.mark.parametrize("fmt,jobs", [("doccano", "1"), ("label-studio", "1"), ("claims", "1"), ("conll", "2")])
def test_kill_during_export_keeps_the_previous_file(big_db, tmp_path, cli, fmt, jobs):
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"the previous export")
    proc = _cli_process("export", big_db, "--format", fmt, "--out", out, "--jobs", jobs, "--annotator", "amira")
    deadline = time.monotonic() + 120
    while _staged_bytes(tmp_path) < 200_000 and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    assert proc.poll() is None, "the export finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert out.read_bytes() == b"the previous export"
    assert sqlite3.connect(big_db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the next export into the folder clears what the killed one left
    small = tmp_path / "small.db"
    assert cli("init", small).code == 0
    assert cli("export", small, "--format", "jsonl", "--out", tmp_path / "x.jsonl").code == 0
    assert _litter(tmp_path) == []
