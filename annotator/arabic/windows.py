"""Running a span finder over a text too long to give it whole.

The text comes as consecutive strings (:func:`annotator.store.texts.pieces`)
and is cut into *cores* of about ``size`` characters, each cut at a line
break where there is one near (else at a space). The finder runs on each
core with about ``overlap`` characters of context each side (its *window*,
which starts and ends between words), and only the spans that start inside
the core are kept, so each span is found once and with the context it has
in the whole text. The engines here (numbers, gazetteer, claim cues) look a
few words around a position, so with thousands of characters of context
the spans are exactly those found on the whole text (tested against the
whole text with windows so small that spans straddle every cut).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SIZE = 1 << 18  # characters in a core
OVERLAP = 4096  # characters of context each side


@dataclass(frozen=True)
class Window:
    offset: int  # of text[0] in the whole text
    text: str
    core_start: int  # whole-text offsets of the core: keep spans starting in [core_start, core_end)
    core_end: int

    def keeps(self, start: int) -> bool:
        """Whether a span starting at ``start`` (whole-text offset) is this window's."""
        return self.core_start <= start < self.core_end


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a core in [lo, hi): at the last line break, else the
    last space; ``hi`` when there is neither."""
    for ch in ("\n", " "):
        i = text.rfind(ch, lo, hi)
        if i >= 0:
            return i
    return hi


def _space(text: str, lo: int, hi: int, first: bool) -> int | None:
    """The first (or last) line break or space in [lo, hi), or None."""
    found = [i for i in ((text.find if first else text.rfind)(ch, lo, hi) for ch in ("\n", " ")) if i >= 0]
    return (min(found) if first else max(found)) if found else None


def windows(pieces: Iterable[str], size: int = SIZE, overlap: int = OVERLAP) -> Iterator[Window]:
    """The windows covering the text given as ``pieces``, in order."""
    size = max(size, 1)
    buf, buf_at = "", 0  # buf is text[buf_at : buf_at + len(buf)]
    core = 0  # where the next core starts (whole-text offset)
    ended = False
    it = iter(pieces)
    while True:
        # enough text for a core and its right context, or the end
        while not ended and buf_at + len(buf) < core + size + 2 * overlap:
            piece = next(it, None)
            if piece is None:
                ended = True
                break
            buf += piece
        total = buf_at + len(buf)
        if ended and total - core <= size + overlap:
            end = total
        else:
            # cut the core near core + size, at a line break in its last half
            end = max(buf_at + _cut(buf, core + size // 2 - buf_at, core + size - buf_at), core + 1)
        # the context each side starts and ends between words (full words
        # only), as far from the core as the overlap allows
        start = 0
        if core > 0:
            lo = max(buf_at, core - overlap)
            at = _space(buf, lo - buf_at, core - buf_at, first=True)
            start = lo if lo == 0 or at is None else buf_at + at
        hi = min(total, end + overlap)
        stop = total
        if hi < total:
            at = _space(buf, end - buf_at, hi - buf_at, first=False)
            stop = hi if at is None else buf_at + at + 1
        yield Window(start, buf[start - buf_at : stop - buf_at], core, end)
        if end >= total:
            return
        core = end
        drop = max(0, core - overlap - buf_at)
        buf, buf_at = buf[drop:], buf_at + drop
