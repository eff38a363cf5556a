"""Each person's spans are theirs: the view switch shows a colleague's
spans read-only, and switching back shows one's own again, editable."""

from annotator.model import Span
from tests.conftest import TRICKY
from tests.gui.conftest import click_cp, drag_select, press


def test_view_switch_shows_a_colleagues_spans_read_only(qtbot, docs_project, open_editor):
    start = TRICKY.index("طرابلس")
    theirs = docs_project.add_span(
        "tricky", Span(start=start, end=start + 6, label="LOC", layer="entity", annotator="bilal"), "bilal"
    )
    window = open_editor(docs_project, "tricky")
    mine_start = TRICKY.index("وليبيا") + 1
    drag_select(qtbot, window, mine_start, mine_start + 5)
    press(qtbot, window, "4")
    [mine] = docs_project.spans("tricky", annotator="amira")
    assert [s.id for s in window.view.index] == [mine.id]  # bilal's span is not shown in my view

    switch = window.view_switch
    switch.setCurrentIndex(switch.findData("bilal"))
    switch.activated.emit(switch.currentIndex())

    assert [s.id for s in window.view.index] == [theirs.id]
    assert not window.span_view.editable
    click_cp(qtbot, window, start + 1)
    assert window.view.selected_id == theirs.id
    press(qtbot, window, "1")  # refused: read-only
    assert window.statusBar().currentMessage() == "read-only view"
    assert docs_project.get_span("tricky", theirs.id).label == "LOC"
    assert len(docs_project.spans("tricky")) == 2

    switch.setCurrentIndex(switch.findData(None))
    switch.activated.emit(switch.currentIndex())

    assert [s.id for s in window.view.index] == [mine.id]
    assert window.span_view.editable


def test_the_span_view_is_pluggable_for_several_annotators(qtbot, docs_project, open_editor):
    for name, word in (("bilal", "طرابلس"), ("carla", "وليبيا")):
        start = TRICKY.index(word)
        docs_project.add_span(
            "tricky", Span(start=start, end=start + len(word), label="GPE", layer="entity", annotator=name), name
        )
    window = open_editor(docs_project, "tricky")

    window.show_annotators(["bilal", "carla"])

    assert sorted(s.annotator for s in window.view.index) == ["bilal", "carla"]
