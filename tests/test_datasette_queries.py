"""The canned Datasette queries in docs/datasette-metadata.yml run on a real
project and give the figures the store gives (checked with plain sqlite3,
read-only, as Datasette opens the file)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from annotator.model import Document, Relation, Span

yaml = pytest.importorskip("yaml")
METADATA = Path(__file__).resolve().parent.parent / "docs" / "datasette-metadata.yml"


@pytest.fixture
def demo(project):
    text = "قال المسؤولُ الليبيّ إنّ ٤٣ شخصاً قتلوا في طرابلس"
    project.add_document(Document(id="d1", text=text, status="done"))
    project.add_document(Document(id="d2", text="نص آخر بلا شيء"))
    c = project.add_span(
        "d1",
        Span(start=0, end=len(text), label="CLAIM", layer="claim", annotator="amira", attrs={"certainty": "reported"}),
        who="amira",
    )
    i = text.index("المسؤول")
    e = project.add_span("d1", Span(start=i, end=i + 8, label="PERSON", layer="entity", annotator="amira"), who="amira")
    project.add_span(
        "d1",
        Span(
            start=i, end=i + 8, label="PERSON", layer="entity", annotator="omar", status="suggested", source="prelabel"
        ),
        who="omar",
    )
    project.add_relation("d1", Relation(head=c.id, tail=e.id, label="SOURCE", annotator="amira"), who="amira")
    return project


def queries() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["demo"]["queries"]


def run(project, name: str, **params) -> list[dict]:
    conn = sqlite3.connect(f"{project.path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(queries()[name]["sql"], params)]
    finally:
        conn.close()


def test_every_query_has_a_title_and_runs(demo):
    for name, q in queries().items():
        assert q["title"]
        params = {p: "مسؤول" for p in re.findall(r":(\w+)", q["sql"])}
        run(demo, name, **params)


def test_spans_per_label_matches_stats(demo):
    rows = {(r["layer"], r["label"]): r for r in run(demo, "spans_per_label")}
    stats = demo.stats()
    assert sum(r["spans"] for r in rows.values()) == stats["spans"]
    assert rows[("entity", "PERSON")]["spans"] == 2 and rows[("entity", "PERSON")]["suggested"] == 1


def test_progress_per_annotator(demo):
    rows = {r["annotator"]: r for r in run(demo, "progress_per_annotator")}
    assert rows["amira"]["accepted"] == 2 and rows["amira"]["edits"] == 3
    assert rows["omar"]["suggested"] == 1


def test_claims_show_their_source(demo):
    [row] = run(demo, "claims")
    assert row["source"] == "المسؤولُ" and row["certainty"] == "reported"
    assert row["claim"] == demo.document_text("d1")


def test_search_ignores_tashkeel_and_hamza_forms(demo):
    for word in ("مسؤول", "المسؤولِ", "مسئول"):
        assert [r["doc_id"] for r in run(demo, "search", word=word)] == ["d1"]
    assert run(demo, "search", word='" OR "') == []
