"""Paints spans onto the document, one block at a time.

Looks up the block's spans in the :class:`SpanIndex` and merges the three
layers per run of characters, so overlaps stay readable: entities as a
background colour, numbers as bold brown text on a tint of their colour, claims
as an underline. Suggestions are drawn faded. Formats live in the layout
only (``QSyntaxHighlighter``), never in the document's text; an edit
repaints just the blocks it touches (``rehighlightBlock``).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.model import SPAN_LAYERS, Scheme
from annotator.ui.spanindex import Placed, SpanIndex

FADED_ALPHA = 70
NUMBER_TEXT = QColor("#8a4b00")


def _colour(hex_colour: str, faded: bool) -> QColor:
    colour = QColor(hex_colour)
    if faded:
        colour.setAlpha(FADED_ALPHA)
    return colour


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, index: SpanIndex, scheme: Scheme):
        super().__init__(document)
        self.index = index
        self.scheme = scheme
        self.hidden_layers: set[str] = set()
        self.colours: dict[tuple[str, str], str] | None = None  # the high-contrast set, when on
        self._formats: dict[tuple, QTextCharFormat] = {}

    def set_index(self, index: SpanIndex) -> None:
        self.index = index

    def set_scheme(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self._formats.clear()
        self.rehighlight()

    def set_layer_visible(self, layer: str, visible: bool) -> None:
        (self.hidden_layers.discard if visible else self.hidden_layers.add)(layer)
        self.rehighlight()

    def repaint_blocks(self, blocks: Iterable[int]) -> None:
        doc = self.document()
        for n in blocks:
            block = doc.findBlockByNumber(n)
            if block.isValid():
                self.rehighlightBlock(block)

    # ------------------------------------------------------------- painting
    def highlightBlock(self, text: str) -> None:
        placed = self.index.in_block(self.currentBlock().blockNumber())
        if not placed:
            return
        block = self.currentBlock()
        pos = block.position()
        length = block.length() - 1  # UTF-16 units, without the block break
        items = [p for p in placed if p.span.layer not in self.hidden_layers]
        if not items:
            return
        cuts = {0, length}
        for p in items:
            cuts.add(min(max(p.start - pos, 0), length))
            cuts.add(min(max(p.end - pos, 0), length))
        edges = sorted(cuts)
        for a, b in zip(edges, edges[1:], strict=False):
            if a == b:
                continue
            key = self._key([p for p in items if p.start - pos <= a and p.end - pos >= b])
            if key is not None:
                self.setFormat(a, b - a, self._format(key))

    def _key(self, covering: list[Placed]) -> tuple | None:
        """Per layer the innermost covering span decides: (label, faded)."""
        best: dict[str, Placed] = {}
        for p in covering:
            if p.span.layer not in SPAN_LAYERS:
                continue  # document and sentence labels are drawn by their own bars, not as highlights
            cur = best.get(p.span.layer)
            if cur is None or (p.end - p.start) < (cur.end - cur.start):
                best[p.span.layer] = p
        if not best:
            return None
        return tuple(
            (best[layer].span.label, best[layer].span.status == "suggested") if layer in best else None
            for layer in SPAN_LAYERS
        )

    def _format(self, key: tuple) -> QTextCharFormat:
        fmt = self._formats.get(key)
        if fmt is not None:
            return fmt
        fmt = QTextCharFormat()
        entity, number, claim = key
        if entity:
            fmt.setBackground(_colour(self._label_colour("entity", entity[0]), entity[1]))
        if number:
            colour = _colour(self._label_colour("number", number[0]), number[1])
            fmt.setForeground(NUMBER_TEXT if not number[1] else QColor(138, 75, 0, 150))
            fmt.setFontWeight(QFont.Weight.Bold)
            if not entity:
                tint = QColor(colour)
                tint.setAlpha(45 if not number[1] else 25)
                fmt.setBackground(tint)
        if claim:
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.DashUnderline
                if claim[1]
                else QTextCharFormat.UnderlineStyle.SingleUnderline
            )
            fmt.setUnderlineColor(_colour(self._label_colour("claim", claim[0]), claim[1]))
        self._formats[key] = fmt
        return fmt

    def set_colours(self, colours: dict[tuple[str, str], str] | None) -> None:
        """Colours that replace the scheme's (the high-contrast set), or None."""
        self.colours = colours
        self._formats.clear()
        self.rehighlight()

    def _label_colour(self, layer: str, name: str) -> str:
        if self.colours and (layer, name) in self.colours:
            return self.colours[(layer, name)]
        label = self.scheme.get(layer, name)
        return label.color if label else "#bbbbbb"
