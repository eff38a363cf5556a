"""The contract's promise in one example: export to JSONL and import into a
new project gives back the same documents, byte for byte."""

from pathlib import Path

from tests.conftest import TRICKY, read_seed


def test_seed_round_trips_through_jsonl(tmp_path: Path, cli):
    db, again, out, out2 = (tmp_path / n for n in ("p.db", "q.db", "x.jsonl", "y.jsonl"))
    assert cli("init", db).code == 0
    assert cli("import", db, Path(__file__).resolve().parents[3] / "seeds").code == 0
    assert cli("export", db, "--format", "jsonl", "--out", out).code == 0
    import json

    doc = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert doc["text"] == read_seed()
    assert cli("init", again).code == 0
    assert cli("import", again, out).code == 0
    assert cli("export", again, "--format", "jsonl", "--out", out2).code == 0
    assert out.read_bytes() == out2.read_bytes()


def test_tricky_text_spans_survive(project):
    from annotator.model import Document, Span

    start = TRICKY.index("وليبيا") + 1
    span = Span(id="s1", start=start, end=start + 5, label="GPE", layer="entity", annotator="amira")
    project.add_document(Document(id="d1", text=TRICKY, spans=[span]))
    got = project.get_document("d1")
    assert got.text == TRICKY
    assert got.spans[0].surface(got.text) == "ليبيا"
