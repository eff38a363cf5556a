"""A project of 5,000 documents: the list fetches its rows a page at a
time, its text filter is the project's full-text search (``مسؤول`` finds
``مسؤولِ`` with its kasra), and choosing a hit opens the document scrolled
to the hit with exactly that code-point range selected, past tashkeel,
emoji, CRLF and bidi marks earlier in the text."""

from PySide6.QtCore import Qt

from annotator.model import Document
from annotator.ui.doclist import PAGE
from tests.conftest import TRICKY
from tests.gui.conftest import type_text

N = 5000
HITS = ("d1234", "d4321")  # the documents that mention the official


def hit_text(i: int) -> str:
    """The tricky text, then many lines, then the official with tashkeel."""
    filler = "".join(f"سطر رقم {k} من التقرير\r\n" for k in range(120))
    return TRICKY + "\r\n" + filler + f"وقال المسؤولِ الليبي 😀 إن الوثيقة {i} صحيحة"


def test_a_search_hit_opens_at_the_hit(qtbot, project, open_editor):
    with project.transaction():
        for i in range(N):
            doc_id = f"d{i:04d}"
            text = hit_text(i) if doc_id in HITS else f"نص الوثيقة رقم {i} عن الطقس"
            project.add_document(Document(id=doc_id, text=text))
    expected = {doc_id: hit_text(int(doc_id[1:])).index("المسؤولِ") + 2 for doc_id in HITS}
    window = open_editor(project, "d0000")
    doc_list = window.doc_list
    model = doc_list.model

    assert len(model.rows) == PAGE  # of 5,000: only the first page was read
    assert model.canFetchMore(doc_list.table.rootIndex())

    doc_list.text_filter.setFocus()
    type_text(doc_list.text_filter, "مسؤول")
    qtbot.waitUntil(lambda: doc_list.query() == "مسؤول", timeout=3000)
    assert [row.id for row in model.rows] == sorted(HITS)

    row = model.row_of("d4321")
    rect = doc_list.table.visualRect(model.index(row, 0))
    qtbot.mouseClick(doc_list.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert window.doc_id == "d4321"
    start = expected["d4321"]
    assert window.view.selection_cp() == (start, start + len("مسؤولِ"))
    assert window.text[start : start + 6] == "مسؤولِ"
    view = window.view
    assert view.viewport().rect().contains(view.cursorRect())  # scrolled to the hit, far below the top
    assert view.verticalScrollBar().value() > 0

    window.label_selection("entity", "PERSON")  # the selected hit is what a label key labels
    [span] = project.spans("d4321")
    assert window.text[span.start : span.end] == "مسؤولِ"
