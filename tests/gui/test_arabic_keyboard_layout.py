"""On an Arabic keyboard the key marked A types ش: it still accepts the
selected suggestion; F6 moves between the document list and the document."""

from PySide6.QtCore import Qt

from tests.gui.conftest import suggest, type_text


def test_the_a_key_on_an_arabic_layout_accepts(qtbot, docs_project, open_editor):
    suggestion = suggest(docs_project, "2016")
    window = open_editor(docs_project, "tricky")
    window.select_span(suggestion.id)

    type_text(window.view, "ش")

    assert docs_project.get_span("tricky", suggestion.id).status == "accepted"


def test_f6_moves_focus_between_list_and_document(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    assert window.view.hasFocus()

    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    assert window.doc_list.table.hasFocus()
    qtbot.keyClick(window.doc_list.table, Qt.Key.Key_F6)
    assert window.view.hasFocus()
