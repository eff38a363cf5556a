"""Layers are painted so overlaps stay readable and can be hidden; an edit
repaints only the block (paragraph) of the changed span."""

from PySide6.QtGui import QFont, QTextCharFormat

from annotator.model import Span
from annotator.ui.highlighter import NUMBER_TEXT, SpanHighlighter
from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press


def _format_at(window, cp):
    view_pos = window.view.omap.to_view(cp)
    block = window.view.document().findBlock(view_pos)
    rel = view_pos - block.position()
    ranges = block.layout().formats()
    for fmt_range in ranges:
        if fmt_range.start <= rel < fmt_range.start + fmt_range.length:
            return QTextCharFormat(fmt_range.format)
    return None


def test_overlapping_layers_each_keep_their_mark_and_a_layer_can_be_hidden(qtbot, docs_project, open_editor):
    start = TRICKY.index("2016")
    for layer, label, s, e in (
        ("entity", "MISC", start - 4, start + 4),
        ("number", "NUMBER", start, start + 4),
        ("claim", "CLAIM", 0, start + 4),
    ):
        docs_project.add_span("tricky", Span(start=s, end=e, label=label, layer=layer, annotator="amira"), "amira")
    window = open_editor(docs_project, "tricky")

    fmt = _format_at(window, start + 1)
    assert fmt.background().color().name() == "#d3b8f2"  # MISC's colour
    assert fmt.fontWeight() == QFont.Weight.Bold and fmt.foreground().color() == NUMBER_TEXT  # the number
    assert fmt.fontUnderline()  # the claim

    window.set_layer_visible("entity", False)
    fmt = _format_at(window, start + 1)
    assert fmt.background().color().name() != "#d3b8f2"
    assert fmt.foreground().color() == NUMBER_TEXT and fmt.fontUnderline()
    assert not window.palette_bar.layer_boxes["entity"].isChecked()


def test_an_edit_repaints_only_its_own_block(qtbot, docs_project, open_editor, monkeypatch):
    painted = []
    original = SpanHighlighter.highlightBlock
    monkeypatch.setattr(
        SpanHighlighter,
        "highlightBlock",
        lambda self, text: (painted.append(self.currentBlock().blockNumber()), original(self, text)),
    )
    window = open_editor(docs_project, "seed")
    assert len(set(painted)) == window.view.document().blockCount()  # the first paint covers every block
    text = window.text
    start = text.index("طرابلس") if "طرابلس" in text else text.index("ليبيا")
    block = window.view.document().findBlock(window.view.omap.to_view(start)).blockNumber()

    drag_select(qtbot, window, start, start + 5)
    painted.clear()
    press(qtbot, window, "4")

    assert set(painted) == {block}
