"""The batch tokenizer of the column writers gives, document by document,
exactly the tokens, offsets and tags of :func:`annotator.formats.tokenized.tag`
(and the same reports), on the hostile sample documents and on random
documents with random spans (edges inside words, in white space, nested,
overlapping, duplicated)."""

from __future__ import annotations

import logging

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.token_columns import tokenize_batch
from annotator.formats import ExportOptions
from annotator.formats.tokenized import label_names, tag
from annotator.model import Document, Scheme, Span
from tests.reliability.test_roundtrip_properties import FAST, documents
from tests.unit.formats.samples import seed_document, tricky_document

LAYERS = ["entity", "number", "claim"]


def _names() -> dict[str, list[str]]:
    scheme = Scheme.default()
    return {layer: label_names(scheme, layer) for layer in LAYERS}


def _collecting() -> ExportOptions:
    return ExportOptions(extra={"problems": []})


def assert_same_as_tag(docs: list[Document]) -> None:
    names = _names()
    batch_opts = _collecting()
    got = tokenize_batch(docs, LAYERS, names, batch_opts)
    expected_reports = []
    for d, doc in enumerate(docs):
        a, z = int(got.offsets[d]), int(got.offsets[d + 1])
        for layer in LAYERS:
            want = tag(doc, [layer], None, with_sentences=False)
            assert got.texts[a:z].to_pylist() == want.texts(), doc.id
            assert list(zip(got.starts[a:z].tolist(), got.ends[a:z].tolist(), strict=True)) == want.tokens, doc.id
            assert [names[layer][c] for c in got.tags[layer][a:z]] == want.tags[layer], (doc.id, layer)
    # the batch reports what tag reports, in document order
    for doc in docs:
        sink = _collecting()
        tag(doc, LAYERS, sink, with_sentences=False)
        expected_reports += sink.extra["problems"]
    assert batch_opts.extra["problems"] == expected_reports


def test_samples_match_tag(caplog):
    caplog.set_level(logging.ERROR)
    assert_same_as_tag([seed_document(), tricky_document()])


def test_empty_texts_and_documents_without_spans():
    assert_same_as_tag(
        [Document(id="a", text=""), Document(id="b", text="في طرابلس"), Document(id="c", text="  \r\n ")]
    )


def test_spans_over_white_space_alone():
    white = Span(id="w", start=0, end=2, label="LOC", layer="entity", annotator="amira")
    assert_same_as_tag([Document(id="a", text="  \u200f", spans=[white])])
    assert_same_as_tag([Document(id="a", text="  \u200f", spans=[white]), Document(id="b", text="في طرابلس")])


def test_span_edge_inside_a_word_cuts_only_that_occurrence():
    text = "قال وليبيا ثم وليبيا"
    second = text.rindex("ليبيا")
    doc = Document(
        id="d",
        text=text,
        spans=[Span(id="s", start=second + 1, end=second + 4, label="GPE", layer="entity", annotator="amira")],
    )
    assert_same_as_tag([doc, Document(id="e", text=text)])


@settings(FAST, max_examples=60)
@given(st.lists(documents(), min_size=1, max_size=4))
def test_random_batches_match_tag(docs):
    logging.getLogger("annotator.export").disabled = True
    try:
        assert_same_as_tag(docs)
    finally:
        logging.getLogger("annotator.export").disabled = False
