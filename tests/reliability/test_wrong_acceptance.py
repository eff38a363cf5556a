"""Input that used to be accepted wrongly, or refused with the wrong
message (one ``error:`` line naming what is wrong): split names that escape the export folder, nan
ratios, duplicate relation names, ``init`` on a device or a ``file:``
name, the project total after two imports at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import one_error_line

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path, cli, seed_text):
    path = tmp_path / "p.db"
    assert cli("init", path).code == 0
    src = tmp_path / "docs.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "text": f"{seed_text[:200]} {i}"}, ensure_ascii=False) + "\n" for i in range(20)
        ),
        encoding="utf-8",
    )
    assert cli("import", path, src).code == 0
    return path


@pytest.mark.parametrize("name", ["../../../evil", "/abs/x", "con", "a/b", "..", "nul.txt"])
@pytest.mark.parametrize("fmt", ["jsonl", "conll", "hf"])
def test_split_names_never_leave_the_export_folder(db, cli, tmp_path, name, fmt):
    out = tmp_path / "deep" / "er" / "out"
    result = cli("export", db, "--format", fmt, "--out", out, "--split", f"{name}=1")
    assert result.code == 0, result.err
    written = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and p.suffix in (".jsonl", ".conll", ".parquet") and p.name != "docs.jsonl"
    ]
    assert written and all(out in p.parents for p in written), written
    assert not Path("/abs").exists()
    stems = {p.stem for p in written}
    assert not stems & {"con", "nul", "evil", "x"}


@pytest.mark.parametrize("spec", ["train=0.5,test=nan", "train=inf", "train=1.5,test=-0.5", "train=NaN,test=1"])
def test_split_ratios_that_are_no_fractions_are_refused(db, cli, tmp_path, spec):
    out = tmp_path / "out"
    result = cli("export", db, "--format", "jsonl", "--out", out, "--split", spec)
    assert result.code == 2 and "--split" in one_error_line(result.err)
    assert not out.exists()


def test_init_with_duplicate_relation_names_names_the_file_and_leaves_nothing(cli, tmp_path):
    labels = tmp_path / "labels.json"
    labels.write_text(
        json.dumps({"labels": [{"name": "PER", "layer": "entity"}], "relations": [{"name": "SAYS"}, {"name": "SAYS"}]}),
        encoding="utf-8",
    )
    db = tmp_path / "new.db"
    result = cli("init", db, "--labels", labels)
    assert result.code == 2
    line = one_error_line(result.err)
    assert str(labels) in line and "'SAYS' appears twice" in line
    assert not db.exists()
    labels.write_text(json.dumps({"labels": [{"name": "PER", "layer": "entity"}]}), encoding="utf-8")
    assert cli("init", db, "--labels", labels).code == 0  # not "already exists"


def test_init_on_a_fifo_is_refused(cli, tmp_path):
    fifo = tmp_path / "pipe.db"  # init gives a name without an extension one (.annot), so a device is never hit
    os.mkfifo(fifo)
    result = cli("init", fifo)
    assert result.code == 2 and "is a fifo" in one_error_line(result.err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.db"]  # no -journal, -wal beside it


def test_init_file_colon_name_creates_that_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "file:x.db")
    assert result.code == 0
    assert (tmp_path / "file:x.db").exists() and not (tmp_path / "x.db").exists()
    assert cli("stats", "file:x.db").code == 0


def test_two_imports_at_once_report_the_true_total(db, cli, tmp_path, seed_text):
    files = []
    for k in range(2):
        src = tmp_path / f"batch{k}.jsonl"
        src.write_text(
            "".join(
                json.dumps({"id": f"b{k}-{i}", "text": f"{seed_text[:300]} {k} {i}"}, ensure_ascii=False) + "\n"
                for i in range(300)
            ),
            encoding="utf-8",
        )
        files.append(src)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "import", str(db), str(f)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    totals = sorted(int(out.split("; ")[1].split()[0]) for out, _ in outs)
    assert totals[-1] == 20 + 600  # the one that finished last saw both
    assert totals[0] in (20 + 300, 20 + 600)
