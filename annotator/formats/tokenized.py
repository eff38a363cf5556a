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
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.arabic.tokens import TokenTable, sentences, tokenize
from annotator.formats import ExportedDocument, ExportedSpan

log = logging.getLogger("annotator.export")


def report(options: Any, doc: ExportedDocument, span: ExportedSpan, message: str) -> None:
    text = f"document {doc.id!r}, span {span.id!r} [{span.start}:{span.end}] {span.label}: {message}"
    problems = getattr(options, "extra", {}).get("problems") if options is not None else None
    if isinstance(problems, list):
        problems.append(text)
    log.warning(text)


def tokens_of(doc: ExportedDocument, spans: Iterable[ExportedSpan] | None = None) -> list[tuple[int, int]]:
    """Token ranges of ``doc`` with proclitics split, cut at every edge of
    ``spans`` (default: all)."""
    spans = doc.spans if spans is None else spans
    edges = {p for s in spans for p in (s.start, s.end)}
    return tokenize(doc.text, clitics=True, split_at=edges)


class Tagged:
    """Tokens (a :class:`TokenTable`), one IOB2 tag list per layer, and
    sentences as token index ranges."""

    def __init__(self, table: Tokens, tags: dict[str, list[str]], sentences: list[tuple[int, int]]) -> None:
        self.table = table
        self.tags = tags
        self.sentences = sentences

    @property
    def tokens(self) -> list[tuple[int, int]]:
        return list(zip(self.table.starts(), self.table.ends(), strict=True))

    def texts(self) -> list[str]:
        return self.table.texts()


class WhitespaceTable:
    """Tokens that are the text's white-space-delimited chunks, never cut
    (``export --format conll --tokens whitespace``: Wojood's files keep
    proclitics inside the token). A span edge inside a chunk widens the span
    to the whole chunk, which :func:`tag` reports. The same interface as
    :class:`TokenTable`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [m.start() for m in _NON_SPACE.finditer(text)]
        self._ends = [m.end() for m in _NON_SPACE.finditer(text)]

    def __len__(self) -> int:
        return len(self._starts)

    def texts(self) -> list[str]:
        return [self.text[a:b] for a, b in zip(self._starts, self._ends, strict=True)]

    def starts(self) -> list[int]:
        return list(self._starts)

    def ends(self) -> list[int]:
        return list(self._ends)

    def start(self, i: int) -> int:
        return self._starts[i]

    def end(self, i: int) -> int:
        return self._ends[i]

    def first_from(self, p: int) -> int:
        """The first token ending after ``p`` (the one holding ``p``, if any)."""
        return bisect_right(self._ends, p)

    def ending_by(self, p: int) -> int:
        """How many tokens start before ``p`` (the one holding ``p`` included)."""
        return bisect_left(self._starts, p)


Tokens = TokenTable | WhitespaceTable  # what a Tagged document's tokens are: cut at span edges, or white-space chunks


_NON_SPACE = re.compile(r"\S+")


def tag(doc: ExportedDocument, layers: Sequence[str], options: Any = None, with_sentences: bool = True) -> Tagged:
    """Tokens of ``doc`` (cut at the edges of all its spans; white-space
    chunks with ``options.extra["tokens"] == "whitespace"``), one IOB2
    column per layer, and sentence ranges (one range for the whole document
    unless ``with_sentences``)."""
    extra = getattr(options, "extra", None) or {}
    table: Tokens
    if extra.get("tokens") == "whitespace":
        table = WhitespaceTable(doc.text)
    else:
        table = TokenTable(doc.text, {p for s in doc.spans for p in (s.start, s.end)})
    n = len(table)
    columns: dict[str, list[str]] = {}
    joins: list[tuple[int, int]] = []
    for layer in layers:
        col = ["O"] * n
        taken: list[tuple[int, int]] = []
        same: set[tuple[int, int, str]] = set()  # one range, one label: tagged once whoever marked it
        spans = sorted((s for s in doc.spans if s.layer == layer), key=lambda s: (s.start, -s.end, s.label, s.id))
        for sp in spans:
            i, j = table.first_from(sp.start), table.ending_by(sp.end)
            if i >= j:
                report(options, doc, sp, "covers no token (only white space or invisible marks); left out")
                continue
            first, last = table.start(i), table.end(j - 1)
            if (first, last) != (sp.start, sp.end):
                report(
                    options, doc, sp, f"an edge lies in white space or an invisible mark; written as [{first}:{last}]"
                )
            if (i, j, sp.label) in same:
                continue
            if any(i < b and a < j for a, b in taken):
                report(options, doc, sp, f"overlaps a longer or earlier {layer} span; the outermost wins in the tags")
                continue
            taken.append((i, j))
            same.add((i, j, sp.label))
            col[i] = f"B-{sp.label}"
            if j > i + 1:
                col[i + 1 : j] = [f"I-{sp.label}"] * (j - i - 1)
            joins.append((i, j))
        columns[layer] = col
    sents = _sentences(doc.text, table, joins) if with_sentences else [(0, n)]
    return Tagged(table, columns, sents)


def _sentences(text: str, table: Tokens, joins: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence token ranges, joined where a tagged span crosses a break."""
    n = len(table)
    if not n:
        return []
    breaks = set()
    for s, _ in sentences(text)[1:]:
        k = table.first_from(s)
        if 0 < k < n:
            breaks.add(k)
    for i, j in joins:
        for k in range(i + 1, j):
            breaks.discard(k)
    cuts = [0, *sorted(breaks), n]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if a < b]


def label_names(scheme: Any, layer: str, seen: Iterable[str] = ()) -> list[str]:
    """IOB2 names for a layer: ``O``, then ``B-X``, ``I-X`` for each label of
    the scheme (in scheme order) and any other label met."""
    labels = [lab.name for lab in scheme.labels_for(layer)] if scheme is not None else []
    for name in seen:
        if name not in labels:
            labels.append(name)
    return ["O"] + [f"{p}-{name}" for name in labels for p in ("B", "I")]
