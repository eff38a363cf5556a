"""Exports read the project through ``Project.iter_export_rows`` (plain
attributes, no pydantic model per span); every writer must write the same
bytes from it as from the models ``iter_documents`` gives."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from annotator import formats
from annotator.model import Document, Span
from tests.unit.formats.samples import seed_document, tricky_document

FIELDS = ("id", "start", "end", "label", "layer", "annotator", "status", "source", "attrs")


@pytest.fixture
def filled(project):
    project.add_document(seed_document())
    project.add_document(tricky_document())
    return project


def contents(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    return {"": path.read_bytes()}


@pytest.mark.parametrize("fmt", sorted(formats.WRITERS))
def test_every_writer_writes_the_same_bytes_from_either_path(filled, tmp_path, fmt):
    module = importlib.import_module(formats.WRITERS[fmt])
    if fmt == "checkthat":  # it writes the documents that have a document label
        for doc_id in filled.document_ids():
            text = filled.document_text(doc_id)
            filled.add_span(
                doc_id, Span(start=0, end=len(text), label="CHECKWORTHY", layer="document", annotator="amira"), "amira"
            )
    outs = {}
    for name, docs in (("models", filled.iter_documents()), ("rows", filled.iter_export_rows())):
        out = tmp_path / name / f"out-{fmt}"
        out.parent.mkdir()
        assert module.write(docs, out, formats.ExportOptions(scheme=filled.scheme())) == 2
        outs[name] = contents(out)
    assert outs["models"]
    assert outs["rows"] == outs["models"]


@pytest.mark.parametrize(
    "span_filter", [{}, {"annotator": "amira", "layer": "entity"}, {"layer": "number", "statuses": ("accepted",)}]
)
def test_export_rows_hold_the_models_fields(filled, span_filter):
    models = list(filled.iter_documents(**span_filter))
    rows = list(filled.iter_export_rows(**span_filter))
    assert all(isinstance(d, Document) for d in models)
    assert [d.id for d in rows] == ["libya-airstrikes", "tricky"] == [d.id for d in models]
    for m, r in zip(models, rows, strict=True):
        assert (r.text, r.meta, r.status, r.relations, r.comments) == (
            m.text,
            m.meta,
            m.status,
            m.relations,
            m.comments,
        )
        assert [tuple(getattr(s, f) for f in FIELDS) for s in r.spans] == [
            tuple(getattr(s, f) for f in FIELDS) for s in m.spans
        ]
        assert [(s.key, s.surface(r.text)) for s in r.spans] == [(s.key, s.surface(m.text)) for s in m.spans]
        assert all(isinstance(s, Span) for s in m.spans)


def test_export_rows_follow_the_order_of_ids(filled):
    assert [d.id for d in filled.iter_export_rows(ids=["tricky", "libya-airstrikes"])] == ["tricky", "libya-airstrikes"]
