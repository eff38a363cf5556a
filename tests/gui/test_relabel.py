"""Change a span's label: click it and press another key of its layer, or
pick the label from its context menu. The span keeps its id and range."""

from tests.conftest import TRICKY
from tests.gui.conftest import click_cp, drag_select, press


def _labelled(qtbot, window, word, key):
    start = TRICKY.index(word)
    drag_select(qtbot, window, start, start + len(word))
    press(qtbot, window, key)
    window.select_span(None)
    return start


def test_click_a_span_and_press_another_key_relabels_it(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = _labelled(qtbot, window, "طرابلس", "4")
    [before] = docs_project.spans("tricky")

    click_cp(qtbot, window, start + 2)
    press(qtbot, window, "3")

    [after] = docs_project.spans("tricky")
    assert (after.id, after.start, after.end, after.label) == (before.id, before.start, before.end, "LOC")
    assert window.view.index.get(after.id).label == "LOC"
    assert window.side.label_box.currentText() == "LOC"


def test_relabel_from_the_context_menu(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = _labelled(qtbot, window, "طرابلس", "4")
    lead, trail, y = window.view.char_box(start + 2)
    from PySide6.QtCore import QPoint

    menu = window.build_context_menu(QPoint(round((lead + trail) / 2), round(y)))
    label_menu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    next(a for a in label_menu.actions() if a.text() == "ORG").trigger()

    assert [s.label for s in docs_project.spans("tricky")] == ["ORG"]


def test_a_key_of_another_layer_adds_a_span_on_that_layer_over_the_same_range(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = _labelled(qtbot, window, "2016", "6")  # NUMBER

    click_cp(qtbot, window, start)
    press(qtbot, window, "5")  # MISC, an entity over the same digits

    spans = docs_project.spans("tricky")
    assert sorted((s.layer, s.label, s.start, s.end) for s in spans) == [
        ("entity", "MISC", start, start + 4),
        ("number", "NUMBER", start, start + 4),
    ]
