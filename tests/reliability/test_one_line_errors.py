"""Hostile JSON, wrong types and damaged project files give one ``error:``
line naming the file (and line or field), exit 2, and an unchanged
project, never a traceback."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli_helpers import one_error_line, snapshot

BIG = "7" * 5000
SPAN = '{"start": 0, "end": 1, "label": "PERSON", "layer": "entity", "annotator": "x"%s}'


def _ls(result: object) -> str:
    """A Label Studio export: one task on ``abc`` whose one annotation has ``result``."""
    return json.dumps([{"data": {"text": "abc"}, "annotations": [{"result": result}]}])


def _region(kind: str, from_name: str, value: object) -> dict:
    """One Label Studio result region on the text."""
    return {"type": kind, "id": "r1", "from_name": from_name, "to_name": "text", "value": value}


CASES = {
    # name: (format, file name, content, words in the error)
    "jsonl lone surrogate in text": (
        "jsonl",
        "a.jsonl",
        '{"id": "a", "text": "ab\\ud800c"}\n',
        "text holds a lone surrogate",
    ),
    "jsonl lone surrogate in meta": (
        "jsonl",
        "a.jsonl",
        '{"id": "a", "text": "abc", "meta": {"k": "\\udfff"}}\n',
        "meta.k",
    ),
    "jsonl lone surrogate in a meta key": (
        "jsonl",
        "a.jsonl",
        '{"id": "a", "text": "abc", "meta": {"\\ud800": 1}}\n',
        "a key of meta",
    ),
    "jsonl lone surrogate in attrs": (
        "jsonl",
        "a.jsonl",
        '{"id": "a", "text": "abc", "spans": [' + SPAN % ', "attrs": {"n": "\\udc00"}' + "]}\n",
        "spans[0].attrs.n",
    ),
    "jsonl huge integer in meta": (
        "jsonl",
        "a.jsonl",
        '{"id": "a", "text": "abc", "meta": {"n": ' + BIG + "}}\n",
        "a number of 5000 digits",
    ),
    "jsonl huge integer as an offset": (
        "jsonl",
        "a.jsonl",
        '{"id": "a", "text": "abc", "spans": [{"start": ' + BIG + ', "end": 1}]}\n',
        "a number of 5000 digits",
    ),
    "doccano relations a number": (
        "doccano",
        "a.jsonl",
        '{"text": "abc", "label": [[0, 1, "PERSON"]], "relations": 5}\n',
        "relations: Input should be a valid list",
    ),
    "doccano lone surrogate": ("doccano", "a.jsonl", '{"text": "ab\\ud800", "label": []}\n', "lone surrogate"),
    "doccano huge integer": (
        "doccano",
        "a.jsonl",
        '{"text": "abc", "label": [[0, ' + BIG + ', "PERSON"]]}\n',
        "5000 digits",
    ),
    "doccano nested too deeply": (
        "doccano",
        "a.jsonl",
        '{"text": "abc", "label": ' + "[" * 100_000 + "}\n",
        "nested too deeply",
    ),
    "label studio value a string": (
        "label-studio",
        "a.json",
        _ls([{"type": "labels", "value": "x", "from_name": "label", "to_name": "text"}]),
        "annotations[0].result[0].value",
    ),
    "label studio result a number": (
        "label-studio",
        "a.json",
        _ls(5),
        "annotations[0].result",
    ),
    "label studio annotations a dict": (
        "label-studio",
        "a.json",
        json.dumps([{"data": {"text": "abc"}, "annotations": {"a": 1}}]),
        "annotations",
    ),
    "label studio predictions a number": (
        "label-studio",
        "a.json",
        json.dumps([{"data": {"text": "abc"}, "predictions": 7}]),
        "predictions",
    ),
    "label studio labels a number": (
        "label-studio",
        "a.json",
        _ls([_region("labels", "label", {"start": 0, "end": 1, "text": "a", "labels": 5})]),
        "value.labels",
    ),
    "label studio labels nested lists": (
        "label-studio",
        "a.json",
        _ls([_region("labels", "label", {"start": 0, "end": 1, "text": "a", "labels": [["PERSON"]]})]),
        "value.labels[0]",
    ),
    "label studio relation labels a dict": (
        "label-studio",
        "a.json",
        _ls([{"type": "relation", "from_id": "a", "to_id": "b", "labels": {"x": 1}}]),
        "result[0].labels",
    ),
    "label studio textarea text a number": (
        "label-studio",
        "a.json",
        _ls([_region("textarea", "value", {"text": 5})]),
        "value.text",
    ),
    "label studio JSON-MIN labels a number": (
        "label-studio",
        "a.json",
        json.dumps([{"text": "abc", "label": [{"start": 0, "end": 1, "labels": 5}]}]),
        "label[0], labels",
    ),
    "label studio huge integer": (
        "label-studio",
        "a.json",
        '[{"data": {"text": "abc", "n": ' + BIG + "}}]",
        "5000 digits",
    ),
    "label studio lone surrogate": ("label-studio", "a.json", '[{"data": {"text": "ab\\ud800"}}]', "lone surrogate"),
    "conll only -DOCSTART-": ("conll", "a.conll", "-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n", "only -DOCSTART-"),
}


@pytest.fixture
def db(tmp_path, cli):
    path = tmp_path / "p.db"
    assert cli("init", path).code == 0
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_gives_one_line(db, cli, tmp_path, case):
    fmt, name, content, words = CASES[case]
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    before = snapshot(db)
    result = cli("import", db, src, "--format", fmt)
    assert result.code == 2, result.out
    line = one_error_line(result.err)
    assert str(src) in line and words in line, line
    if fmt in ("jsonl", "doccano"):
        assert f"{src}, line 1:" in line
    assert snapshot(db) == before


def _brat(tmp_path: Path, note: str) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("abc", encoding="utf-8")
    (folder / "a.ann").write_text(f"T1\tPERSON 0 1\ta\n#1\tAnnotatorNotes T1\t{note}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "note,words", [('{"x": "\\ud800"}', "lone surrogate"), ('{"a": ' + "[" * 100_000, "nested too deeply")]
)
def test_brat_note_gives_one_line_naming_the_file(db, cli, tmp_path, note, words):
    folder = _brat(tmp_path, note)
    before = snapshot(db)
    result = cli("import", db, folder, "--format", "brat")
    assert result.code == 2
    line = one_error_line(result.err)
    assert f"{folder / 'a.ann'}, line 2:" in line and words in line
    assert snapshot(db) == before


def test_a_scheme_file_nested_too_deeply_is_named(tmp_path, cli):
    labels = tmp_path / "labels.json"
    labels.write_text("[" * 100_000, encoding="utf-8")
    result = cli("init", tmp_path / "new.db", "--labels", labels)
    assert result.code == 2 and str(labels) in one_error_line(result.err)


def test_a_long_digit_run_is_no_number(tmp_path, cli, caplog):
    src = tmp_path / "n.txt"
    src.write_text(f"العدد {BIG} و٤٣ شخصاً", encoding="utf-8")
    result = cli("numbers", src)
    assert result.code == 0 and "Traceback" not in result.err
    found = [json.loads(line) for line in result.out.splitlines()]
    assert [m["value"] for m in found] == [43]
    assert "5000 digits is too long to be a number" in caplog.text  # a warning on stderr


def test_prelabel_on_a_long_digit_run(db, cli, tmp_path):
    src = tmp_path / "n.txt"
    src.write_text(f"العدد {BIG} و٤٣ شخصاً", encoding="utf-8")
    assert cli("import", db, src).code == 0
    result = cli("prelabel", db)
    assert result.code == 0, result.err
    assert "added 1 number suggestion " in result.out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("value", ["'abc'", "''", "'1.5'", "NULL", "x'01'", "'-1'", "-1", "0.5"])
@pytest.mark.parametrize("command", ["stats", "import"])
def test_an_edited_schema_version_gives_one_line(db, cli, tmp_path, value, command):
    conn = sqlite3.connect(db)
    conn.execute(f"update meta set value = {value} where key = 'schema_version'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    src = tmp_path / "t.txt"
    src.write_text("نص", encoding="utf-8")
    before = sha(db)
    result = cli(command, db, *([src] if command == "import" else []))
    assert result.code == 2
    assert "meta.schema_version is" in one_error_line(result.err)
    assert sha(db) == before


FOREIGN = {
    "a view named meta": ["create view meta as select 1 as x"],
    "a view named meta with a version": [
        "create table t (a)",
        "create view meta as select 'schema_version' as key, '1' as value",
    ],
    "another application's meta table saying 1": [
        "create table meta (key text primary key, value text)",
        "insert into meta values ('schema_version', '1')",
        "create table settings (k, v)",
    ],
}


@pytest.mark.parametrize("case", sorted(FOREIGN))
@pytest.mark.parametrize("command", ["stats", "import", "export", "init"])
def test_a_foreign_sqlite_file_is_refused_without_a_byte_changed(cli, tmp_path, case, command):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    for sql in FOREIGN[case]:
        conn.execute(sql)
    conn.commit()
    conn.close()
    src = tmp_path / "t.txt"
    src.write_text("نص", encoding="utf-8")
    before = sha(path)
    args = {"stats": [], "import": [src], "export": ["--format", "jsonl", "--out", tmp_path / "o.jsonl"], "init": []}[
        command
    ]
    result = cli(command, path, *args)
    assert result.code == 2
    line = one_error_line(result.err)
    assert "not an annotator project" in line or "already exists" in line
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db", "t.txt"]  # no -wal, -shm, -journal


def test_xmi_export_of_text_with_control_characters(db, cli, tmp_path, caplog):
    text = "نص\x0cفيه\x07تحكم\ufffe وليبيا\x1f"
    src = tmp_path / "cc.jsonl"
    start = text.index("ليبيا")
    src.write_text(
        json.dumps(
            {
                "id": "a\x01b",
                "text": text,
                "spans": [{"start": start, "end": start + 5, "label": "GPE", "layer": "entity", "annotator": "x"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert cli("import", db, src).code == 0
    out = tmp_path / "xmi"
    result = cli("export", db, "--format", "xmi", "--out", out)
    assert result.code == 0, result.err
    assert "written as spaces" in caplog.text  # a warning on stderr
    from cassis import load_cas_from_xmi, load_typesystem

    with open(out / "TypeSystem.xml", "rb") as fh:
        ts = load_typesystem(fh)
    [xmi] = out.glob("*.xmi")
    with open(xmi, "rb") as fh:
        cas = load_cas_from_xmi(fh, typesystem=ts)
    assert len(cas.sofa_string) == len(text)
    [ne] = cas.select("de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity")
    assert ne.get_covered_text() == "ليبيا"
