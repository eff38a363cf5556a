"""A double-click selects the word under the mouse without its proclitic:
on وليبيا it takes ليبيا, which the GPE key then stores."""

from PySide6.QtCore import QPoint, Qt

from tests.conftest import TRICKY
from tests.gui.conftest import press


def test_double_click_takes_the_word_without_its_proclitic(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("وليبيا")
    window.view.ensure_visible_cp(start)
    lead, trail, y = window.view.char_box(start + 3)

    qtbot.mouseDClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(round((lead + trail) / 2), round(y)),
    )
    assert window.view.selection_cp() == (start + 1, start + 6)
    press(qtbot, window, "4")

    [span] = docs_project.spans("tricky")
    assert TRICKY[span.start : span.end] == "ليبيا"
