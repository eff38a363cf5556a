"""The writer of ``--format conll`` (:mod:`annotator.formats.conll` lays
out the lines): a batch of documents at a time, its tokens and tags as
columns (:func:`annotator.export.token_columns.tokenize_batch`) and its
lines put together by Arrow, so that no Python code runs per token;
document by document with ``--nested`` or ``--tokens whitespace``. The
parts of a parallel export (``--jobs``, :mod:`annotator.export.parallel`)
are whole documents' lines, concatenated in order.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.arabic.tokens import sentence_breaks
from annotator.formats import ExportedDocument
from annotator.formats.conll import head, nested_lines, tagged_lines
from annotator.formats.tokenized import tag
from annotator.model import SPAN_LAYERS

SPLIT_SUFFIX = ".conll"
READS_LINKS = False  # writes no relations or comments: the export does not read them
PART_QUANTUM = 1
WRITES_FOLDER = False
SINGLE_SPLIT = "all"
PART_MODULES: tuple[str, ...] = ("annotator.export.token_columns", "pyarrow.compute")
BATCH = 1000  # documents written together, or fewer when their texts pass BATCH_CHARS
BATCH_CHARS = 50_000_000


def batch_lines(docs: list[ExportedDocument], layers: list[str], options: Any = None) -> bytes:
    """The lines of a batch of documents, UTF-8: what
    :func:`~annotator.formats.conll.tagged_lines` gives for each from
    :func:`~annotator.formats.tokenized.tag`, joined (a test checks they
    agree), built as columns (tokens and tags from
    :func:`~annotator.export.token_columns.tokenize_batch`, each line put
    together by Arrow) so that no Python code runs per token. A sentence
    break falls on the first token at or after each sentence start
    (:func:`annotator.arabic.tokens.sentence_breaks`) but the document's
    first, unless that token is inside a tagged span (its tag is ``I-``)
    in any column."""
    import numpy as np
    import pyarrow.compute as pc

    from annotator.arrow import pa
    from annotator.export.token_columns import tokenize_batch

    batch = tokenize_batch(docs, layers, options=options)
    offsets = batch.offsets.tolist()
    n = len(batch.starts)
    # the text before a token's line: 0 nothing, 1 a blank line (a new sentence), k + 2 the k-th document opening
    before = np.zeros(n, np.int64)
    inside = np.zeros(n, bool)
    for layer in layers:
        is_i = np.array([name.startswith("I-") for name in batch.names[layer]])
        inside |= is_i[batch.tags[layer]]
    breaks: list[int] = []
    for d, (doc, base) in enumerate(zip(docs, batch.doc_base.tolist(), strict=False)):
        if offsets[d] < offsets[d + 1]:
            breaks += [base + p for p in sentence_breaks(doc.text)]
    if breaks:
        k = np.searchsorted(batch.joined_starts, np.array(breaks, np.int64), "left")
        k = k[k < n]
        first_of_doc = np.zeros(n + 1, bool)
        first_of_doc[batch.offsets] = True
        before[k[~first_of_doc[k] & ~inside[k]]] = 1
    openings: list[str] = []
    pending: list[str] = []  # documents without tokens: their two lines go before the next opening
    started = False
    for d, doc in enumerate(docs):
        if offsets[d] == offsets[d + 1]:
            pending.append(head(doc) + "\n")
            continue
        before[offsets[d]] = len(openings) + 2
        openings.append(("\n" if started else "") + "".join(pending) + head(doc) + "\n")
        pending = []
        started = True
    tail = ("\n" if started else "") + "".join(pending)
    if not n:
        return tail.encode("utf-8")
    parts = [pa.array(["", "\n", *openings], pa.string()).take(pa.array(before)), batch.texts]
    for layer in layers:
        end = "\n" if layer == layers[-1] else ""
        parts.append(
            pa.array([f" {name}{end}" for name in batch.names[layer]], pa.string()).take(pa.array(batch.tags[layer]))
        )
    lines = pc.binary_join_element_wise(*parts, pa.scalar("", pa.string()))  # typed: inferring it imports pandas
    data = lines.buffers()[2]
    ends = np.frombuffer(lines.buffers()[1], np.int32, len(lines) + 1, lines.offset * 4)
    return memoryview(data)[int(ends[0]) : int(ends[-1])].tobytes() + tail.encode("utf-8")


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    """Write ``documents`` to ``path``; returns how many were written.

    ``annotator export`` runs this in worker processes on machines with more
    than one core (``--jobs``, :mod:`annotator.export.parallel`): each
    writes a contiguous part of the documents with :func:`write_part`, and
    :func:`merge_splits` concatenates the parts in order, so the file is
    byte for byte the one a single process writes."""
    layer = getattr(options, "layer", None)
    layers = [layer] if layer else list(SPAN_LAYERS)
    extra = getattr(options, "extra", None) or {}
    n = 0
    if extra.get("nested") or extra.get("tokens") == "whitespace":  # document by document
        with open(path, "w", encoding="utf-8", newline="") as fh:
            for doc in documents:
                fh.write(
                    nested_lines(doc, layer or "entity", options)
                    if extra.get("nested")
                    else tagged_lines(doc, tag(doc, layers, options), layers)
                )
                n += 1
        return n
    with open(path, "wb") as fh:
        for batch in _batches(documents):
            fh.write(batch_lines(batch, layers, options))
            n += len(batch)
    return n


def _batches(documents: Iterable[ExportedDocument]) -> Iterator[list[ExportedDocument]]:
    batch: list[ExportedDocument] = []
    chars = 0
    for doc in documents:
        batch.append(doc)
        chars += len(doc.text)
        if len(batch) >= BATCH or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def write_part(documents: Iterable[ExportedDocument], path: Path, options: Any, split: str) -> int:
    """One part of a parallel export: the documents' lines, as :func:`write`."""
    return write(documents, path, options)


def merge_splits(parts: dict[str, Iterator[tuple[Path, int]]], out: Path, options: Any, single: bool) -> dict[str, int]:
    """The parts of each split concatenated in order into ``out`` (one file)
    or ``out/<split>.conll``; a failure removes the file being written."""
    counts = {}
    for split, stream in parts.items():
        path = out if single else out / f"{split}{SPLIT_SUFFIX}"
        n = 0
        try:
            with open(path, "wb") as fh:
                for part, written in stream:
                    with open(part, "rb") as src:
                        shutil.copyfileobj(src, fh, 1 << 20)
                    n += written
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        counts[split] = n
    return counts
