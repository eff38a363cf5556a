"""Formats without an annotator field refuse a selection of several
annotators (their spans would collide in one file), and --per-annotator
writes one file or folder each, every one of which re-imports."""

from __future__ import annotations

import json

import pytest

from tests.cli_helpers import one_error_line

TEXT = "قال وزير الصحة في طرابلس إن الوضع مستقر."


def two_annotators(tmp_path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    t = TEXT.index("طرابلس")
    lines = [
        {
            "id": "d1",
            "text": TEXT,
            "spans": [
                {"id": "a1", "start": t, "end": t + 6, "label": "GPE", "layer": "entity", "annotator": "amira"},
                {"id": "o1", "start": t, "end": t + 6, "label": "LOC", "layer": "entity", "annotator": "omar"},
            ],
        }
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    assert cli("import", db, f).code == 0
    return db


@pytest.mark.parametrize("fmt", ["brat", "doccano", "conll", "spacy"])
def test_several_annotators_are_refused_with_the_options(fmt, tmp_path, cli):
    db = two_annotators(tmp_path, cli)
    res = cli("export", db, "--format", fmt, "--out", tmp_path / "out")
    assert res.code == 2
    line = one_error_line(res.err)
    assert "amira, omar" in line and "--annotator NAME" in line and "--gold" in line and "--per-annotator" in line
    assert not (tmp_path / "out").exists()
    assert cli("export", db, "--format", fmt, "--out", tmp_path / "one", "--annotator", "omar").code == 0


@pytest.mark.parametrize("fmt, name", [("brat", "amira"), ("doccano", "amira.jsonl"), ("conll", "amira.conll")])
def test_per_annotator_writes_one_each_and_each_reimports(fmt, name, tmp_path, cli):
    db = two_annotators(tmp_path, cli)
    res = cli("export", db, "--format", fmt, "--out", tmp_path / "out", "--per-annotator")
    assert res.code == 0, res.err
    assert "amira: 1, omar: 1" in res.out
    for who, label in (("amira", "GPE"), ("omar", "LOC")):
        q = tmp_path / f"{who}.db"
        assert cli("init", q).code == 0
        path = tmp_path / "out" / name.replace("amira", who)
        assert cli("import", q, path, "--format", fmt).code == 0
        assert json.loads(cli("stats", q, "--json").out)["by_label"] == {label: 1}


def test_jsonl_keeps_both_annotators_in_one_file(tmp_path, cli):
    db = two_annotators(tmp_path, cli)
    assert cli("export", db, "--format", "jsonl", "--out", tmp_path / "all.jsonl").code == 0
