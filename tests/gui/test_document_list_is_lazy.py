"""The document list reads the project a page at a time: a project of many
documents opens showing the first page, and scrolling fetches the rest."""

from annotator.model import Document
from annotator.ui.doclist import PAGE


def test_rows_are_fetched_as_the_list_scrolls(qtbot, project, open_editor):
    with project.transaction():
        for i in range(PAGE * 2 + 50):
            project.add_document(Document(id=f"d{i:04d}", text=f"نص رقم {i}"))
    window = open_editor(project, "d0000")
    table = window.doc_list.table

    assert len(window.doc_list.model.rows) == PAGE

    for _ in range(20):
        table.scrollToBottom()
        qtbot.wait(10)
    assert len(window.doc_list.model.rows) == PAGE * 2 + 50
    assert window.doc_list.progress.text() == f"progress: 0/{PAGE * 2 + 50} done"
