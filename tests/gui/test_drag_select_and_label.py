"""Drag over an Arabic word with the mouse, press the entity key: the span
is stored at once with the word's code-point offsets and surface."""

from annotator.model import Span
from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press


def test_dragging_over_a_word_and_pressing_gpe_stores_the_word(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("طرابلس")
    end = start + len("طرابلس")

    drag_select(qtbot, window, start, end)
    press(qtbot, window, "4")  # GPE in the default scheme

    [span] = docs_project.spans("tricky")
    assert (span.start, span.end, span.label, span.layer, span.annotator) == (start, end, "GPE", "entity", "amira")
    assert TRICKY[span.start : span.end] == "طرابلس"
    assert window.view.index.get(span.id) == span  # highlighted at once
    assert window.statusBar().currentMessage() == "labelled GPE on \u2068«طرابلس»\u2069"


def test_a_drag_from_the_end_of_the_word_to_its_start_stores_the_same_span(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("الليبيّ")
    end = start + len("الليبيّ")

    drag_select(qtbot, window, end, start)
    press(qtbot, window, "5")

    [span] = docs_project.spans("tricky")
    assert isinstance(span, Span)
    assert TRICKY[span.start : span.end] == "الليبيّ"
