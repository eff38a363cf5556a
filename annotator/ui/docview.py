"""The document, shown right-to-left as read-only plain text.

A ``QPlainTextEdit`` (it lays out lazily, so a 1 MB document opens at once)
with the bundled Arabic font, right alignment (``AlignRight | AlignAbsolute``
on the text option plus right-to-left direction: without the option Qt
draws right-to-left but left-aligned), zoom and wrapping. Spans are painted
by :class:`SpanHighlighter` from a :class:`SpanIndex`; only the selected span
and find hits use extra selections (cheap for a handful of ranges).

A mouse drag selects from the grapheme under its press to the one under
the pointer, both included, hit-tested on the glyphs the layout drew (Qt's
own caret position is ambiguous at the edge of a Latin or digit run inside
Arabic); what the range then snaps to is the window's ``snapper`` (a rule
of the Qt-free core). Claim-to-source relations are painted over the text
as arcs. Every change of the shown spans is announced (``spansReset``,
``spanPut``, ``spansPut``, ``spanDropped``) for the span list.

Everything here speaks the view's coordinates (UTF-16 units, CRLF as one);
the public methods convert to and from the stored code points through the
document's :class:`OffsetMap`, the only place offsets are converted.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from typing import cast

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from annotator.arabic.offsets import OffsetMap
from annotator.model import Relation, Scheme, Span
from annotator.ui.fonts import document_font
from annotator.ui.highlighter import SpanHighlighter
from annotator.ui.i18n import isolated
from annotator.ui.spanindex import Placed, SpanIndex

HIT_COLOUR = QColor(255, 235, 59, 150)
CURRENT_HIT_COLOUR = QColor(255, 152, 0, 170)
SELECTED_COLOUR = QColor(20, 60, 200)
LINK_COLOUR = QColor(106, 27, 154)  # claim-to-source arcs: the claim layer's purple, darker
MIN_POINT_SIZE, MAX_POINT_SIZE = 8, 48
# How far (in UTF-16 units) from Qt's caret guess the hit test looks first;
# a left-to-right run longer than this falls back to scanning its line.
_HIT_WINDOW = 64
EAGER_BLOCKS = 60  # a bulk change touching more blocks paints the visible ones first
DEFERRED_PER_TURN = 200


class DocumentView(QPlainTextEdit):
    """Emits :attr:`spanClicked` with a span id (or "" for empty space) when
    a click, not a drag, lands on the text."""

    spanClicked = Signal(str)
    # What the view shows changed: every span (load, set_spans), or one span put or dropped (its id).
    spansReset = Signal()
    spanPut = Signal(str)
    spansPut = Signal(list)  # many spans put at once (accept-all, label-all): their ids
    spanDropped = Signal(str)

    def __init__(self, scheme: Scheme, parent=None, highlighter: type[SpanHighlighter] = SpanHighlighter):
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setFont(document_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMouseTracking(True)
        self.text = ""
        self.omap = OffsetMap("", drop_cr=True)
        self.index = SpanIndex(self.omap)
        self.highlighter = highlighter(self.document(), self.index, scheme)
        self.selected_id: str | None = None
        self._hits: list[tuple[int, int]] = []
        self._current_hit = -1
        self._press: QPoint | None = None
        self._click_cycle: tuple[int | None, int] = (-1, 0)
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self._deferred: set[int] = set()  # blocks a bulk change still has to repaint
        self.word_at: Callable[[str, int], tuple[int, int]] | None = None
        # What a drag selects, from the code points under its two ends (cluster or token snapping).
        self.snapper: Callable[[str, int, int], tuple[int, int]] | None = None
        self._drag_from: int | None = None
        # The document's relations, read at paint time; those labelled link_label are drawn as arcs.
        self.links: Callable[[], Sequence[Relation]] | None = None
        self.link_label = "SOURCE"
        self._links_by_head: tuple[tuple[int, int], dict[str, list[str]]] = ((0, 0), {})
        self._painted_links: tuple = ()
        self._apply_text_option()

    # ------------------------------------------------------------ content
    def load(self, text: str, spans: Sequence[Span]) -> None:
        """Show ``text`` (plain text, never HTML) with ``spans`` painted."""
        self.text = text
        self._deferred.clear()
        self.omap = OffsetMap(text, drop_cr=True)
        self.index = SpanIndex(self.omap, spans)
        self.highlighter.set_index(self.index)
        self.selected_id = None
        self._hits, self._current_hit = [], -1
        # Detach while the text goes in: one full highlight pass, not one per insert.
        self.highlighter.setDocument(None)
        # The stored text itself: Qt drops the \r of each \r\n exactly as the
        # offset map counts. (Pre-replacing \r\n would turn \r\r\n into a new \r\n.)
        self.setPlainText(text)
        self._apply_text_option()
        self.highlighter.setDocument(self.document())
        self._update_extra()
        self.spansReset.emit()

    def set_spans(self, spans: Sequence[Span]) -> None:
        self._deferred.clear()  # everything is repainted below
        self.index = SpanIndex(self.omap, spans)
        self.highlighter.set_index(self.index)
        if self.selected_id not in self.index:
            self.selected_id = None
        self.highlighter.rehighlight()
        self._update_extra()
        self.spansReset.emit()

    def put_span(self, span: Span) -> None:
        """Add or replace one span and repaint only its blocks."""
        self.highlighter.repaint_blocks(self.index.update(span))
        if span.id == self.selected_id:
            self._update_extra()
        self.spanPut.emit(span.id)

    def put_spans(self, spans: Sequence[Span]) -> None:
        """Add or replace many spans (accept-all, label-all): the blocks on
        screen are repainted now, the others a few hundred per turn of the
        event loop right after, so a thousand changes do not hold up the
        window."""
        blocks: set[int] = set()
        for span in spans:
            blocks.update(self.index.update(span))
        if len(blocks) > EAGER_BLOCKS:
            visible = self.visible_blocks()
            self._deferred.update(blocks - visible)
            blocks &= visible
            QTimer.singleShot(0, self._paint_deferred)
        self.highlighter.repaint_blocks(sorted(blocks))
        if self.selected_id in {s.id for s in spans}:
            self._update_extra()
        self.spansPut.emit([span.id for span in spans])  # one signal, not a thousand

    def visible_blocks(self) -> set[int]:
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        out: set[int] = set()
        while block.isValid() and self.blockBoundingGeometry(block).translated(offset).top() <= height:
            out.add(block.blockNumber())
            block = block.next()
        return out

    def _paint_deferred(self) -> None:
        if not self._deferred:
            return
        batch = sorted(self._deferred)[:DEFERRED_PER_TURN]
        self._deferred.difference_update(batch)
        self.highlighter.repaint_blocks(batch)
        if self._deferred:
            QTimer.singleShot(0, self._paint_deferred)

    def drop_span(self, span_id: str) -> None:
        self.highlighter.repaint_blocks(self.index.remove(span_id))
        if span_id == self.selected_id:
            self.selected_id = None
            self._update_extra()
        self.spanDropped.emit(span_id)

    def _apply_text_option(self) -> None:
        option = self.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        self.document().setDefaultTextOption(option)

    # -------------------------------------------------------- zoom, wrap
    def zoom(self, steps: int) -> None:
        font = self.font()
        if steps == 0:
            size = document_font().pointSize()
        else:
            size = min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, font.pointSize() + steps))
        font.setPointSize(size)
        self.setFont(font)

    def set_wrapping(self, wrap: bool) -> None:
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth if wrap else QPlainTextEdit.LineWrapMode.NoWrap)

    # ---------------------------------------------------------- selection
    def selection_cp(self) -> tuple[int, int] | None:
        """The selected range as stored offsets (logical order, whatever the
        direction of the drag), or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.omap.span_to_cp(cursor.selectionStart(), cursor.selectionEnd())

    def set_selection_cp(self, start: int, end: int, backward: bool = False) -> None:
        """Select stored range ``[start, end)``; ``backward`` puts the caret
        (the end that moves, and that is kept in view) at ``start``."""
        cursor = self.textCursor()
        a, b = self.omap.span_to_view(start, end)
        if backward:
            a, b = b, a
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def select_span(self, span_id: str | None, scroll: bool = True) -> None:
        self.selected_id = span_id if span_id in self.index else None
        self._update_extra()
        placed = self.index.placed(self.selected_id) if self.selected_id else None
        if placed and scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(placed.start, self.omap.view_length))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def set_hits(self, hits_cp: Sequence[tuple[int, int]], current: int = -1) -> None:
        self._hits = [self.omap.span_to_view(s, e) for s, e in hits_cp]
        self._current_hit = current
        self._update_extra()
        if 0 <= current < len(self._hits):
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._hits[current][0])
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def _extra(self, start: int, end: int, colour: QColor, outline: bool = False) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        if outline:  # a frame, so the layers' colours under it stay visible
            fmt.setProperty(QTextFormat.Property.OutlinePen, QPen(colour, 2))
        else:
            fmt.setBackground(colour)
        sel.format = fmt
        return sel

    def _update_extra(self) -> None:
        extras = [
            self._extra(s, e, CURRENT_HIT_COLOUR if i == self._current_hit else HIT_COLOUR)
            for i, (s, e) in enumerate(self._hits)
        ]
        placed = self.index.placed(self.selected_id) if self.selected_id else None
        if placed:
            colour = getattr(self, "selected_colour", None) or SELECTED_COLOUR
            extras.append(self._extra(placed.start, placed.end, colour, outline=True))
        self.setExtraSelections(extras)

    # -------------------------------------------------------- hit testing
    def char_at(self, point: QPoint | QPointF) -> int | None:
        """View offset of the character drawn under ``point`` (viewport
        coordinates), or None over empty space."""
        return self.char_under(point)

    def char_under(self, point: QPoint | QPointF, nearest: bool = False) -> int | None:
        """View offset of the grapheme (a letter with its harakat, an emoji
        sequence) whose glyph holds the pixel under ``point``. Hit-tested on the layout's own glyph boxes, not on the
        caret position Qt picks for an x: at the edge of a left-to-right run
        inside right-to-left text that caret stands at the far end of the
        run. ``nearest=True``: over empty space, the closest character on
        the nearest line (for drags that run past a line's end)."""
        x, y = math.floor(point.x()) + 0.5, math.floor(point.y()) + 0.5
        found = self._line_at(y, nearest)
        if found is None:
            return None
        block, layout, line, origin = found
        base = block.position()
        first, last = line.textStart(), line.textStart() + line.textLength()
        block_end = block.length() - 1  # the block break is no character
        last = min(last, block_end)
        if first >= last:
            return None
        guess = line.xToCursor(x - origin.x())
        near = range(max(first, guess - _HIT_WINDOW), min(last, guess + _HIT_WINDOW))
        for candidates in (near, range(first, last)):
            best: tuple[float, int] | None = None
            closest: tuple[float, int] | None = None
            for rel in candidates:
                if not layout.isValidCursorPosition(rel):
                    # inside a grapheme (a harakah, the rest of an emoji or of a
                    # surrogate pair): Qt gives it the next grapheme's edges
                    continue
                pos = base + rel
                lead, trail = self._line_edges(layout, line, rel, pos)
                left, right = origin.x() + min(lead, trail), origin.x() + max(lead, trail)
                if left <= x <= right and right > left:
                    distance = abs(x - (left + right) / 2)
                    if best is None or distance < best[0]:
                        best = (distance, pos)
                elif nearest and right > left:
                    gap = min(abs(x - left), abs(x - right))
                    if closest is None or gap < closest[0]:
                        closest = (gap, pos)
            if best is not None:
                return best[1]
            if candidates is not near and nearest and closest is not None:
                return closest[1]
        return None

    def _line_at(self, y: float, nearest: bool):
        """(block, layout, line, origin) of the laid-out line at viewport
        height ``y``; with ``nearest``, the closest visible line."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        best = None
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > y and best is not None:
                break
            if block.isVisible():
                layout = block.layout()
                origin = geometry.topLeft() + layout.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    top = origin.y() + line.y()
                    if top <= y < top + line.height():
                        return block, layout, line, origin
                    gap = min(abs(y - top), abs(y - top - line.height()))
                    if nearest and (best is None or gap < best[0]):
                        best = (gap, (block, layout, line, origin))
            if geometry.top() > self.viewport().height():
                break
            block = block.next()
        return best[1] if best else None

    def _line_edges(self, layout, line: QTextLine, rel: int, view_pos: int) -> tuple[float, float]:
        """(leading x, trailing x) of the character at ``rel`` in its
        block, relative to the layout. Caret edges first; where they
        collapse (the first character of a Latin or digit run inside
        Arabic, where the caret position is ambiguous, or a harakah) the
        glyphs Qt drew decide."""
        lead = line.cursorToX(rel, QTextLine.Edge.Leading)
        trail = line.cursorToX(rel, QTextLine.Edge.Trailing)
        # cursorToX gives x, or a tuple that starts with x
        lead = cast(float, lead[0] if isinstance(lead, tuple) else lead)
        trail = cast(float, trail[0] if isinstance(trail, tuple) else trail)
        if abs(lead - trail) < 0.5:
            units = (
                self.omap.to_view(self.omap.to_cp(view_pos) + 1) - view_pos if view_pos < self.omap.view_length else 1
            )
            runs = [r for r in layout.glyphRuns(rel, max(1, units)) if r.glyphIndexes()]
            if runs:
                left = min(r.boundingRect().left() for r in runs)
                right = max(r.boundingRect().right() for r in runs)
                if right > left:
                    lead, trail = (right, left) if runs[0].isRightToLeft() else (left, right)
        return lead, trail

    def _glyph_box(self, view_pos: int) -> tuple[float, float, float, float]:
        """(leading x, trailing x, middle y, line height) of the character at
        a view offset, in viewport coordinates."""
        block = self.document().findBlock(view_pos)
        # first: asking for the block's geometry lays it out, and a block outside the viewport may
        # not be yet (the line of a block never laid out is invalid, and reading it crashes Qt)
        geometry = self.blockBoundingGeometry(block)
        layout = block.layout()
        rel = view_pos - block.position()
        line = layout.lineForTextPosition(rel)
        if not line.isValid():
            raise ValueError(f"view offset {view_pos} is not laid out")
        origin = geometry.translated(self.contentOffset()).topLeft() + layout.position()
        middle = origin.y() + line.y() + line.height() / 2
        lead, trail = self._line_edges(layout, line, rel, view_pos)
        return origin.x() + lead, origin.x() + trail, middle, line.height()

    def char_box(self, cp: int) -> tuple[float, float, float]:
        """Where the character at code point ``cp`` is drawn, in viewport
        coordinates: (x of its leading edge, x of its trailing edge, y of the
        middle of its line). In right-to-left text the leading edge is the
        right one; in a Latin or digit run inside it, the left one."""
        lead, trail, middle, _ = self._glyph_box(self.omap.to_view(cp))
        return lead, trail, middle

    def _cursor_at(self, pos: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        return cursor

    def spans_at_point(self, point: QPoint) -> list[Placed]:
        pos = self.char_at(point)
        if pos is None:
            return []
        return [p for p in self.index.at(pos) if p.span.layer not in self.highlighter.hidden_layers]

    def ensure_visible_cp(self, cp: int) -> None:
        """Put the caret before code point ``cp`` and scroll it into view."""
        self.setTextCursor(self._cursor_at(self.omap.to_view(cp)))
        self.ensureCursorVisible()

    # -------------------------------------------------------------- links
    def link_paths(self) -> list[tuple[str, str, QPainterPath]]:
        """The arc of each link whose two spans are both on screen: from
        the top of the source entity (its middle) up and over to the top
        of the claim's first letter (under the text instead, where the top
        of the view would cut it), in viewport coordinates."""
        relations = self.links() if self.links is not None else ()
        if not relations:
            return []
        key = (id(relations), len(relations))
        if self._links_by_head[0] != key:
            by_head: dict[str, list[str]] = {}
            for rel in relations:
                if rel.label == self.link_label:
                    by_head.setdefault(rel.head, []).append(rel.tail)
            self._links_by_head = (key, by_head)
        by_head = self._links_by_head[1]
        lo, hi = self._visible_range()
        hidden = self.highlighter.hidden_layers
        heads = dict.fromkeys(
            p.span.id
            for n in self.index.blocks_of(lo, max(lo + 1, hi))
            for p in self.index.in_block(n)
            if p.span.id in by_head
        )
        out = []
        for head, tail in ((h, t) for h in heads for t in by_head[h]):
            a, b = self.index.placed(head), self.index.placed(tail)
            if a is None or b is None or a.span.layer in hidden or b.span.layer in hidden:
                continue
            if not (lo <= a.start < hi and lo <= b.start and b.end <= hi):
                continue
            first, last = self._glyph_box(b.start), self._glyph_box(max(b.start, b.end - 1))
            xs = (first[0], first[1], last[0], last[1]) if abs(first[2] - last[2]) < 1 else (first[0], first[1])
            lead, _trail, middle, height = self._glyph_box(a.start)
            rise = min(40.0, 10.0 + abs(lead - (min(xs) + max(xs)) / 2) * 0.15)
            side = -1  # over the text; under it where the top of the view would clip the arc
            if min(first[2] - first[3] / 2, middle - height / 2) - rise < 0:
                side = 1
            tail_point = QPointF((min(xs) + max(xs)) / 2, first[2] + side * (first[3] / 2 - 2))
            head_point = QPointF(lead, middle + side * (height / 2 - 2))
            edge = min(head_point.y(), tail_point.y()) if side < 0 else max(head_point.y(), tail_point.y())
            control = QPointF((head_point.x() + tail_point.x()) / 2, edge + side * rise)
            path = QPainterPath(tail_point)
            path.quadTo(control, head_point)
            out.append((head, tail, path))
        return out

    def _visible_range(self) -> tuple[int, int]:
        """View offsets of the first and past the last character of the
        blocks drawn in the viewport (laid out, so their glyphs are known)."""
        block = self.firstVisibleBlock()
        lo = block.position() if block.isValid() else 0
        hi = lo
        offset, height = self.contentOffset(), self.viewport().height()
        while block.isValid():
            if self.blockBoundingGeometry(block).translated(offset).top() > height:
                break
            if block.isVisible() and block.layout().lineCount():
                hi = block.position() + block.length() - 1
            block = block.next()
        return lo, hi

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paths = self.link_paths()
        signature = tuple((h, t, p.boundingRect().getRect()) for h, t, p in paths)
        if signature != self._painted_links:
            # A link came, went or moved: paint the whole viewport once, so no old arc stays.
            self._painted_links = signature
            self.viewport().update()
        if not paths:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(LINK_COLOUR, 1.6)
        painter.setPen(pen)
        for _head, _tail, path in paths:
            painter.drawPath(path)
            painter.setBrush(LINK_COLOUR)
            painter.drawEllipse(path.pointAtPercent(0), 2.5, 2.5)  # the source end
            end, before = path.pointAtPercent(1), path.pointAtPercent(0.93)
            painter.drawEllipse(end, 1.5, 1.5)
            painter.drawLine(before, end)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.end()

    # ------------------------------------------------------------- events
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton and not event.modifiers():
            # A press inside the old selection would otherwise start a text drag-and-drop.
            self.clear_selection()
            self._drag_from = self.char_under(event.position(), nearest=True)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)  # Qt's own selection, and its autoscroll past the edges
        if self._dragging(event):
            self._select_dragged(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        point = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if (point - press).manhattanLength() > 3:
            if self._drag_from is not None:
                self._select_dragged(event.position())
            self._drag_from = None
            return
        self._drag_from = None
        if self.textCursor().hasSelection():
            return
        hits = self.spans_at_point(point)
        if not hits:
            self.spanClicked.emit("")
            return
        # Clicking the same character again steps through the spans stacked on it.
        char = self.char_at(point)
        last_char, turn = self._click_cycle
        turn = turn + 1 if char == last_char else 0
        self._click_cycle = (char, turn)
        self.spanClicked.emit(hits[turn % len(hits)].span.id)

    def _dragging(self, event: QMouseEvent) -> bool:
        return (
            self._press is not None
            and self._drag_from is not None
            and bool(event.buttons() & Qt.MouseButton.LeftButton)
            and (event.position().toPoint() - self._press).manhattanLength() > 3
        )

    def _select_dragged(self, point: QPointF) -> None:
        """Select from the character under the press to the one under
        ``point``, both included, whichever way the mouse went and however
        the runs are ordered on screen; then snap (clusters, or tokens)."""
        here = self.char_under(point, nearest=True)
        if here is None or self._drag_from is None:
            return
        lo, hi = sorted((self._drag_from, here))
        start, end = self.omap.to_cp(lo), self.omap.to_cp(hi) + 1
        if self.snapper is not None:
            start, end = self.snapper(self.text, start, end)
        if start < end:
            self.set_selection_cp(start, end, backward=here < self._drag_from)
        else:
            self.clear_selection()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = self.char_at(event.position().toPoint())
        if pos is None or self.word_at is None:
            super().mouseDoubleClickEvent(event)
            return
        start, end = self.word_at(self.text, self.omap.to_cp(pos))
        if start < end:
            self.set_selection_cp(start, end)
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)  # a ToolTip event is a QHelpEvent
            hits = self.spans_at_point(event.pos())
            if hits:
                QToolTip.showText(event.globalPos(), self.tooltip_html([p.span for p in hits]), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_html(self, spans: Sequence[Span]) -> str:
        """Label, annotator, status and attributes of each span; every value
        escaped, since attributes and surfaces come from documents."""
        rows = []
        for span in spans:
            surface = html.escape(self.text[span.start : span.end][:80])
            attrs = ", ".join(f"{html.escape(str(k))}={html.escape(str(v))}" for k, v in sorted(span.attrs.items()))
            line = (
                f"<b>{html.escape(span.label)}</b> ({html.escape(span.layer)}) · "
                f"{html.escape(span.annotator)} · {html.escape(span.status)}"
            )
            label = self.highlighter.scheme.get(span.layer, span.label) if hasattr(self.highlighter, "scheme") else None
            if label is not None and label.description:  # the label's description, from the scheme
                line += f"<br><i>{html.escape(label.description)}</i>"
            # the quoted surface isolated (FSI…PDI, as in the side panel): the Latin text around it
            # no longer pulled a Latin run's quotes to one side («iPhone» drawn as ««iPhone)
            rows.append(
                f"<p dir='rtl'>{line}<br>{isolated('«' + surface + '»')}" + (f"<br>{attrs}" if attrs else "") + "</p>"
            )
        return "".join(rows)
