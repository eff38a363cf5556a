"""A document goes new -> in_progress with its first edit and -> done with
Ctrl+D; Alt+Down / Alt+Up (or Ctrl+PgDown / Ctrl+PgUp) move through the list;
the list shows the progress count and filters by status, label and text."""

from PySide6.QtCore import Qt

from annotator.model import Document
from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_status_progress_and_next_previous(qtbot, docs_project, open_editor):
    docs_project.add_document(Document(id="third", text="زار الوفد طرابلس"))
    window = open_editor(docs_project, "tricky")
    assert window.doc_list.progress.text() == "progress: 0/3 done"

    start = TRICKY.index("طرابلس")
    drag_select(qtbot, window, start, start + 6)
    press(qtbot, window, "4")
    assert docs_project.document_status("tricky") == "in_progress"
    press(qtbot, window, Qt.Key.Key_D, CTRL)

    assert docs_project.document_status("tricky") == "done"
    assert window.doc_list.progress.text() == "progress: 1/3 done"
    assert "done" in window.status_label.text()

    press(qtbot, window, Qt.Key.Key_Down, ALT)
    assert window.doc_id == "seed"
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert window.doc_id == "third"
    press(qtbot, window, Qt.Key.Key_Down, ALT)  # the last one: stays
    assert window.doc_id == "third"
    press(qtbot, window, Qt.Key.Key_Up, ALT)
    assert window.doc_id == "seed"


def test_document_list_filters(qtbot, docs_project, open_editor):
    docs_project.add_document(Document(id="third", text="زار الوفد طرابلس"))
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("2016")
    drag_select(qtbot, window, start, start + 4)
    press(qtbot, window, "6")
    listing = window.doc_list

    def ids():
        return [r.id for r in listing.model.rows]

    listing.label_filter.setCurrentIndex(listing.label_filter.findData("NUMBER"))
    assert ids() == ["tricky"]
    listing.label_filter.setCurrentIndex(0)
    listing.status_filter.setCurrentIndex(listing.status_filter.findData("new"))
    assert ids() == ["seed", "third"]
    listing.status_filter.setCurrentIndex(0)
    type_text(listing.text_filter, "الوفد")
    listing.apply_filters()
    assert ids() == ["third"]

    row = listing.model.index(0, 0)
    qtbot.mouseClick(listing.table.viewport(), Qt.MouseButton.LeftButton, pos=listing.table.visualRect(row).center())
    assert window.doc_id == "third"
