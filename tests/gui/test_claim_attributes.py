"""The side panel edits a claim's claimant and certainty and a number's
value and kind; each change is stored at once and can be undone."""

from PySide6.QtCore import Qt

from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press, type_text


def test_claimant_and_certainty_are_stored(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("إنَّ")
    drag_select(qtbot, window, start, TRICKY.index("عام"))
    press(qtbot, window, "7")
    panel = window.side
    assert panel.claim_box.isVisibleTo(window) and not panel.number_box.isVisibleTo(window)

    panel.claimant_edit.setFocus()
    type_text(panel.claimant_edit, "وزير الخارجية")
    qtbot.keyClick(panel.claimant_edit, Qt.Key.Key_Return)
    panel.certainty_box.setCurrentIndex(panel.certainty_box.findData("reported"))
    panel.certainty_box.activated.emit(panel.certainty_box.currentIndex())

    [claim] = docs_project.spans("tricky")
    assert claim.attrs == {"claimant": "وزير الخارجية", "certainty": "reported"}
    window.undo()
    assert docs_project.spans("tricky")[0].attrs == {"claimant": "وزير الخارجية"}


def test_a_number_value_typed_in_arabic_indic_digits_is_read(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("٤٣")
    drag_select(qtbot, window, start, start + 2)
    press(qtbot, window, "6")
    assert docs_project.spans("tricky")[0].attrs == {"value": 43, "kind": "cardinal"}

    window.side.value_edit.setText("٤٤٫٥")  # a correction, with the Arabic decimal separator
    window.side.value_edit.editingFinished.emit()

    assert docs_project.spans("tricky")[0].attrs == {"value": 44.5, "kind": "cardinal"}
