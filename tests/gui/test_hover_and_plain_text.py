"""Hovering a span shows its label, annotator and attributes; text from a
document is never interpreted as HTML, in the view, the tooltip or the
side panel."""

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.model import Document, Span


def test_markup_in_a_document_is_shown_as_text(qtbot, project, open_editor):
    text = 'قال <b>الوزير</b> إن <img src="x"> القوات'
    project.add_document(Document(id="html", text=text))
    start = text.index("<b>")
    span = project.add_span(
        "html",
        Span(
            start=start,
            end=start + len("<b>الوزير</b>"),
            label="PERSON",
            layer="entity",
            annotator="amira",
            attrs={"note": "<i>x</i>"},
        ),
        "amira",
    )
    window = open_editor(project, "html")

    assert window.view.toPlainText() == text
    tip = window.view.tooltip_html([span])
    assert "&lt;b&gt;الوزير&lt;/b&gt;" in tip and "<b>الوزير" not in tip
    assert "&lt;i&gt;x&lt;/i&gt;" in tip
    assert "PERSON" in tip and "amira" in tip

    window.select_span(span.id)
    assert window.side.surface.text() == "<b>الوزير</b>"


def test_hovering_finds_the_span_under_the_mouse(qtbot, docs_project, open_editor):
    from tests.conftest import TRICKY

    start = TRICKY.index("2016")
    span = docs_project.add_span(
        "tricky",
        Span(
            start=start,
            end=start + 4,
            label="NUMBER",
            layer="number",
            annotator="amira",
            attrs={"value": 2016, "kind": "year"},
        ),
        "amira",
    )
    window = open_editor(docs_project, "tricky")
    lead, trail, y = window.view.char_box(start + 1)

    point = QPoint(round((lead + trail) / 2), round(y))
    viewport = window.view.viewport()

    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))

    assert QToolTip.isVisible()
    shown = QToolTip.text()
    assert "NUMBER" in shown and "amira" in shown and "kind=year" in shown and "value=2016" in shown
    [hit] = window.view.spans_at_point(point)
    assert hit.span.id == span.id
