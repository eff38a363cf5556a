"""Tokens and IOB2 tags of a batch of documents as columns (an Arrow
string array of token texts, numpy arrays of offsets and tag codes), for
the writers of large exports (``hf`` stores the columns, ``conll`` joins
them into lines).

The same tokens and tags as :func:`annotator.formats.tokenized.tag`
gives document by document (a test compares them on hostile and random
documents), computed a batch at a time:

* the texts are cut into space-delimited chunks by Arrow
  (``split_pattern``), the batch's distinct chunks looked up once in the
  tokenizer's chunk cache (:data:`annotator.arabic.tokens.CHUNK_TOKENS`),
  and every token's offsets and text gathered from those entries with
  numpy and ``take``, so no Python code runs per token;
* a span edge strictly inside a token cuts that chunk's entry (the few
  edges that do are found with ``searchsorted``);
* spans that map onto token edges exactly and overlap nothing of their
  layer are tagged with numpy; a document with any other span (an edge in
  white space, a span covering no token, nested or overlapping spans)
  is tagged by :func:`~annotator.formats.tokenized.tag`, which applies the
  rule and reports what it changed.

Written by hand: the tokenization rule is ours (see
:mod:`annotator.formats.tokenized`), and neither Arrow nor numpy has a
segmented tokenizer; this module only moves its per-token loop into C.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter, getitem, itemgetter
from typing import Any

import numpy as np
import pyarrow.compute as pc

from annotator.arabic.tokens import CHUNK_TOKENS, Entry, cut_entry
from annotator.arrow import pa, to_numpy
from annotator.formats.tokenized import label_names, tag

_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_SPANS, _START, _END = attrgetter("spans"), attrgetter("start"), attrgetter("end")
_LABEL, _LAYER = attrgetter("label"), attrgetter("layer")
_I64 = np.int64


class SpanTable:
    """The spans of a batch of documents in document order, as columns:
    ``spans`` (the span objects), ``doc`` (index of the document),
    ``start``/``end`` (in the document), ``labels``/``layers`` (lists)."""

    def __init__(self, docs: Sequence[Any]) -> None:
        per_doc = list(map(_SPANS, docs))
        self.counts = np.fromiter(map(len, per_doc), _I64, len(per_doc))
        self.spans = list(chain.from_iterable(per_doc))
        n = len(self.spans)
        self.doc = np.repeat(np.arange(len(per_doc), dtype=_I64), self.counts)
        self.start = np.fromiter(map(_START, self.spans), _I64, n)
        self.end = np.fromiter(map(_END, self.spans), _I64, n)
        self.labels = list(map(_LABEL, self.spans))
        self.layers = list(map(_LAYER, self.spans))

    def surfaces(self, texts: Sequence[str]) -> list[str]:
        """``text[start:end]`` of every span."""
        return list(
            map(getitem, map(texts.__getitem__, self.doc.tolist()), map(slice, self.start.tolist(), self.end.tolist()))
        )


@dataclass
class BatchTokens:
    """The tokens of a batch of documents, all documents end to end."""

    texts: pa.Array  # token texts (string)
    starts: np.ndarray  # code points into the token's document
    ends: np.ndarray
    offsets: np.ndarray  # tokens before each document (one more entry than documents)
    tags: dict[str, np.ndarray]  # layer -> tag codes (index into names[layer])
    names: dict[str, list[str]]  # layer -> IOB2 tag names
    spans: SpanTable
    doc_base: np.ndarray  # where each document starts with the documents joined by one gap
    joined_starts: np.ndarray  # token starts in the joined documents


def tokenize_batch(
    docs: Sequence[Any],
    layers: Sequence[str],
    names: dict[str, list[str]] | None = None,
    options: Any = None,
    text_array: pa.Array | None = None,
) -> BatchTokens:
    """Tokens of ``docs`` (cut at the edges of all their spans) and one tag
    column per layer, as codes into ``names[layer]`` (the layer's IOB2
    names; a label missing from them raises
    :class:`~annotator.errors.AnnotatorError`). A layer not in ``names``
    gets ``O`` and ``B-``/``I-`` names for the labels its spans use.
    ``text_array``: the texts as an Arrow array, when the caller already
    has it. Documents whose spans :func:`~annotator.formats.tokenized.tag`
    must decide on are tagged (and reported) in document order."""
    texts = [d.text for d in docs]
    arr = pa.array(texts, pa.string()) if text_array is None else text_array
    doc_len = np.fromiter(map(len, texts), _I64, len(texts))
    doc_base = np.zeros(len(texts) + 1, _I64)  # where each document starts, documents joined by one gap
    np.cumsum(doc_len + 1, out=doc_base[1:])

    # chunks: the texts cut at spaces, line breaks made spaces first (as arabic.tokens._chunks does)
    split = pc.split_pattern(pc.replace_substring(pc.replace_substring(arr, "\n", " "), "\r", " "), " ")
    chunks = split.flatten()
    chunk_offsets = to_numpy(split.offsets)
    encoded = pc.dictionary_encode(chunks)
    which = to_numpy(encoded.indices).astype(_I64)
    distinct = encoded.dictionary.to_pylist()
    entries = list(map(CHUNK_TOKENS.__getitem__, distinct))
    chunk_len = np.fromiter(map(len, distinct), _I64, len(distinct))[which]
    chunk_base = np.zeros(len(chunk_len), _I64)  # in the joined documents
    if len(chunk_len) > 1:
        np.cumsum(chunk_len[:-1] + 1, out=chunk_base[1:])

    spans = SpanTable(docs)
    base = doc_base[spans.doc]
    span_start, span_end = spans.start + base, spans.end + base  # in the joined documents
    edges = np.concatenate([span_start, span_end])
    layout = _Layout(entries, which, chunk_base)
    if len(edges) and len(layout.starts):
        k = np.searchsorted(layout.starts, edges, "right") - 1
        inside = (k >= 0) & (layout.starts[np.maximum(k, 0)] < edges) & (edges < layout.ends[np.maximum(k, 0)])
        if inside.any():
            layout = _cut(entries, which, chunk_base, chunks, np.unique(edges[inside]))

    counts = np.diff(layout.chunk_token_offsets[chunk_offsets])
    offsets = np.zeros(len(texts) + 1, _I64)
    np.cumsum(counts, out=offsets[1:])
    token_doc_base = np.repeat(doc_base[:-1], counts)
    texts_array = pa.array(list(chain.from_iterable(map(_THIRD, layout.entries))), pa.string())
    names = dict(names or {})
    tags: dict[str, np.ndarray] = {}
    odd: dict[str, set[int]] = {}
    for layer in layers:
        if layer not in names:
            names[layer] = label_names(
                None, layer, sorted({lab for lab, lay in zip(spans.labels, spans.layers, strict=True) if lay == layer})
            )
        tags[layer], odd[layer] = _tags(docs, spans, span_start, span_end, layer, names[layer], layout)
    for d in sorted(set().union(*odd.values())):  # the rule, with its reports, document by document
        mine = [layer for layer in layers if d in odd[layer]]
        got = tag(docs[d], mine, options, with_sentences=False).tags
        a, z = int(offsets[d]), int(offsets[d + 1])
        for layer in mine:
            if len(got[layer]) != z - a:
                raise AssertionError(f"document {docs[d].id!r}: {len(got[layer])} tokens by tag, {z - a} in the batch")
            index = {name: k for k, name in enumerate(names[layer])}
            tags[layer][a:z] = [index[t] for t in got[layer]]
    return BatchTokens(
        texts_array.take(pa.array(layout.gather)),
        layout.starts - token_doc_base,
        layout.ends - token_doc_base,
        offsets,
        tags,
        names,
        spans,
        doc_base,
        layout.starts,
    )


class _Layout:
    """Where every token of the batch comes from: ``gather`` indexes the
    entries' tokens laid end to end; ``starts``/``ends`` are offsets in the
    joined documents."""

    def __init__(self, entries: list[Entry], which: np.ndarray, chunk_base: np.ndarray) -> None:
        self.entries = entries
        per_entry = np.fromiter(map(len, map(_FIRST, entries)), _I64, len(entries))
        entry_first = np.zeros(len(entries), _I64)
        if len(entries) > 1:
            np.cumsum(per_entry[:-1], out=entry_first[1:])
        per_chunk = per_entry[which]
        self.chunk_token_offsets = np.zeros(len(which) + 1, _I64)
        np.cumsum(per_chunk, out=self.chunk_token_offsets[1:])
        total = int(self.chunk_token_offsets[-1])
        # token t of the batch is token (t - first token of its chunk) of its chunk's entry
        self.gather = np.repeat(entry_first[which] - self.chunk_token_offsets[:-1], per_chunk) + np.arange(total)
        rel_starts = np.fromiter(chain.from_iterable(map(_FIRST, entries)), _I64, int(per_entry.sum()))
        rel_ends = np.fromiter(chain.from_iterable(map(_SECOND, entries)), _I64, len(rel_starts))
        base = np.repeat(chunk_base, per_chunk)
        self.starts = base + rel_starts[self.gather]
        self.ends = base + rel_ends[self.gather]


def _cut(
    entries: list[Entry], which: np.ndarray, chunk_base: np.ndarray, chunks: pa.Array, cuts: np.ndarray
) -> _Layout:
    """The layout again with each chunk holding a cut given an entry of its
    own (its tokens cut there, as :class:`~annotator.arabic.tokens.TokenTable` does)."""
    entries = list(entries)
    which = which.copy()
    chunk_of = np.searchsorted(chunk_base, cuts, "right") - 1
    for c in np.unique(chunk_of).tolist():
        rel = (cuts[chunk_of == c] - chunk_base[c]).tolist()
        entries.append(cut_entry(chunks[c].as_py(), entries[which[c]], rel))
        which[c] = len(entries) - 1
    return _Layout(entries, which, chunk_base)


def _tags(
    docs: Sequence[Any],
    table: SpanTable,
    span_start: np.ndarray,
    span_end: np.ndarray,
    layer: str,
    names: list[str],
    layout: _Layout,
) -> tuple[np.ndarray, set[int]]:
    """Tag codes of one layer for the batch, and the documents left to
    ``tag`` (any span not exactly on tokens, or overlapping another of the
    layer); their codes are left ``O``. ``span_start``/``span_end``: the
    spans of ``table`` in the joined documents."""
    codes = np.zeros(len(layout.starts), _I64)
    mine: slice | np.ndarray  # which of the table's spans are of the layer
    if all(map(layer.__eq__, table.layers)):
        mine, labels = slice(None), table.labels
    else:
        keep = np.fromiter(map(layer.__eq__, table.layers), bool, len(table.layers))
        mine, labels = keep, list(compress(table.labels, keep.tolist()))
    if not labels:
        return codes, set()
    b_of = {name[2:]: i for i, name in enumerate(names) if name.startswith("B-")}
    i_of = {name[2:]: i for i, name in enumerate(names) if name.startswith("I-")}
    try:
        b_code = np.fromiter(map(b_of.__getitem__, labels), _I64, len(labels))
        i_code = np.fromiter(map(i_of.__getitem__, labels), _I64, len(labels))
    except KeyError as exc:
        from annotator.errors import AnnotatorError

        doc = docs[int(table.doc[mine][labels.index(exc.args[0])])]
        raise AnnotatorError(
            f"document {doc.id!r}: label {exc.args[0]!r} is not in the scheme's {layer} layer"
        ) from None
    doc_arr = table.doc[mine]
    start = span_start[mine]
    end = span_end[mine]
    first = np.searchsorted(layout.starts, start, "left")  # first token starting at or after the span's start
    stop = np.searchsorted(layout.ends, end, "right")  # tokens ending at or before its end
    # spans in token order within each document (documents are already in order)
    order = np.lexsort((-stop, first, doc_arr))
    doc_arr, first, stop, start, end, b_code, i_code = (
        a[order] for a in (doc_arr, first, stop, start, end, b_code, i_code)
    )
    n = len(layout.starts)
    if n == 0:  # spans over white space alone
        return codes, set(doc_arr.tolist())
    ok = first < stop
    safe_first, safe_last = np.minimum(first, n - 1), np.clip(stop - 1, 0, n - 1)
    ok &= (layout.starts[safe_first] == start) & (layout.ends[safe_last] == end)
    # overlap: a span starting before an earlier span of its document ends
    reach = np.maximum.accumulate(np.where(ok, stop, 0))
    ok[1:] &= ~((first[1:] < reach[:-1]) & (doc_arr[1:] == doc_arr[:-1]))
    odd = np.unique(doc_arr[~ok])
    clean = ~np.isin(doc_arr, odd)
    f, s, b, i = first[clean], stop[clean], b_code[clean], i_code[clean]
    run = np.zeros(n + 1, _I64)  # I codes from the token after each B up to the span's end
    run[f + 1] += i
    run[s] -= i
    np.cumsum(run[:-1], out=codes)
    codes[f] = b
    return codes, set(odd.tolist())
