"""] and [ step to the next and previous span; N jumps to the next
suggestion, skipping accepted spans; after A the next suggestion is
selected, so a run of suggestions is reviewed with A/X alone."""

from PySide6.QtCore import Qt

from annotator.model import Span
from tests.conftest import TRICKY
from tests.gui.conftest import press


def _add(project, word, status):
    start = TRICKY.index(word)
    who = "amira" if status == "accepted" else "prelabel"
    return project.add_span(
        "tricky",
        Span(
            start=start,
            end=start + len(word),
            label="NUMBER",
            layer="number",
            annotator=who,
            status=status,
            source="manual" if who == "amira" else "prelabel",
        ),
        who,
    )


def test_keys_step_through_spans_and_suggestions(qtbot, docs_project, open_editor):
    first = _add(docs_project, "٤٣", "suggested")
    mine = _add(docs_project, "2016", "accepted")
    last = _add(docs_project, "٥٠٪", "suggested")
    window = open_editor(docs_project, "tricky")
    window.view.ensure_visible_cp(0)

    press(qtbot, window, Qt.Key.Key_BracketRight)
    assert window.view.selected_id == first.id
    press(qtbot, window, Qt.Key.Key_BracketRight)
    assert window.view.selected_id == mine.id
    press(qtbot, window, Qt.Key.Key_BracketLeft)
    assert window.view.selected_id == first.id

    press(qtbot, window, Qt.Key.Key_N)  # skips my accepted 2016
    assert window.view.selected_id == last.id

    window.select_span(first.id)
    press(qtbot, window, Qt.Key.Key_A)
    assert window.view.selected_id == last.id  # the next suggestion, ready for A or X
    press(qtbot, window, Qt.Key.Key_X)
    assert {s.id: s.status for s in docs_project.spans("tricky", statuses=None)} == {
        first.id: "accepted",
        mine.id: "accepted",
        last.id: "rejected",
    }
