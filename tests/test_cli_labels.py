"""Labels a file uses that the scheme lacks: named all at once in the error,
added with ``import --add-labels``, or added beforehand with ``labels``."""

from __future__ import annotations

import json

from tests.cli_helpers import one_error_line, snapshot

CONLL = "-DOCSTART- d1\n\nقال O\nمحمد B-PER\nيوم O\nالأحد B-DATE\n\n"


def test_missing_labels_are_all_named_and_nothing_changes(db, tmp_path, cli):
    f = tmp_path / "train.conll"
    f.write_text(CONLL, encoding="utf-8")
    before = snapshot(db)
    res = cli("import", db, f)
    assert res.code == 2
    line = one_error_line(res.err)
    assert "train.conll" in line and "'PER' (entity)" in line and "'DATE' (entity)" in line and "--add-labels" in line
    assert snapshot(db) == before


def test_add_labels_adds_them_with_colours_and_no_hotkey(db, tmp_path, cli):
    f = tmp_path / "train.conll"
    f.write_text(CONLL, encoding="utf-8")
    res = cli("import", db, f, "--add-labels")
    assert res.code == 0, res.err
    assert "added 2 labels to the scheme: 'PER' (entity), 'DATE' (entity)" in res.out
    listing = cli("labels", db).out
    rows = {tuple(row.split("\t")[:2]): row.split("\t") for row in listing.splitlines()}
    assert rows[("entity", "PER")][3] == "" and rows[("entity", "DATE")][2].startswith("#")
    assert rows[("entity", "PER")][2] != rows[("entity", "DATE")][2]
    stats = json.loads(cli("stats", db, "--json").out)
    assert stats["by_label"] == {"PER": 1, "DATE": 1}
    # a second import of a file with the same labels needs no flag
    g = tmp_path / "dev.conll"
    g.write_text(CONLL.replace("d1", "d2").replace("قال", "قالت"), encoding="utf-8")
    assert cli("import", db, g).code == 0


def test_labels_add_and_from_file(db, tmp_path, cli):
    res = cli("labels", db, "--add", "EVENT", "--add", "PERSON", "--layer", "entity")
    assert res.code == 0, res.err
    assert "added 1 labels" in res.out and "'EVENT' (entity)" in res.out
    res = cli("labels", db, "--add", "Agent", "--layer", "relation")
    assert res.code == 0 and "relation\tAgent" in cli("labels", db).out
    scheme = tmp_path / "more.json"
    scheme.write_text(
        json.dumps(
            {
                "labels": [{"name": "DATE", "layer": "number", "color": "#123456", "hotkey": "1"}],
                "relations": [{"name": "CAUSE"}],
            }
        ),
        encoding="utf-8",
    )
    res = cli("labels", db, "--from", scheme)
    assert res.code == 0, res.err
    listing = cli("labels", db).out
    assert "number\tDATE\t#123456\t\n" in listing  # hotkey 1 is PERSON's already
    assert "relation\tCAUSE" in listing
    res = cli("labels", db, "--add", "X", "--layer", "sentiment")
    assert res.code == 2 and "unknown layer" in one_error_line(res.err)


def test_a_label_goes_to_its_layer_in_the_project_scheme(db, tmp_path, cli):
    """A project that keeps DATE on the number layer: a CoNLL B-DATE lands there."""
    assert cli("labels", db, "--add", "DATE", "--layer", "number").code == 0
    f = tmp_path / "d.conll"
    f.write_text("-DOCSTART- d9\n\nيوم O\nالأحد B-DATE\n\n", encoding="utf-8")
    res = cli("import", db, f)
    assert res.code == 0, res.err
    assert json.loads(cli("stats", db, "--json").out)["by_layer"] == {"number": 1}
