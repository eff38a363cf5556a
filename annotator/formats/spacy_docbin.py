"""spaCy: a ``.spacy`` DocBin per split, ready for ``spacy train``.

Each document becomes a spaCy ``Doc`` on a blank ``ar`` vocabulary whose
text is the document's text exactly, so character offsets are the same
(spaCy counts code points, like the store). The words are our tokens
(:mod:`annotator.formats.tokenized`: proclitics split, every span edge
made a token edge); what lies between tokens becomes the ``spaces`` flag
when it is one space, and a token of its own otherwise (``\\r\\n``, a bidi
mark, two spaces), cut again at any span edge inside it. So every span
is made with ``Doc.char_span(..., alignment_mode="strict")``; if spaCy
ever answered None the export stops with an error rather than skip it.

* entities -> ``doc.ents`` (the outermost where they nest or overlap; each
  one left out is reported) and all of them in ``doc.spans["entity"]``;
* numbers -> ``doc.spans["number"]``, claims -> ``doc.spans["claim"]``;
* ``doc.user_data``: ``doc_id`` and ``attrs`` (``[layer, start, end,
  attrs-as-JSON]`` for spans that have attributes), kept by the DocBin.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.arabic.tokens import tokenize
from annotator.errors import AnnotatorError
from annotator.extras import need
from annotator.formats import ExportedDocument
from annotator.formats.tokenized import report

SPLIT_SUFFIX = ".spacy"
READS_LINKS = False  # writes no relations or comments: the export does not read them
_GAP_TOKEN = re.compile(r"\r\n|\s|\S")


@lru_cache(maxsize=1)
def _nlp() -> Any:  # a spacy Language (imported only when spacy export runs)
    return need("spacy export", "spacy").blank("ar")


def words_and_spaces(doc: ExportedDocument) -> tuple[list[str], list[bool]]:
    """Words and spaces whose concatenation is ``doc.text`` exactly, with a
    token edge at every span edge."""
    text = doc.text
    edges_set = {p for s in doc.spans for p in (s.start, s.end)}
    edges = sorted(edges_set)
    words: list[str] = []
    spaces: list[bool] = []

    def gap(a: int, b: int) -> None:
        """Characters between tokens: one space after a word is its flag
        (unless a span edge touches it); the rest are tokens of their own,
        cut at span edges."""
        if a >= b:
            return
        if words and not spaces[-1] and text[a] == " " and a not in edges_set and a + 1 not in edges_set:
            spaces[-1] = True
            a += 1
        pos = a
        while pos < b:
            k = bisect_right(edges, pos)
            stop = min(b, edges[k]) if k < len(edges) else b
            m = _GAP_TOKEN.match(text, pos, stop)
            assert m is not None  # pos < stop, and \s|\S matches any one character
            end = m.end()
            words.append(text[pos:end])
            spaces.append(False)
            pos = end

    pos = 0
    for s, e in tokenize(text, clitics=True, split_at=edges_set):
        gap(pos, s)
        words.append(text[s:e])
        spaces.append(False)
        pos = e
    gap(pos, len(text))
    return words, spaces


def to_doc(doc: ExportedDocument, options: Any = None) -> Any:  # a spacy Doc
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    words, spaces = words_and_spaces(doc)
    sdoc = Doc(_nlp().vocab, words=words, spaces=spaces)
    if sdoc.text != doc.text:  # a bug, not bad input: the offsets would all be wrong
        raise AssertionError(f"document {doc.id!r}: spaCy text differs from the document text")
    groups: dict[str, list[Any]] = {"entity": [], "number": [], "claim": []}
    attrs = []
    for s in sorted(doc.spans, key=lambda s: (s.start, -s.end)):
        span = sdoc.char_span(s.start, s.end, label=s.label, alignment_mode="strict")
        if span is None:
            raise AnnotatorError(
                f"document {doc.id!r}, span {s.id!r} [{s.start}:{s.end}]: spaCy cannot align it to tokens"
            )
        groups[s.layer].append((s, span))
        if s.attrs:
            attrs.append([s.layer, s.start, s.end, json.dumps(s.attrs, ensure_ascii=False)])
    ents: list[SpacySpan] = []
    for s, span in groups["entity"]:
        if any(span.start < e.end and e.start < span.end for e in ents):
            report(options, doc, s, "overlaps a longer or earlier entity; kept in doc.spans['entity'], not in doc.ents")
            continue
        ents.append(span)
    sdoc.ents = ents
    for layer, items in groups.items():
        sdoc.spans[layer] = [span for _, span in items]
    sdoc.user_data["doc_id"] = doc.id
    sdoc.user_data["attrs"] = attrs
    return sdoc


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    """One DocBin file at ``path`` (with ``--split``, ``<split>.spacy`` each).

    A DocBin is serialised in one piece, so its documents are held until the
    end; spaCy's trainer reads it that way too."""
    need("spacy export", "spacy")
    from spacy.tokens import DocBin

    out = Path(path)
    binfile = DocBin(store_user_data=True)
    n = 0
    for doc in documents:
        binfile.add(to_doc(doc, options))
        n += 1
    binfile.to_disk(out)
    return n
