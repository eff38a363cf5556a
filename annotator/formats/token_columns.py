"""Tokens and IOB2 tags of a batch of documents as columns (an Arrow
string array of token texts, numpy arrays of offsets and tag codes), for
the writers that store columns (``hf``).

The same tokens and tags as :func:`annotator.formats.tokenized.tag`
gives document by document (a test compares them on hostile and random
documents), computed a batch at a time:

* the texts are cut into space-delimited chunks by Arrow
  (``split_pattern``), the batch's distinct chunks looked up once in the
  tokenizer's chunk cache (:data:`annotator.formats.tokenized._CHUNK_TOKENS`),
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

from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from annotator.formats.tokenized import _CHUNK_TOKENS, _cut_entry, tag

_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_I64 = np.int64


@dataclass
class BatchTokens:
    """The tokens of a batch of documents, all documents end to end."""

    texts: pa.Array  # token texts (string)
    starts: np.ndarray  # code points into the token's document
    ends: np.ndarray
    offsets: np.ndarray  # tokens before each document (one more entry than documents)
    tags: dict[str, np.ndarray]  # layer -> tag codes (index into the layer's IOB2 names)


def tokenize_batch(docs: Sequence[Any], layers: Sequence[str], names: dict[str, list[str]],
                   options: Any = None, text_array: pa.Array | None = None) -> BatchTokens:
    """Tokens of ``docs`` (cut at the edges of all their spans) and one tag
    column per layer, as codes into ``names[layer]`` (the layer's IOB2
    names). ``text_array``: the texts as an Arrow array, when the caller
    already has it. A label missing from ``names`` raises
    :class:`~annotator.errors.AnnotatorError`."""
    texts = [d.text for d in docs]
    arr = pa.array(texts, pa.string()) if text_array is None else text_array
    doc_len = np.fromiter(map(len, texts), _I64, len(texts))
    doc_base = np.zeros(len(texts) + 1, _I64)  # where each document starts, documents joined by one gap
    np.cumsum(doc_len + 1, out=doc_base[1:])

    # chunks: the texts cut at spaces, line breaks made spaces first (as tokenized._chunks does)
    split = pc.split_pattern(pc.replace_substring(pc.replace_substring(arr, "\n", " "), "\r", " "), " ")
    chunks = split.flatten()
    chunk_offsets = split.offsets.to_numpy()
    encoded = pc.dictionary_encode(chunks)
    which = encoded.indices.to_numpy().astype(_I64)
    entries = list(map(_CHUNK_TOKENS.__getitem__, encoded.dictionary.to_pylist()))
    chunk_len = pc.utf8_length(chunks).to_numpy().astype(_I64)
    chunk_base = np.zeros(len(chunk_len), _I64)  # in the joined documents
    if len(chunk_len) > 1:
        np.cumsum(chunk_len[:-1] + 1, out=chunk_base[1:])

    edges = np.fromiter(chain.from_iterable((base + s.start, base + s.end) for d, base in
                                            zip(docs, doc_base.tolist()) for s in d.spans), _I64)
    layout = _Layout(entries, which, chunk_base)
    if len(edges) and len(layout.starts):
        k = np.searchsorted(layout.starts, edges, "right") - 1
        inside = (k >= 0) & (layout.starts[np.maximum(k, 0)] < edges) & (edges < layout.ends[np.maximum(k, 0)])
        if inside.any():
            layout = _cut(layout, entries, which, chunk_base, chunks, np.unique(edges[inside]))

    counts = np.diff(layout.chunk_token_offsets[chunk_offsets])
    offsets = np.zeros(len(texts) + 1, _I64)
    np.cumsum(counts, out=offsets[1:])
    doc_of_token = np.repeat(doc_base[:-1], counts)
    texts_array = pa.array(list(chain.from_iterable(map(_THIRD, layout.entries))), pa.string())
    tags = {layer: _tags(docs, layer, names[layer], layout, doc_base, offsets, options) for layer in layers}
    return BatchTokens(texts_array.take(pa.array(layout.gather)), layout.starts - doc_of_token,
                       layout.ends - doc_of_token, offsets, tags)


class _Layout:
    """Where every token of the batch comes from: ``gather`` indexes the
    entries' tokens laid end to end; ``starts``/``ends`` are offsets in the
    joined documents."""

    def __init__(self, entries: list[tuple], which: np.ndarray, chunk_base: np.ndarray) -> None:
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


def _cut(layout: _Layout, entries: list[tuple], which: np.ndarray, chunk_base: np.ndarray, chunks: pa.Array,
         cuts: np.ndarray) -> _Layout:
    """The layout again with each chunk holding a cut given an entry of its
    own (its tokens cut there, as :class:`~annotator.formats.tokenized.TokenTable` does)."""
    entries = list(entries)
    which = which.copy()
    chunk_of = np.searchsorted(chunk_base, cuts, "right") - 1
    for c in np.unique(chunk_of).tolist():
        rel = (cuts[chunk_of == c] - chunk_base[c]).tolist()
        entries.append(_cut_entry(chunks[c].as_py(), entries[which[c]], rel))
        which[c] = len(entries) - 1
    return _Layout(entries, which, chunk_base)


def _tags(docs: Sequence[Any], layer: str, names: list[str], layout: _Layout, doc_base: np.ndarray,
          offsets: np.ndarray, options: Any) -> np.ndarray:
    """Tag codes of one layer for the batch: numpy for the documents whose
    spans sit exactly on tokens and do not overlap, ``tag`` for the rest."""
    index = {name: i for i, name in enumerate(names)}
    doc_of: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    labels: list[str] = []
    for d, (doc, base) in enumerate(zip(docs, doc_base.tolist())):
        for s in doc.spans:
            if s.layer == layer:
                doc_of.append(d)
                starts.append(base + s.start)
                ends.append(base + s.end)
                labels.append(s.label)
    codes = np.zeros(len(layout.starts), _I64)
    if not starts:
        return codes
    missing = next((k for k, label in enumerate(labels) if "B-" + label not in index), None)
    if missing is not None:
        from annotator.errors import AnnotatorError

        raise AnnotatorError(f"document {docs[doc_of[missing]].id!r}: label {labels[missing]!r} is not in the "
                             f"scheme's {layer} layer")
    b_code = np.fromiter(map(index.__getitem__, ("B-" + label for label in labels)), _I64, len(labels))
    i_code = np.fromiter(map(index.__getitem__, ("I-" + label for label in labels)), _I64, len(labels))
    doc_arr = np.array(doc_of, _I64)
    start = np.array(starts, _I64)
    end = np.array(ends, _I64)
    first = np.searchsorted(layout.starts, start, "left")  # first token starting at or after the span's start
    stop = np.searchsorted(layout.ends, end, "right")  # tokens ending at or before its end
    # spans in token order within each document (documents are already in order)
    order = np.lexsort((-stop, first, doc_arr))
    doc_arr, first, stop, start, end, b_code, i_code = (a[order] for a in (doc_arr, first, stop, start, end,
                                                                          b_code, i_code))
    n = len(layout.starts)
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
    for d in odd.tolist():  # the rule, with its reports, document by document
        got = tag(docs[d], [layer], options, with_sentences=False).tags[layer]
        a, z = int(offsets[d]), int(offsets[d + 1])
        if len(got) != z - a:
            raise AssertionError(f"document {docs[d].id!r}: {len(got)} tokens by tag, {z - a} in the batch")
        codes[a:z] = [index[t] for t in got]
    return codes
