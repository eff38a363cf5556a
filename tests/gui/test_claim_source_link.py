"""A claim linked to its source entity (SOURCE) is joined to it in the text
by a thin arc, from the entity to the claim's first letter; it
goes when the link is removed, and a hidden layer hides it."""

from PySide6.QtGui import QColor

from annotator.model import Relation, Span
from annotator.ui.docview import LINK_COLOUR
from tests.conftest import TRICKY


def _link(project):
    minister = TRICKY.index("وزيرُ الخارجيّةِ")
    person = project.add_span(
        "tricky",
        Span(start=minister, end=minister + len("وزيرُ الخارجيّةِ"), layer="entity", label="PERSON", annotator="amira"),
        "amira",
    )
    said = TRICKY.index("إنَّ")
    claim = project.add_span(
        "tricky",
        Span(start=said, end=TRICKY.index("2016") + 4, layer="claim", label="CLAIM", annotator="amira"),
        "amira",
    )
    rel = project.add_relation(
        "tricky", Relation(head=claim.id, tail=person.id, label="SOURCE", annotator="amira"), "amira"
    )
    return person, claim, rel


def _link_pixels(window) -> int:
    image = window.view.viewport().grab().toImage()
    count = 0
    for y in range(0, image.height(), 1):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            if (
                abs(c.red() - LINK_COLOUR.red()) < 40
                and abs(c.green() - LINK_COLOUR.green()) < 40
                and abs(c.blue() - LINK_COLOUR.blue()) < 40
            ):
                count += 1
    return count


def test_the_arc_joins_the_source_entity_to_the_claim_and_goes_with_the_link(qtbot, docs_project, open_editor):
    person, claim, rel = _link(docs_project)
    window = open_editor(docs_project, "tricky")
    window.view.viewport().repaint()
    [(head, tail, path)] = window.view.link_paths()
    assert (head, tail) == (claim.id, person.id)
    start, end = path.pointAtPercent(0), path.pointAtPercent(1)
    xs = [x for cp in range(person.start, person.end) for x in window.view.char_box(cp)[:2]]
    assert min(xs) <= start.x() <= max(xs)
    middle = window.view.char_box(person.start)[2]
    assert abs(start.y() - middle) > 5  # at the top (or, on the first line, the foot) of the entity
    lead, _trail, y = window.view.char_box(claim.start)
    assert abs(end.x() - lead) < 1 and abs(end.y() - y) > 5
    box = path.boundingRect()  # it arcs clear of the text between
    assert box.top() < min(start.y(), end.y()) - 5 or box.bottom() > max(start.y(), end.y()) + 5
    drawn = _link_pixels(window)
    assert drawn > 20

    window.remove_relation(rel.id)
    window.view.viewport().repaint()
    assert window.view.link_paths() == []
    assert _link_pixels(window) < drawn / 4


def test_hiding_the_claim_layer_hides_the_arc(qtbot, docs_project, open_editor):
    _link(docs_project)
    window = open_editor(docs_project, "tricky")
    assert len(window.view.link_paths()) == 1
    window.set_layer_visible("claim", False)
    assert window.view.link_paths() == []
