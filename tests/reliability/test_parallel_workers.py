"""Parallel export workers end with their parent (a killed export leaves nothing running or behind): killing the
parent of a ``--jobs 2`` export with kill -9 or SIGTERM used to leave both
workers waiting forever (about 170 MB each) and the temporary folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers"),
]


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


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.parametrize("fmt", ["conll", "hf"])
def test_workers_die_with_their_parent(big_db, tmp_path, sig, fmt):
    out = tmp_path / "exports" / f"out-{fmt}"
    out.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))",
            "export",
            str(big_db),
            "--format",
            fmt,
            "--out",
            str(out),
            "--jobs",
            "2",
            "--annotator",
            "amira",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2:  # the pool's two workers (a resource tracker may be a child too)
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        workers = [c for c in children(proc.pid) if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()]
        time.sleep(0.01)
    time.sleep(0.3)  # the workers are writing their parts
    assert proc.poll() is None, "the export finished before it could be stopped"
    proc.send_signal(sig)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 20
    while any(alive(w) for w in workers):
        assert time.monotonic() < deadline, f"workers {[w for w in workers if alive(w)]} outlived their parent"
        time.sleep(0.05)
    assert not out.exists()
    if sig == signal.SIGTERM:  # the parent cleaned up before it ended
        assert list(out.parent.iterdir()) == []
        assert b"Traceback" not in proc.stderr.read()
