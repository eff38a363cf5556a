"""The units the ``document`` and ``sentence`` layers label.

A document label is a span over the whole text, ``[0:len(text)]``. A
sentence label is a span over one sentence; the sentences are those of
:func:`annotator.arabic.tokens.sentences` (the splitter every token format
uses), and where an annotator corrected a boundary, the range of their
sentence span is a unit of its own. Agreement, the CheckThat! writer and
the editor all take their units from here, so they count the same things.
The editing rule of a unit label key press is
:meth:`annotator.editing.EditSession.label_unit`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from annotator.model import Span


def document_unit(text: str) -> tuple[int, int]:
    return (0, len(text))


def sentence_units(text: str, spans: Iterable[Span] = ()) -> list[tuple[int, int]]:
    """The splitter's sentences plus the range of every sentence span given
    (a corrected sentence), sorted by position."""
    from annotator.arabic.tokens import sentences

    units = set(sentences(text))
    units.update((s.start, s.end) for s in spans if s.layer == "sentence")
    return sorted(units)


def units_of(layer: str, text: str, spans: Iterable[Span] = ()) -> list[tuple[int, int]]:
    if layer == "document":
        return [document_unit(text)] if text else []
    return sentence_units(text, spans)


@lru_cache(maxsize=4)
def _sentences(text: str) -> list[tuple[int, int]]:
    """The splitter's sentences, remembered for the few texts open (the unit
    bar asks on every caret move; a 1 MB text takes 13 ms to split)."""
    from annotator.arabic.tokens import sentences

    return sentences(text)


def sentence_at(text: str, pos: int, spans: Iterable[Span] = ()) -> tuple[int, int] | None:
    """The sentence holding offset ``pos`` (a labelled sentence span wins
    over the splitter's sentence; between two sentences, the one before;
    None in an empty text)."""
    labelled = [(s.start, s.end) for s in spans if s.layer == "sentence" and s.start <= pos < s.end]
    if labelled:
        return min(labelled, key=lambda r: r[1] - r[0])
    found = _sentences(text)
    if not found:
        return None
    i = bisect_right([s for s, _ in found], pos) - 1
    return found[max(i, 0)]
