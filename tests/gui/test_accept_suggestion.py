"""Suggestions are shown faded; A accepts one (it becomes the annotator's
span), X rejects one (kept as rejected so it is not suggested again), and
Shift+A accepts every suggestion of the selected one's label at once."""

from functools import partial

from PySide6.QtCore import Qt

from tests.gui.conftest import click_cp, press, suggest

_suggest = partial(suggest, attrs={"value": 1})


def test_click_a_suggestion_and_press_a_to_accept_it(qtbot, docs_project, open_editor):
    suggestion = _suggest(docs_project, "2016")
    window = open_editor(docs_project, "tricky")
    assert window.view.index.get(suggestion.id).status == "suggested"

    click_cp(qtbot, window, suggestion.start + 1)
    assert window.view.selected_id == suggestion.id
    press(qtbot, window, Qt.Key.Key_A)

    stored = docs_project.get_span("tricky", suggestion.id)
    assert (stored.status, stored.annotator, stored.attrs) == ("accepted", "amira", {"value": 1})
    assert window.view.index.get(suggestion.id).status == "accepted"


def test_x_rejects_a_suggestion_and_it_disappears(qtbot, docs_project, open_editor):
    suggestion = _suggest(docs_project, "2016")
    window = open_editor(docs_project, "tricky")

    click_cp(qtbot, window, suggestion.start)
    press(qtbot, window, Qt.Key.Key_X)

    assert docs_project.get_span("tricky", suggestion.id).status == "rejected"
    assert suggestion.id not in window.view.index


def test_shift_a_accepts_all_suggestions_of_the_label_in_one_undo_step(qtbot, docs_project, open_editor):
    numbers = [_suggest(docs_project, "2016"), _suggest(docs_project, "٤٣"), _suggest(docs_project, "٥٠٪")]
    entity = _suggest(docs_project, "طرابلس", label="GPE", layer="entity")
    window = open_editor(docs_project, "tricky")

    click_cp(qtbot, window, numbers[1].start)
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)

    statuses = {s.id: (s.status, s.annotator) for s in docs_project.spans("tricky")}
    assert all(statuses[n.id] == ("accepted", "amira") for n in numbers)
    assert statuses[entity.id] == ("suggested", "prelabel")

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {docs_project.get_span("tricky", n.id).status for n in numbers} == {"suggested"}
