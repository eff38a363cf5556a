"""Close the editor, reopen the project: every span, attribute, relation
and status is still there, and Ctrl+Z still undoes the last edit."""

from PySide6.QtCore import Qt

from annotator.store import Project
from tests.conftest import TRICKY
from tests.gui.conftest import click_cp, drag_select, press


def test_everything_is_there_after_reopening(qtbot, tmp_path, docs_project, open_editor):
    path = docs_project.path
    window = open_editor(docs_project, "tricky")
    number = TRICKY.index("2016")
    drag_select(qtbot, window, number, number + 4)
    press(qtbot, window, "6")
    window.side.value_edit.setText("2016")
    window.side.kind_box.setCurrentIndex(window.side.kind_box.findData("year"))
    window.side.kind_box.activated.emit(window.side.kind_box.currentIndex())
    word = TRICKY.index("طرابلس")
    drag_select(qtbot, window, word, word + 6)
    press(qtbot, window, "4")
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # mark done
    before = [(s.start, s.end, s.label, s.attrs) for s in docs_project.spans("tricky")]
    window.close()
    docs_project.close()

    reopened = Project.open(path)
    again = open_editor(reopened, "tricky")

    assert [(s.start, s.end, s.label, s.attrs) for s in again.view.index] == before
    assert before[1][3] == {"value": 2016, "kind": "year"}
    assert reopened.document_status("tricky") == "done"
    click_cp(qtbot, again, word + 1)
    assert again.side.surface.text() == "طرابلس"

    press(qtbot, again, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes "done"
    press(qtbot, again, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes طرابلس
    assert [s.label for s in reopened.spans("tricky")] == ["NUMBER"]
    again.close()
    reopened.close()
