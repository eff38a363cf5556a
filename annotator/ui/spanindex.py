"""The spans of the open document, indexed by text block for the highlighter.

Kept beside the Qt document (not inside it): each block (paragraph) holds the
sorted list of spans that touch it, in the view's coordinates (UTF-16 units,
CRLF counted as one), so painting a block looks up only its own spans and an
edit touches only the blocks of the changed span. No Qt here: block starts
are computed from the text the same way ``QTextDocument`` splits it.
Written by hand: an interval index specialised to blocks is a few lines and
no library offers it in the view's coordinates.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from annotator.arabic.offsets import OffsetMap
from annotator.model import Span

# What QTextCursor.insertText starts a new block after: \n, \r\n (one break),
# a lone \r, the paragraph separator and Qt's two frame marks.
_BLOCK_BREAK = re.compile("\r\n|[\n\r\u2029\ufdd0\ufdd1]")


@dataclass(frozen=True)
class Placed:
    """A span with its range in view coordinates."""

    span: Span
    start: int
    end: int

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, -self.end, self.span.id)

    def __lt__(self, other: Placed) -> bool:
        return self.sort_key < other.sort_key


def _sort_key(placed: Placed) -> tuple[int, int, str]:
    return (placed.start, -placed.end, placed.span.id)


def block_starts(omap: OffsetMap) -> list[int]:
    """View offsets where each block begins (block 0 starts at 0)."""
    return [0] + [omap.to_view(m.end()) for m in _BLOCK_BREAK.finditer(omap.text)]


class SpanIndex:
    """Spans of one document by block; add/remove/update touch only the
    blocks a span covers and return their numbers for repainting."""

    def __init__(self, omap: OffsetMap, spans: Iterable[Span] = ()):
        self.omap = omap
        self.starts = block_starts(omap)
        self._blocks: dict[int, list[Placed]] = {}
        self._placed: dict[str, Placed] = {}
        self._order: list[Placed] = []  # every span, sorted: for stepping from one to the next
        self._fill(spans)

    def _fill(self, spans: Iterable[Span]) -> None:
        """Index many spans at once, as :meth:`add` one by one would (a later
        span of the same id replaces the earlier): placed, sorted once, and
        dealt to their blocks in that order, so every list is sorted without
        an insertion (20,000 ``insort`` calls comparing in Python cost most
        of a large document's opening)."""
        to_view = self.omap.to_view
        for span in spans:
            self._placed[span.id] = Placed(span, to_view(span.start), to_view(span.end))
        self._order = sorted(self._placed.values(), key=_sort_key)
        blocks = self._blocks
        starts = self.starts
        for placed in self._order:
            first = bisect_right(starts, placed.start) - 1
            last = bisect_right(starts, max(placed.start, placed.end - 1)) - 1
            for n in range(first, last + 1):
                if n in blocks:
                    blocks[n].append(placed)
                else:
                    blocks[n] = [placed]

    def __len__(self) -> int:
        return len(self._placed)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._placed

    def __iter__(self) -> Iterator[Span]:
        return (p.span for p in list(self._order))

    def unordered(self) -> Iterator[Span]:
        """Every span, in no particular order (no copy of the sorted list)."""
        return (p.span for p in self._placed.values())

    def get(self, span_id: str) -> Span | None:
        placed = self._placed.get(span_id)
        return placed.span if placed else None

    def placed(self, span_id: str) -> Placed | None:
        return self._placed.get(span_id)

    def blocks_of(self, start: int, end: int) -> range:
        """Numbers of the blocks that view range [start, end) touches."""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, max(start, end - 1)) - 1
        return range(first, last + 1)

    def add(self, span: Span) -> range:
        if span.id in self._placed:
            self.remove(span.id)
        start, end = self.omap.span_to_view(span.start, span.end)
        placed = Placed(span, start, end)
        self._placed[span.id] = placed
        insort(self._order, placed)
        blocks = self.blocks_of(start, end)
        for n in blocks:
            insort(self._blocks.setdefault(n, []), placed)
        return blocks

    def remove(self, span_id: str) -> range:
        placed = self._placed.pop(span_id, None)
        if placed is None:
            return range(0)
        del self._order[bisect_left(self._order, placed)]
        blocks = self.blocks_of(placed.start, placed.end)
        for n in blocks:
            items = self._blocks.get(n, [])
            i = bisect_left(items, placed)
            if i < len(items) and items[i] is placed:
                del items[i]
        return blocks

    def update(self, span: Span) -> list[int]:
        """Replace a span (same id); the blocks of both old and new ranges."""
        placed = self._placed.get(span.id)
        if placed is not None and (placed.span.start, placed.span.end) == (span.start, span.end):
            # same range (an accept, a relabel): same place in every list, so swap the span in
            object.__setattr__(placed, "span", span)
            return list(self.blocks_of(placed.start, placed.end))
        old = self.remove(span.id)
        new = self.add(span)
        return sorted(set(old) | set(new))

    def in_block(self, block: int) -> list[Placed]:
        return self._blocks.get(block, [])

    def at(self, pos: int) -> list[Placed]:
        """Spans whose view range contains ``pos``, innermost (shortest) first."""
        block = bisect_right(self.starts, pos) - 1
        hits = [p for p in self.in_block(block) if p.start <= pos < p.end]
        return sorted(hits, key=lambda p: (p.end - p.start, p.start))

    def neighbour(self, pos: int, forward: bool, accept: Callable[[Span], bool] | None = None) -> Placed | None:
        """The first span starting after (or the last starting before) view
        position ``pos`` for which ``accept`` holds."""
        if forward:
            i = bisect_right(self._order, pos, key=lambda p: p.start)
            candidates = (self._order[j] for j in range(i, len(self._order)))
        else:
            i = bisect_left(self._order, pos, key=lambda p: p.start)
            candidates = (self._order[j] for j in range(i - 1, -1, -1))
        return next((p for p in candidates if accept is None or accept(p.span)), None)
