"""A project moved through JSONL keeps its rejected suggestions when asked
to (--include-rejected), so prelabel in the new project does not propose
again what a person turned down; token formats refuse the flag."""

from __future__ import annotations

import json

from annotator.store import Project


def reject_a_number_suggestion(db, tmp_path, cli) -> None:
    """Import document ``n`` with one number, prelabel it, and turn the
    suggestion down as a person would."""
    (tmp_path / "n.txt").write_text("قُتل 43 شخصاً", encoding="utf-8")
    assert cli("import", db, tmp_path / "n.txt").code == 0
    assert cli("prelabel", db).code == 0
    with Project.open(db) as p:
        span = p.spans("n", statuses=("suggested",))[0]
        p.update_span("n", span.id, who="amira", status="rejected")


def test_rejected_suggestions_travel_through_jsonl(db, tmp_path, cli):
    assert cli("prelabel", db).code == 0
    with Project.open(db) as p:
        doc = p.document_ids()[0]
    reject_a_number_suggestion(db, tmp_path, cli)

    out = tmp_path / "x.jsonl"
    assert cli("export", db, "--format", "jsonl", "--out", out, "--include-suggested", "--include-rejected").code == 0
    statuses = [s["status"] for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]]
    assert statuses == ["rejected"]

    moved = tmp_path / "moved.db"
    assert cli("init", moved).code == 0
    assert cli("import", moved, out).code == 0
    assert cli("prelabel", moved).code == 0
    with Project.open(moved) as p:
        assert [s.status for s in p.spans("n", statuses=None)] == ["rejected"]  # not proposed again
        assert p.has_document(doc)


def test_without_the_flag_rejected_spans_stay_home(db, tmp_path, cli):
    reject_a_number_suggestion(db, tmp_path, cli)
    out = tmp_path / "x.jsonl"
    assert cli("export", db, "--format", "jsonl", "--out", out, "--include-suggested").code == 0
    assert all(not json.loads(line)["spans"] for line in out.read_text(encoding="utf-8").splitlines())


def test_token_formats_refuse_rejected_spans(db, tmp_path, cli):
    r = cli("export", db, "--format", "conll", "--out", tmp_path / "x.conll", "--include-rejected")
    assert r.code == 2
    assert r.err.startswith("error: --include-rejected goes with --format jsonl only") and r.err.count("\n") == 1
    assert not (tmp_path / "x.conll").exists()
