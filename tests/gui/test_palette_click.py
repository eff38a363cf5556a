"""Clicking a palette button does what its key does; the buttons show the
keys, and clicking one leaves the keyboard with the document."""

from PySide6.QtCore import Qt

from tests.conftest import TRICKY
from tests.gui.conftest import drag_select


def test_click_a_label_button_to_label_the_selection(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    assert [b.text() for b in window.palette_bar.buttons.values()] == [
        "1  PERSON",
        "2  ORG",
        "3  LOC",
        "4  GPE",
        "5  MISC",
        "6  NUMBER",
        "7  CLAIM",
        "CLAIMANT",
    ]
    start = TRICKY.index("Armytimes")
    drag_select(qtbot, window, start, start + len("Armytimes"))

    qtbot.mouseClick(window.palette_bar.buttons[("entity", "ORG")], Qt.MouseButton.LeftButton)

    [span] = docs_project.spans("tricky")
    assert (TRICKY[span.start : span.end], span.label) == ("Armytimes", "ORG")
    assert window.view.hasFocus()
