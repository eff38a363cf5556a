"""Ctrl+Z takes the last edit back and Ctrl+Shift+Z puts it back, in the
project and on screen; the document's automatic new -> in_progress goes
with the first edit."""

from PySide6.QtCore import Qt

from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_undo_and_redo_a_new_span(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("طرابلس")
    drag_select(qtbot, window, start, start + 6)
    press(qtbot, window, "4")
    [span] = docs_project.spans("tricky")
    assert docs_project.document_status("tricky") == "in_progress"

    press(qtbot, window, Qt.Key.Key_Z, CTRL)

    assert docs_project.spans("tricky") == []
    assert span.id not in window.view.index
    assert docs_project.document_status("tricky") == "new"

    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)

    assert [s.id for s in docs_project.spans("tricky")] == [span.id]
    assert window.view.index.get(span.id).label == "GPE"
    assert docs_project.document_status("tricky") == "in_progress"


def test_undo_a_relabel_restores_the_old_label(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("طرابلس")
    drag_select(qtbot, window, start, start + 6)
    press(qtbot, window, "4")
    press(qtbot, window, "3")  # the new span is selected: relabel it LOC
    assert [s.label for s in docs_project.spans("tricky")] == ["LOC"]

    press(qtbot, window, Qt.Key.Key_Z, CTRL)

    assert [s.label for s in docs_project.spans("tricky")] == ["GPE"]
    assert [s.label for s in window.view.index] == ["GPE"]
