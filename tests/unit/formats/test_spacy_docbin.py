"""spaCy: the DocBin loads back in spaCy with the document text unchanged,
doc.ents and doc.spans[layer] at exactly the spans' character offsets."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from annotator.formats import ExportOptions, spacy_docbin
from annotator.model import Document, Span
from tests.unit.formats.samples import documents, make_project, outermost, seed_document


def _load(path: Path):
    nlp = spacy.blank("ar")
    return {d.user_data["doc_id"]: d for d in DocBin().from_disk(path).get_docs(nlp.vocab)}


def test_docbin_loads_with_every_span_in_place(tmp_path: Path):
    out = tmp_path / "train.spacy"
    assert spacy_docbin.write(documents(), out, ExportOptions()) == 2
    back = _load(out)
    for doc in documents():
        sdoc = back[doc.id]
        assert sdoc.text == doc.text
        assert {(e.start_char, e.end_char, e.label_) for e in sdoc.ents} == outermost(doc, "entity")
        for layer in ("entity", "number", "claim"):
            assert {(s.start_char, s.end_char, s.label_, s.text) for s in sdoc.spans[layer]} == {
                (s.start, s.end, s.label, s.surface(doc.text)) for s in doc.spans if s.layer == layer
            }


def test_attributes_travel_in_user_data(tmp_path: Path):
    spacy_docbin.write([seed_document()], tmp_path / "s.spacy", ExportOptions())
    sdoc = _load(tmp_path / "s.spacy")["libya-airstrikes"]
    attrs = {(layer, s, e): json.loads(a) for layer, s, e, a in sdoc.user_data["attrs"]}
    n2 = next(s for s in seed_document().spans if s.id == "n2")
    assert attrs[("number", n2.start, n2.end)] == {"value": 43, "kind": "cardinal"}


def test_nested_entity_is_reported_and_kept_in_spans(tmp_path: Path):
    problems: list[str] = []
    spacy_docbin.write([seed_document()], tmp_path / "s.spacy", ExportOptions(extra={"problems": problems}))
    assert len(problems) == 1 and "'e2'" in problems[0]
    sdoc = _load(tmp_path / "s.spacy")["libya-airstrikes"]
    assert "أمريكي" in {s.text for s in sdoc.spans["entity"]} and "أمريكي" not in {e.text for e in sdoc.ents}


def test_span_edges_in_white_space_and_mid_word_still_align(tmp_path: Path):
    text = "في  وليبيا\u200f\r\nطرابلس"
    spans = [
        Span(id="a", start=4, end=10, label="GPE", layer="entity", annotator="x"),  # وليبيا
        Span(id="b", start=5, end=10, label="LOC", layer="entity", annotator="y"),  # mid-word
        Span(id="c", start=3, end=11, label="CLAIM", layer="claim", annotator="x"),  # starts in a double space
        Span(id="d", start=12, end=19, label="CLAIM", layer="claim", annotator="y"),  # starts inside the CRLF
        Span(id="e", start=0, end=3, label="NUMBER", layer="number", annotator="y"),
    ]  # ends after a space
    doc = Document(id="d", text=text, spans=spans)
    spacy_docbin.write([doc], tmp_path / "d.spacy", ExportOptions())
    sdoc = _load(tmp_path / "d.spacy")["d"]
    assert sdoc.text == text
    got = {(s.start_char, s.end_char) for layer in ("entity", "claim") for s in sdoc.spans[layer]}
    assert got == {(4, 10), (5, 10), (3, 11), (12, 19)}
    assert [(s.start_char, s.end_char) for s in sdoc.spans["number"]] == [(0, 3)]


def test_spacy_can_train_on_it(tmp_path: Path):
    from spacy.training import Example

    spacy_docbin.write(documents(), tmp_path / "t.spacy", ExportOptions())
    nlp = spacy.blank("ar")
    ner = nlp.add_pipe("ner")
    docs = list(DocBin().from_disk(tmp_path / "t.spacy").get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    for ex in examples:
        for e in ex.reference.ents:
            ner.add_label(e.label_)
    nlp.initialize(lambda: examples)
    losses = nlp.update(examples)
    assert "ner" in losses


def test_cli_export_with_split(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    res = cli(
        "export", tmp_path / "p.db", "--format", "spacy", "--out", tmp_path / "sp", "--split", "train=0.5,dev=0.5"
    )
    assert res.code == 0, res.err
    files = sorted(p.name for p in (tmp_path / "sp").iterdir())
    assert files == ["dev.spacy", "train.spacy"]
    assert sum(len(_load(tmp_path / "sp" / f)) for f in files) == 2
