"""Click a span and press Delete: it is gone from the project and the
screen, with its relations; Ctrl+Z brings both back."""

from PySide6.QtCore import Qt

from annotator.model import Relation, Span
from tests.conftest import TRICKY
from tests.gui.conftest import click_cp, press


def test_delete_removes_the_clicked_span_and_its_relation(qtbot, docs_project, open_editor):
    start = TRICKY.index("وزيرُ")
    person = docs_project.add_span(
        "tricky", Span(start=start, end=start + 5, label="PERSON", layer="entity", annotator="amira"), "amira"
    )
    claim = docs_project.add_span(
        "tricky", Span(start=0, end=TRICKY.index("،"), label="CLAIM", layer="claim", annotator="amira"), "amira"
    )
    docs_project.add_relation(
        "tricky", Relation(head=claim.id, tail=person.id, label="SOURCE", annotator="amira"), "amira"
    )
    window = open_editor(docs_project, "tricky")

    click_cp(qtbot, window, start + 1)  # the person is the innermost span there
    assert window.view.selected_id == person.id
    press(qtbot, window, Qt.Key.Key_Delete)

    assert [s.id for s in docs_project.spans("tricky")] == [claim.id]
    assert person.id not in window.view.index
    assert docs_project.relations("tricky") == []

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert {s.id for s in docs_project.spans("tricky")} == {claim.id, person.id}
    assert [r.head for r in docs_project.relations("tricky")] == [claim.id]
    assert person.id in window.view.index
