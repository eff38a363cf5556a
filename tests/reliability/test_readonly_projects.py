"""Issue 20: a project that cannot be written (a read-only folder, a
read-only file, an immutable file on a shared drive) is still read by every
command that only reads: stats, export (also with parallel workers), agree,
backup, search, and merging it into a project that can be written. Nothing
is written to it: not a byte of the file changes and no ``-wal``/``-shm``
appears beside it.

The tests run as root, for whom permission bits stop nothing, so the
refusal to write is made real: one test makes the folder and the file
immutable (``chattr +i``, which stops root too), the other runs the
commands as the unprivileged user ``nobody`` (``setpriv``). Each first
checks that writing really is refused, so neither can pass by accident.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
DOC = {
    "id": "d1",
    "text": "قال مسؤول في ليبيا إن 43 إرهابيا قتلوا في طرابلس",
    "spans": [
        {"start": 13, "end": 18, "label": "GPE", "layer": "entity", "annotator": "amira", "status": "accepted"},
        {"start": 13, "end": 18, "label": "GPE", "layer": "entity", "annotator": "omar", "status": "accepted"},
        {"start": 42, "end": 48, "label": "LOC", "layer": "entity", "annotator": "omar", "status": "accepted"},
    ],
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_project(folder: Path) -> Path:
    """A project with two annotators' spans, checkpointed so that everything
    is in the file itself (as after a clean close, or a copy)."""
    from annotator.cli import main

    db = folder / "p.db"
    src = folder / "in.jsonl"
    src.write_text(json.dumps(DOC, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["init", str(db)]) == 0
    assert main(["import", str(db), str(src)]) == 0
    src.unlink()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    return db


def reading_commands(db: Path, out: Path) -> dict[str, list[str]]:
    lead = out / "lead.db"
    return {
        "stats": ["stats", str(db)],
        "stats --json": ["stats", str(db), "--json"],
        "export jsonl": ["export", str(db), "--format", "jsonl", "--out", str(out / "o.jsonl")],
        "export conll --jobs 2": [
            "export",
            str(db),
            "--format",
            "conll",
            "--annotator",
            "omar",
            "--jobs",
            "2",
            "--out",
            str(out / "o.conll"),
        ],
        "agree": ["agree", str(db), "--json"],
        "backup": ["backup", str(db), str(out / "b.db")],
        "search": ["search", str(db), "ليبيا", "--json"],
        "merge": ["merge", str(lead), str(db)],
    }


def check_outputs(out: Path) -> None:
    assert json.loads((out / "o.jsonl").read_text(encoding="utf-8"))["text"] == DOC["text"]
    assert "B-LOC" in (out / "o.conll").read_text(encoding="utf-8")
    conn = sqlite3.connect(out / "b.db")
    assert conn.execute("select count(*) from spans").fetchone()[0] == 3
    conn.close()
    conn = sqlite3.connect(out / "lead.db")
    assert conn.execute("select count(*) from spans").fetchone()[0] == 3
    conn.close()


@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    done: list[Path] = []
    try:
        for p in paths:
            r = subprocess.run(["chattr", "+i", str(p)], capture_output=True, text=True)
            if r.returncode != 0:
                pytest.skip(f"chattr +i is not possible here: {r.stderr.strip()}")
            done.append(p)
        yield
    finally:
        for p in reversed(done):
            subprocess.run(["chattr", "-i", str(p)], check=True)


@pytest.mark.skipif(sys.platform != "linux" or shutil.which("chattr") is None, reason="needs chattr (Linux)")
def test_an_immutable_project_is_read_by_every_reading_command(cli, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    db = make_project(ro)
    out = tmp_path / "out"
    out.mkdir()
    assert cli("init", out / "lead.db").code == 0
    before, listing = sha(db), sorted(os.listdir(ro))
    with immutable(db, ro):
        with pytest.raises(OSError):  # writing really is refused, root or not
            (ro / "probe").write_bytes(b"")
        with pytest.raises(OSError):
            db.open("ab").close()
        for name, args in reading_commands(db, out).items():
            result = cli(*args)
            assert result.code == 0, f"{name}: {result.err}"
            assert "readonly" not in result.err, name
        assert sha(db) == before
        assert sorted(os.listdir(ro)) == listing  # no -wal, -shm or -journal
    check_outputs(out)
    agree = json.loads(cli("agree", db, "--json").out)
    assert agree["pairs"], agree


def _as_nobody() -> list[str] | None:
    """The command prefix that runs a program as an unprivileged user, or
    None when this process cannot (not root and no other user to become:
    then its own permission bits are enough, and [] is returned)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


@pytest.mark.skipif(sys.platform != "linux", reason="users and permission bits as on Linux")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_project_this_user_may_not_write_is_read_by_every_reading_command(what):
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("running as root without setpriv or runuser")
    base = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    try:
        base.chmod(0o755)
        ro, out = base / "ro", base / "out"
        ro.mkdir()
        out.mkdir()
        db = make_project(ro)
        from annotator.cli import main

        assert main(["init", str(out / "lead.db")]) == 0
        for p in out.iterdir():
            p.chmod(0o666)
        out.chmod(0o777)
        db.chmod(0o444)
        ro.chmod(0o555 if what == "folder" else 0o777)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(out), "QT_QPA_PLATFORM": "offscreen"}
        probe = subprocess.run(
            [*prefix, sys.executable, "-c", "import annotator, sys; open(sys.argv[1], 'ab')", str(db)],
            capture_output=True,
            text=True,
            env=env,
            cwd=out,
        )
        if "PermissionError" not in probe.stderr:
            pytest.skip(f"the unprivileged user cannot run the tree or can write the file: {probe.stderr[-300:]}")
        before, listing = sha(db), sorted(os.listdir(ro))
        for name, args in reading_commands(db, out).items():
            r = subprocess.run(
                [*prefix, sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env, cwd=out
            )
            assert r.returncode == 0, f"{name}: {r.stderr}"
            assert "Traceback" not in r.stderr, name
        assert sha(db) == before
        if what == "folder":
            assert sorted(os.listdir(ro)) == listing
        check_outputs(out)
    finally:
        for p in (base, *base.rglob("*")):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(base)
