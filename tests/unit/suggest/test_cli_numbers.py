"""`annotator numbers` and `annotator prelabel` from the command line."""

import io
import json
import sys


def test_numbers_prints_one_json_object_a_line(tmp_path, cli, seed_text):
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_text.encode("utf-8"))
    r = cli("numbers", path)
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert all(set(row) == {"start", "end", "surface", "value", "kind"} for row in rows)
    assert all(seed_text[row["start"] : row["end"]] == row["surface"] for row in rows)
    assert {"surface": "ثلث", "value": 1 / 3, "kind": "fraction"}.items() <= rows[0].items()
    assert [row["surface"] for row in rows if row["kind"] == "year"] == ["2016", "2018", "2017", "2018"]


def test_numbers_reads_stdin_and_cp1256(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("قتل ٤٣ شخصا عام 2016".encode())))
    r = cli("numbers", "-")
    assert r.code == 0, r.err
    assert [json.loads(line)["value"] for line in r.out.splitlines()] == [43, 2016]

    legacy = tmp_path / "old.txt"
    legacy.write_bytes("أصيب ثلاثة وعشرون شخصا".encode("cp1256"))
    r = cli("numbers", legacy)
    assert json.loads(r.out) == {"start": 5, "end": 17, "surface": "ثلاثة وعشرون", "value": 23, "kind": "cardinal"}


def test_numbers_on_a_missing_file_is_one_error_line(tmp_path, cli):
    r = cli("numbers", tmp_path / "nope.txt")
    assert r.code == 2
    assert r.err.startswith("error: ") and "nope.txt" in r.err and len(r.err.strip().splitlines()) == 1


def test_prelabel_command(tmp_path, cli, seed_text):
    db = tmp_path / "p.db"
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    assert cli("init", db).code == 0
    assert cli("import", db, seed).code == 0
    r = cli("prelabel", db, "--doc", "seed")
    assert r.code == 0, r.err
    assert "added 14 number suggestions to 1 document in" in r.out
    assert "added 0 number suggestions" in cli("prelabel", db).out

    from annotator.store import Project

    with Project.open(db, readonly=True) as project:
        spans = project.spans("seed", layer="number")
        assert len(spans) == 14 and {s.source for s in spans} == {"prelabel"}


def test_prelabel_of_an_unknown_document_changes_nothing(tmp_path, cli, seed_text):
    db = tmp_path / "p.db"
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    cli("init", db)
    cli("import", db, seed)
    r = cli("prelabel", db, "--doc", "seed", "--doc", "missing")
    assert r.code == 2 and r.err.startswith("error: ") and "missing" in r.err
    r = cli("stats", db, "--json")
    assert json.loads(r.out)["spans"] == 0
