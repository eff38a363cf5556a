"""File ▸ Labels… edits the scheme: a new label with its own colour and
hotkey appears on the palette and its key labels at once; a label still
used by spans cannot be removed, and the dialog says why."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.model import Label
from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press


def _save(qtbot, dialog):
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_add_a_label_with_a_hotkey_and_use_it(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    dialog = window.edit_scheme()
    row = dialog.add_row(Label(name="EVENT", layer="entity", color="#ffcc00"))
    dialog.table.item(row, 3).setText("0")
    dialog.set_colour(row, "#00aa88")

    _save(qtbot, dialog)

    label = docs_project.scheme().get("entity", "EVENT")
    assert (label.color, label.hotkey) == ("#00aa88", "0")
    assert ("entity", "EVENT") in window.palette_bar.buttons
    assert window.palette_bar.buttons[("entity", "EVENT")].text() == "0  EVENT"
    start = TRICKY.index("2016")
    drag_select(qtbot, window, start, start + 4)
    press(qtbot, window, "0")
    assert [s.label for s in docs_project.spans("tricky")] == ["EVENT"]


def test_a_label_in_use_cannot_be_removed(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("طرابلس")
    drag_select(qtbot, window, start, start + 6)
    press(qtbot, window, "4")
    dialog = window.edit_scheme()
    gpe = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "GPE")
    dialog.table.removeRow(gpe)

    _save(qtbot, dialog)

    assert dialog.isVisible()
    assert "GPE" in dialog.error.text() and "used by 1 spans" in dialog.error.text()
    assert docs_project.scheme().get("entity", "GPE") is not None


def test_a_duplicate_hotkey_is_refused(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    dialog = window.edit_scheme()
    dialog.table.item(0, 3).setText("2")  # PERSON takes ORG's key

    _save(qtbot, dialog)

    assert "hotkey '2'" in dialog.error.text()
    assert docs_project.scheme().get("entity", "PERSON").hotkey == "1"
