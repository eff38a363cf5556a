"""Every bad input of the foundation issue: exit 2, exactly one ``error:``
line on stderr, and the project byte-identical afterwards."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from tests.cli_helpers import one_error_line, rows, snapshot

GOOD = {"id": "g1", "text": "قالت وزارة الصحة في طرابلس"}


def jsonl(*docs: dict) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def span(start: int, end: int, label: str = "GPE", layer: str = "entity", **kw) -> dict:
    return {
        "id": kw.pop("id", f"s{start}"),
        "start": start,
        "end": end,
        "label": label,
        "layer": layer,
        "annotator": "amira",
        **kw,
    }


# name -> (file name, bytes, what the error must mention)
BAD_FILES = {
    "empty file": ("empty.txt", b"", "empty"),
    "binary file": ("photo.txt", bytes(range(256)) * 8, "binary"),
    "invalid UTF-8 mid-file": ("broken.txt", "مرحبا بكم".encode() + b"\xff\xfe" + "في ليبيا".encode(), "byte 17"),
    "truncated JSONL line": (
        "three.jsonl",
        (jsonl(GOOD) + '{"id": "g2", "text": "نص مقطو\n' + jsonl({"id": "g3", "text": "ثالث"})).encode(),
        "line 2",
    ),
    "span outside its text": ("out.jsonl", jsonl({**GOOD, "spans": [span(20, 40)]}).encode(), "outside the text"),
    "unknown label": ("label.jsonl", jsonl({**GOOD, "spans": [span(0, 4, label="WEAPON")]}).encode(), "'WEAPON'"),
    "unknown layer": (
        "layer.jsonl",
        jsonl({**GOOD, "spans": [span(0, 4, layer="sentiment")]}).encode(),
        "unknown layer",
    ),
    "start >= end": ("empty-span.jsonl", jsonl({**GOOD, "spans": [span(5, 5)]}).encode(), "not before end"),
    "negative start": ("negative.jsonl", jsonl({**GOOD, "spans": [span(-3, 4)]}).encode(), "negative"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_changes_nothing(case, db, tmp_path, cli):
    name, data, mention = BAD_FILES[case]
    bad = tmp_path / name
    bad.write_bytes(data)
    before = snapshot(db)
    result = cli("import", db, bad)
    assert result.code == 2
    line = one_error_line(result.err)
    assert name in line and mention in line
    assert snapshot(db) == before


def test_bad_file_among_good_ones_imports_none_of_them(db, tmp_path, cli):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("نص جيد", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"\xd9\x86\xd8\xb5 \xff")
    (tmp_path / "in" / "c.txt").write_text("نص جيد آخر", encoding="utf-8")
    before = snapshot(db)
    result = cli("import", db, tmp_path / "in")
    assert result.code == 2
    assert "b.txt, byte 5" in one_error_line(result.err)
    assert snapshot(db) == before


def test_error_names_the_span_and_document(db, tmp_path, cli):
    bad = tmp_path / "x.jsonl"
    bad.write_text(jsonl(GOOD, {"id": "doc-9", "text": "قصير", "spans": [span(1, 99, id="s-far")]}), encoding="utf-8")
    line = one_error_line(cli("import", db, bad).err)
    assert "line 2" in line and "'doc-9'" in line and "'s-far'" in line


def test_database_that_is_not_sqlite(tmp_path, cli):
    fake = tmp_path / "notes.db"
    fake.write_text("these are my notes, not a database\n" * 50)
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    before = fake.read_bytes()
    for args in (
        ("import", fake, tmp_path / "a.txt"),
        ("stats", fake),
        ("export", fake, "--format", "jsonl", "--out", tmp_path / "o.jsonl"),
    ):
        result = cli(*args)
        assert result.code == 2, args
        assert "not an SQLite project file" in one_error_line(result.err)
    assert fake.read_bytes() == before
    assert not (tmp_path / "o.jsonl").exists()


def test_sqlite_file_that_is_not_a_project(tmp_path, cli):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table birds (name text)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    result = cli("import", other, tmp_path / "a.txt")
    assert result.code == 2
    assert "not an annotator project" in one_error_line(result.err)
    assert other.read_bytes() == before


def test_empty_database_file_is_not_a_project(tmp_path, cli):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = cli("stats", empty)
    assert result.code == 2 and "empty file" in one_error_line(result.err)
    assert empty.read_bytes() == b""


def test_newer_schema_is_refused_not_migrated(db, tmp_path, cli):
    conn = sqlite3.connect(db)
    conn.execute("update meta set value = '99' where key = 'schema_version'")
    conn.commit()
    conn.close()
    before = snapshot(db)
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    for args in (
        ("import", db, tmp_path / "a.txt"),
        ("stats", db),
        ("export", db, "--format", "jsonl", "--out", tmp_path / "o.jsonl"),
    ):
        result = cli(*args)
        assert result.code == 2
        assert "newer annotator (schema 99" in one_error_line(result.err)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "args",
    [
        ("import", "{db}", "{tmp}/nowhere.txt"),
        ("import", "{tmp}/nowhere.db", "{tmp}/first.txt"),
        ("stats", "{tmp}/nowhere.db"),
        ("export", "{tmp}/nowhere.db", "--format", "jsonl", "--out", "{tmp}/o.jsonl"),
    ],
)
def test_path_that_does_not_exist(args, db, tmp_path, cli):
    before = snapshot(db)
    result = cli(*(a.format(db=db, tmp=tmp_path) for a in args))
    assert result.code == 2
    assert "nowhere" in one_error_line(result.err)
    assert snapshot(db) == before
    assert not (tmp_path / "nowhere.db").exists()


def test_unknown_format_and_bad_options(db, tmp_path, cli):
    for args in (
        ("export", db, "--format", "docx", "--out", tmp_path / "o"),
        ("export", db, "--format", "jsonl", "--out", tmp_path / "o", "--split", "train=0.9,test=0.3"),
        ("export", db, "--format", "jsonl", "--out", tmp_path / "o", "--annotator", "nobody"),
        ("import", db, tmp_path / "first.txt", "--format", "docx"),
        ("init", db),
    ):
        result = cli(*args)
        assert result.code == 2, args
        one_error_line(result.err)


def test_locked_database_waits_then_fails_cleanly(db, tmp_path, cli, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_BUSY_TIMEOUT_MS", "300")
    (tmp_path / "new.txt").write_text("وثيقة جديدة", encoding="utf-8")
    before = rows(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        t0 = time.perf_counter()
        result = cli("import", db, tmp_path / "new.txt")
        waited = time.perf_counter() - t0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.code == 2
    assert "locked by another writer" in one_error_line(result.err)
    assert waited >= 0.25  # it waited for the busy timeout before giving up
    assert rows(db) == before
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # once the other writer is done the same command works
    assert cli("import", db, tmp_path / "new.txt").code == 0


def test_reader_does_not_block_on_a_writer(db, cli):
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = cli("stats", db, "--json")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.code == 0 and json.loads(result.out)["documents"] == 1
