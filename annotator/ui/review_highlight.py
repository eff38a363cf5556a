"""Paints review mode: every annotator's spans merged on one text, marked by
how they compare (see :mod:`annotator.review.diff`).

* agreed: green background;
* one-sided: amber background;
* label conflict: red background;
* boundary conflict: violet background with a wavy underline;
* already settled in gold: the colour fades and a solid blue underline
  marks the gold span itself;
* numbers are bold with an overline, as in the editor, so that a number
  inside a claim stays visible.

Builds on the editor's :class:`SpanHighlighter` (same block index, same
repainting); only the choice of format per run of characters differs. The
colours are listed in :data:`KIND_STYLE` so the legend shows the same ones.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCharFormat

from annotator.model import GOLD
from annotator.review.diff import AGREED, BOUNDARY_CONFLICT, KINDS, LABEL_CONFLICT, ONE_SIDED
from annotator.ui.highlighter import SpanHighlighter
from annotator.ui.spanindex import Placed

KIND_STYLE: dict[str, str] = {
    AGREED: "#b9e4bd",
    ONE_SIDED: "#ffd77a",
    LABEL_CONFLICT: "#f4a0a0",
    BOUNDARY_CONFLICT: "#d2a8f0",
}
KIND_TITLE: dict[str, str] = {
    AGREED: "agreed",
    ONE_SIDED: "one-sided",
    LABEL_CONFLICT: "label conflict",
    BOUNDARY_CONFLICT: "boundary conflict",
}
GOLD_UNDERLINE = QColor("#1f4fd6")
SETTLED_ALPHA = 90
SEVERITY = {kind: i for i, kind in enumerate(KINDS)}  # agreed < one-sided < label < boundary


class ReviewHighlighter(SpanHighlighter):
    """``kinds``: span id -> its item's kind; ``settled``: span ids whose
    item gold has settled."""

    def __init__(self, document, index, scheme):
        super().__init__(document, index, scheme)
        self.kinds: dict[str, str] = {}
        self.settled: set[str] = set()

    def set_marks(self, kinds: dict[str, str], settled: set[str], repaint: bool = True) -> None:
        """New marks (formats depend on the marks' key only, so the cache stays);
        ``repaint=False`` when the caller repaints next anyway."""
        self.kinds = kinds
        self.settled = settled
        if repaint:
            self.rehighlight()

    def _key(self, covering: list[Placed]) -> tuple | None:
        kind, settled, gold = None, True, False
        number = any(p.span.layer == "number" for p in covering)
        for p in covering:
            if p.span.annotator == GOLD:
                gold = True
                continue
            k = self.kinds.get(p.span.id)
            if k is None:
                continue
            if kind is None or SEVERITY[k] > SEVERITY[kind]:
                kind = k
            settled = settled and p.span.id in self.settled
        if kind is None and not gold:
            return None
        return (kind, settled if kind else False, gold, number)

    def _format(self, key: tuple) -> QTextCharFormat:
        fmt = self._formats.get(key)
        if fmt is not None:
            return fmt
        kind, settled, gold, number = key
        fmt = QTextCharFormat()
        if number:  # as in the editor: numbers stay visible inside claims
            fmt.setFontOverline(True)
            fmt.setFontWeight(QFont.Weight.Bold)
        if kind:
            colour = QColor(KIND_STYLE[kind])
            if settled:
                colour.setAlpha(SETTLED_ALPHA)
            fmt.setBackground(colour)
            if kind == BOUNDARY_CONFLICT and not settled:
                fmt.setFontUnderline(True)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor("#6a1b9a"))
        if gold:
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(GOLD_UNDERLINE)
            fmt.setFontWeight(QFont.Weight.DemiBold)
        self._formats[key] = fmt
        return fmt
