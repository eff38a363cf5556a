"""What an export writes: selection by annotator, gold, layer, status and
suggestions; deterministic splits that never move old documents."""

from __future__ import annotations

import json

import pytest

from annotator.errors import AnnotatorError
from annotator.export.run import export
from annotator.export.selection import Selection
from annotator.export.splits import assign_splits, parse_split, split_of
from annotator.model import Document, Span

TEXT = "قال الوزير في طرابلس إن ٤٣ شخصاً قتلوا"


def sp(sid, start, end, label, layer, who, status="accepted"):
    return Span(id=sid, start=start, end=end, label=label, layer=layer, annotator=who, status=status)


@pytest.fixture
def filled(project):
    t = TEXT.index("طرابلس")
    n = TEXT.index("٤٣")
    project.add_document(
        Document(
            id="d1",
            text=TEXT,
            status="done",
            spans=[
                sp("a1", t, t + 6, "GPE", "entity", "amira"),
                sp("a2", n, n + 2, "NUMBER", "number", "amira", status="suggested"),
                sp("o1", t, t + 6, "LOC", "entity", "omar"),
                sp("g1", t, t + 6, "GPE", "entity", "gold"),
            ],
        )
    )
    project.add_document(Document(id="d2", text="نص ثان بلا شيء"))
    return project


def spans_of(path):
    return {d["id"]: sorted(s["id"] for s in d["spans"]) for d in map(json.loads, path.read_text("utf-8").splitlines())}


@pytest.mark.parametrize(
    "sel, wanted",
    [
        (Selection(), {"d1": ["a1", "g1", "o1"], "d2": []}),
        (Selection(include_suggested=True), {"d1": ["a1", "a2", "g1", "o1"], "d2": []}),
        (Selection(annotator="amira"), {"d1": ["a1"], "d2": []}),
        (Selection(gold=True), {"d1": ["g1"], "d2": []}),
        (Selection(layer="number", include_suggested=True), {"d1": ["a2"], "d2": []}),
        (Selection(status=("done",)), {"d1": ["a1", "g1", "o1"]}),
    ],
)
def test_selection(filled, tmp_path, sel, wanted):
    counts = export(filled, "jsonl", tmp_path / "o.jsonl", sel)
    assert counts == {"all": len(wanted)}
    assert spans_of(tmp_path / "o.jsonl") == wanted


def test_unknown_annotator_and_layer(filled, tmp_path):
    with pytest.raises(AnnotatorError, match="no annotator 'nobody'"):
        export(filled, "jsonl", tmp_path / "o.jsonl", Selection(annotator="nobody"))
    with pytest.raises(AnnotatorError, match="unknown layer"):
        export(filled, "jsonl", tmp_path / "o.jsonl", Selection(layer="sentiment"))
    with pytest.raises(AnnotatorError, match="unknown export format"):
        export(filled, "docx", tmp_path / "o", Selection())


def test_split_files(filled, tmp_path):
    counts = export(filled, "jsonl", tmp_path / "split", Selection(), split="train=0.5,test=0.5", seed=3)
    assert sum(counts.values()) == 2 and set(counts) == {"train", "test"}
    written = {p.name for p in (tmp_path / "split").iterdir()}
    assert written == {"train.jsonl", "test.jsonl"}


def test_splits_are_deterministic_and_stable():
    ratios = parse_split("train=0.8,dev=0.1,test=0.1")
    ids = [f"doc-{i}" for i in range(2000)]
    first = assign_splits(ids, ratios, seed=7)
    again = assign_splits(list(reversed(ids)), ratios, seed=7)
    assert {n: sorted(g) for n, g in again.items()} == {n: sorted(g) for n, g in first.items()}  # order-free
    assert all(split_of(i, ratios, 7) == name for name, group in first.items() for i in group)
    grown = assign_splits(ids + [f"new-{i}" for i in range(500)], ratios, seed=7)
    assert all(set(first[n]) <= set(grown[n]) for n in ratios)  # old documents never move
    assert 0.75 < len(first["train"]) / 2000 < 0.85
    assert assign_splits(ids, ratios, seed=8) != first


@pytest.mark.parametrize(
    "spec, message",
    [
        ("train=0.8,test=0.3", "add up to 1.1"),
        ("train", "name=ratio"),
        ("train=x", "not a number"),
        ("train=-1,test=2", "negative"),
        ("a=0.5,a=0.5", "twice"),
        ("a=0,b=0", "zero"),
    ],
)
def test_bad_split(spec, message):
    with pytest.raises(AnnotatorError, match=message):
        parse_split(spec)
