"""``annotator backup DB OUT``: a consistent copy through SQLite's online
backup API, also while another process holds the write lock."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli_helpers import one_error_line, rows

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_backup_copies_everything_while_a_writer_is_busy(tmp_path, cli):
    db, out = tmp_path / "p.db", tmp_path / "copy.db"
    assert cli("init", db).code == 0 and cli("import", db, SEEDS).code == 0
    committed = rows(db)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("insert into annotators (name, created) values ('uncommitted', '')")
    try:
        result = cli("backup", db, out)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.code == 0, result.err
    assert rows(out) == committed  # the last commit, not the write in flight
    assert sqlite3.connect(out).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert json.loads(cli("stats", out, "--json").out)["documents"] == 1
    assert not (tmp_path / "copy.db.part").exists()


def test_backup_refuses_to_overwrite_the_project(tmp_path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    result = cli("backup", db, db)
    assert result.code == 2 and "must not overwrite the project" in one_error_line(result.err)
