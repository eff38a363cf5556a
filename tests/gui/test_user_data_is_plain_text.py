"""Every label, title, tooltip and list cell that shows user data (document
ids, annotator and label names, label descriptions, span text) shows it as
text, never as HTML (bad input never changes what is shown): Qt guesses rich text for QLabels and
tooltips unless told otherwise, so ``<h1>`` in a document id used to be
drawn as a heading in the status bar and the review window's title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from annotator.model import Document, Label, Scheme, Span

DOC = "<h1>doc</h1>"
WHO = "<font color=red>amira</font>"
OTHER = "<b>badr</b>"
LABEL = "<i>PER</i>"
DESCRIPTION = "<img src=x>who"
MARKUP = (DOC, WHO, OTHER, LABEL, DESCRIPTION)


@pytest.fixture
def marked_up(project):
    scheme = project.scheme()
    project.set_scheme(
        Scheme(
            labels=[*scheme.labels, Label(name=LABEL, layer="entity", hotkey=None, description=DESCRIPTION)],
            relations=scheme.relations,
        )
    )
    text = "قال <u>الوزير</u> في طرابلس"
    start = text.index("طرابلس")
    project.add_document(
        Document(
            id=DOC,
            text=text,
            spans=[
                Span(id="s1", start=start, end=start + 6, label=LABEL, layer="entity", annotator=WHO),
                Span(id="s2", start=start, end=start + 6, label="GPE", layer="entity", annotator=OTHER),
                Span(id="s3", start=4, end=16, label=LABEL, layer="entity", annotator=WHO),
            ],
        ),
        who="test",
    )
    return project


def shown_as_text(tip: str) -> str:
    """What a tooltip shows: Qt renders it as HTML when it looks like HTML."""
    if not GuiQt.mightBeRichText(tip):
        return tip
    doc = QTextDocument()
    doc.setHtml(tip)
    return doc.toPlainText()


def check_widgets(root: QWidget) -> set[str]:
    """Every QLabel holding markup is plain text, and every tooltip shows
    its markup literally; returns the markup strings seen."""
    seen: set[str] = set()
    for label in root.findChildren(QLabel):
        found = [m for m in MARKUP if m in label.text()]
        if found:
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), label.text())
            seen.update(found)
    for widget in [root, *root.findChildren(QWidget)]:
        tip = widget.toolTip()
        if tip:
            for m in MARKUP:
                if m in tip or m.replace("<", "&lt;").replace(">", "&gt;") in tip:
                    assert m in shown_as_text(tip), (widget.objectName(), tip)
                    seen.add(m)
    return seen


def model_tooltips(view) -> list[str]:
    model = view.model()
    return [
        model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole) or ""
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]


def test_the_editor_shows_markup_as_text(qtbot, marked_up, open_editor):
    window = open_editor(marked_up, DOC, annotator=WHO)
    window.select_span("s3")
    seen = check_widgets(window)
    assert {DOC, WHO, LABEL, DESCRIPTION} <= seen, seen
    assert DOC in window.status_label.text() and WHO in window.who_label.text()
    assert LABEL in window.side.title.text()
    # list cells: the document list and the span list tooltips show the text, not its markup
    for view in (window.doc_list.table, window.span_list.table):
        for tip in model_tooltips(view):
            if "<u>" in tip or "&lt;u&gt;" in tip:
                assert "<u>" in shown_as_text(tip)


def test_the_review_window_shows_markup_as_text(qtbot, marked_up):
    from annotator.ui.app import application
    from annotator.ui.review_window import ReviewWindow

    application()
    window = ReviewWindow(marked_up, "<s>lead</s>", doc_id=DOC)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen = check_widgets(window)
    assert {DOC, WHO, OTHER} <= seen, seen
    assert DOC in window.doc_title.text() and "<s>lead</s>" in window.status_label.text()
    assert window.status_label.textFormat() == Qt.TextFormat.PlainText
