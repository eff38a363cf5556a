"""Ctrl+Shift+N pre-labels the document's numbers as faded suggestions with
their values; a number labelled by hand gets its value and kind read too."""

from PySide6.QtCore import Qt

from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press


def test_suggest_numbers_then_accept_one(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")

    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    suggested = {TRICKY[s.start : s.end]: s for s in window.view.index if s.status == "suggested"}
    assert suggested["2016"].attrs == {"value": 2016, "kind": "year"}
    assert suggested["٤٣"].attrs["value"] == 43
    window.select_span(suggested["٤٣"].id)
    press(qtbot, window, Qt.Key.Key_A)
    assert docs_project.get_span("tricky", suggested["٤٣"].id).status == "accepted"


def test_a_number_labelled_by_hand_gets_its_value(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("٥٠٪")

    drag_select(qtbot, window, start, start + 3)
    press(qtbot, window, "6")

    [span] = docs_project.spans("tricky")
    assert span.attrs == {"value": 50, "kind": "percent"}
    assert window.side.value_edit.text() == "50"
