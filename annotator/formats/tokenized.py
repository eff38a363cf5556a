"""Tokens, sentences and IOB2 tags for the token formats (CoNLL, Hugging
Face, spaCy), with spans kept exact.

The rule, the same in every token format:

* tokens come from :func:`annotator.arabic.tokens.tokenize` with
  proclitics split (``وليبيا`` -> ``و`` ``ليبيا``), and every span edge
  that falls inside a token splits the token there, so a span always
  starts and ends on token edges and comes back with the same offsets;
* a span whose edge lies in white space or an invisible mark (a bidi mark,
  a zero-width joiner outside an emoji) cannot be expressed in tokens: it is
  written over the tokens it covers and *reported* with its document, id,
  offsets and what it became; a span covering no token is reported and
  left out;
* sentences come from :func:`annotator.arabic.tokens.sentences`; sentences
  that a span crosses are joined, so no span is cut in two by a sentence
  break;
* one IOB column holds one layer; where spans of that layer nest or
  overlap, the outermost (earliest, then longest) wins and each span left
  out is reported (the same range with the same label from two annotators
  is one chunk, not an overlap). Formats that keep character spans beside the tags (hf
  ``spans``, spaCy ``doc.spans``) keep all of them.

Reports go to ``options.extra["problems"]`` (a list of strings, when the
caller put one there) and to the ``annotator.export`` logger as warnings,
which the command line shows on stderr.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Iterable, Sequence

from annotator.arabic.charsets import IGNORABLE_SET
from annotator.arabic.clitics import split_proclitics
from annotator.arabic.tokens import sentences, tokenize
from annotator.model import Document, Span

log = logging.getLogger("annotator.export")


def report(options: Any, doc: Document, span: Span, message: str) -> None:
    text = f"document {doc.id!r}, span {span.id!r} [{span.start}:{span.end}] {span.label}: {message}"
    problems = getattr(options, "extra", {}).get("problems") if options is not None else None
    if isinstance(problems, list):
        problems.append(text)
    log.warning(text)


def tokens_of(doc: Document, spans: Iterable[Span] | None = None) -> list[tuple[int, int]]:
    """Token ranges of ``doc`` with proclitics split, cut at every edge of
    ``spans`` (default: all)."""
    spans = doc.spans if spans is None else spans
    edges = {p for s in spans for p in (s.start, s.end)}
    return clitic_tokens(doc.text, edges)


def clitic_tokens(text: str, split_at: Iterable[int] = ()) -> list[tuple[int, int]]:
    """``tokenize(text, clitics=True, split_at=...)``, computed once per
    distinct space-delimited chunk of text: chunks repeat (Zipf), and
    running the token regex and the proclitic split over every word was
    most of a large export's time. No token contains or looks past white
    space (the token regex has no look-behind, and
    :func:`annotator.arabic.clitics.split_proclitics` looks at the word
    alone), so a chunk tokenized on its own gives the same tokens as in its
    text, shifted by where the chunk starts (a test checks it)."""
    chunks = text.split(" ")  # str.split on one character runs at C speed; other white space stays inside
    starts = accumulate(map(_PLUS_ONE, map(len, chunks)), initial=0)
    get = _CHUNK_TOKENS.__getitem__
    out = [(base + s, base + e) for base, toks in zip(starts, map(get, chunks)) for s, e in toks]
    return _split_at(out, split_at)


def _chunk_tokens(chunk: str) -> tuple[tuple[int, int], ...]:
    """Tokens of one chunk (no space in it), proclitics split."""
    out: list[tuple[int, int]] = []
    for s, e in tokenize(chunk):
        first = chunk[s]
        # only a word beginning with a proclitic letter can be split
        if (first not in _PROCLITIC_FIRST and first not in IGNORABLE_SET) or e - s < 3:
            out.append((s, e))
        else:
            out.extend(split_proclitics(chunk, s, e))
    return tuple(out)


class _ChunkCache(dict):
    """chunk -> its tokens; filled on first sight, bounded in size."""

    def __missing__(self, chunk: str) -> tuple[tuple[int, int], ...]:
        toks = _chunk_tokens(chunk)
        if len(self) < 200_000:
            self[chunk] = toks
        return toks


_CHUNK_TOKENS = _ChunkCache()
_PLUS_ONE = (1).__add__
_PROCLITIC_FIRST = frozenset("وفبلك")


def _split_at(tokens: list[tuple[int, int]], positions: Iterable[int]) -> list[tuple[int, int]]:
    """Cut the tokens at every position strictly inside one; only the tokens
    cut are touched (a document has many tokens and few span edges)."""
    starts = [s for s, _ in tokens]
    inside: dict[int, list[int]] = {}
    for p in set(positions):
        k = bisect_right(starts, p) - 1
        if k >= 0 and tokens[k][0] < p < tokens[k][1]:
            inside.setdefault(k, []).append(p)
    if not inside:
        return tokens
    out: list[tuple[int, int]] = []
    last = 0
    for k in sorted(inside):
        out.extend(tokens[last:k])
        s, e = tokens[k]
        for p in sorted(inside[k]):
            out.append((s, p))
            s = p
        out.append((s, e))
        last = k + 1
    out.extend(tokens[last:])
    return out


def token_range(tokens: Sequence[tuple[int, int]], starts: Sequence[int], ends: Sequence[int],
                span: Span) -> tuple[int, int] | None:
    """``(first, last + 1)`` token indexes inside ``span``, or None."""
    i = bisect_left(starts, span.start)
    j = bisect_right(ends, span.end)
    return (i, j) if i < j else None


@dataclass
class Tagged:
    tokens: list[tuple[int, int]]
    tags: dict[str, list[str]]          # layer -> IOB2 tag per token
    sentences: list[tuple[int, int]]    # token index ranges


def tag(doc: Document, layers: Sequence[str], options: Any = None,
        tokens: list[tuple[int, int]] | None = None, with_sentences: bool = True) -> Tagged:
    """Tokens of ``doc``, one IOB2 column per layer, and sentence ranges
    (one range for the whole document unless ``with_sentences``)."""
    if tokens is None:
        tokens = tokens_of(doc)
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    columns: dict[str, list[str]] = {}
    joins: list[tuple[int, int]] = []
    for layer in layers:
        col = ["O"] * len(tokens)
        taken: list[tuple[int, int]] = []
        same: set[tuple[int, int, str]] = set()  # one range, one label: tagged once whoever marked it
        spans = sorted((s for s in doc.spans if s.layer == layer), key=lambda s: (s.start, -s.end, s.label, s.id))
        for sp in spans:
            rng = token_range(tokens, starts, ends, sp)
            if rng is None:
                report(options, doc, sp, "covers no token (only white space or invisible marks); left out")
                continue
            i, j = rng
            if (starts[i], ends[j - 1]) != (sp.start, sp.end):
                report(options, doc, sp, f"an edge lies in white space or an invisible mark; written as "
                                         f"[{starts[i]}:{ends[j - 1]}]")
            if (i, j, sp.label) in same:
                continue
            if any(i < b and a < j for a, b in taken):
                report(options, doc, sp, f"overlaps a longer or earlier {layer} span; the outermost wins in the tags")
                continue
            taken.append((i, j))
            same.add((i, j, sp.label))
            col[i] = f"B-{sp.label}"
            for k in range(i + 1, j):
                col[k] = f"I-{sp.label}"
            joins.append((i, j))
        columns[layer] = col
    sents = _sentences(doc.text, tokens, starts, joins) if with_sentences else [(0, len(tokens))]
    return Tagged(tokens, columns, sents)


def _sentences(text: str, tokens: list[tuple[int, int]], starts: list[int],
               joins: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence token ranges, joined where a tagged span crosses a break."""
    if not tokens:
        return []
    breaks = set()
    for s, _ in sentences(text)[1:]:
        k = bisect_left(starts, s)
        if 0 < k < len(tokens):
            breaks.add(k)
    for i, j in joins:
        for k in range(i + 1, j):
            breaks.discard(k)
    cuts = [0, *sorted(breaks), len(tokens)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]


def label_names(scheme: Any, layer: str, seen: Iterable[str] = ()) -> list[str]:
    """IOB2 names for a layer: ``O``, then ``B-X``, ``I-X`` for each label of
    the scheme (in scheme order) and any other label met."""
    labels = [lab.name for lab in scheme.labels_for(layer)] if scheme is not None else []
    for name in seen:
        if name not in labels:
            labels.append(name)
    return ["O"] + [f"{p}-{name}" for name in labels for p in ("B", "I")]
