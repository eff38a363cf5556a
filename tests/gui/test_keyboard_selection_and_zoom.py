"""Everything from the keyboard: select with Shift+arrows (in Arabic the
left arrow reads forward), press the label key; zoom with Ctrl+= / Ctrl+-
/ Ctrl+0; toggle wrapping with Ctrl+W."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from tests.conftest import TRICKY
from tests.gui.conftest import press

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_shift_arrows_select_a_word_and_the_key_labels_it(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("طرابلس")
    window.view.ensure_visible_cp(start)  # the caret before the word

    for _ in range(len("طرابلس")):
        press(qtbot, window, Qt.Key.Key_Left, SHIFT)
    press(qtbot, window, "4")

    [span] = docs_project.spans("tricky")
    assert TRICKY[span.start : span.end] == "طرابلس"


def test_zoom_and_wrap_keys(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "seed")
    size = window.view.font().pointSize()

    press(qtbot, window, Qt.Key.Key_Equal, CTRL)
    press(qtbot, window, Qt.Key.Key_Equal, CTRL)
    assert window.view.font().pointSize() == size + 2
    press(qtbot, window, Qt.Key.Key_Minus, CTRL)
    assert window.view.font().pointSize() == size + 1
    press(qtbot, window, Qt.Key.Key_0, CTRL)
    assert window.view.font().pointSize() == size

    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert window.view.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert window.view.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
