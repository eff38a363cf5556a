"""Ctrl+F finds a word ignoring its tashkeel; the bar shows how many spans
"Label all" would add before it is pressed; pressing it labels every match
in the document, or in the whole project."""

from PySide6.QtCore import Qt

from annotator.model import Document
from tests.conftest import read_seed
from tests.gui.conftest import type_text


def _find(qtbot, window, query):
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and window.find_bar.query.hasFocus()
    type_text(window.find_bar.query, query)
    window.find_bar.flush()


def test_find_is_diacritic_insensitive_and_label_all_labels_every_match(qtbot, docs_project, open_editor):
    seed = read_seed()
    window = open_editor(docs_project, "seed")
    expected = seed.count("ليبيا")
    assert expected >= 3

    _find(qtbot, window, "لِيبْيَا")  # typed with tashkeel; the text has none

    assert len(window.hits) >= expected
    assert all(seed[s:e].replace("ـ", "") in ("ليبيا", "ليبيا") for s, e in window.hits)
    window.find_bar.set_label("entity", "GPE")
    preview = window.match_counts("entity", "document")
    assert preview == len(window.hits)
    assert f"+{preview}" in window.find_bar.count.text()

    qtbot.mouseClick(window.find_bar.apply_button, Qt.MouseButton.LeftButton)

    spans = docs_project.spans("seed", annotator="amira")
    assert sorted((s.start, s.end) for s in spans) == sorted(window.hits)
    assert {s.label for s in spans} == {"GPE"}
    assert window.match_counts("entity", "document") == 0
    assert "+0" in window.find_bar.count.text()


def test_label_all_in_the_project_reaches_other_documents(qtbot, docs_project, open_editor):
    docs_project.add_document(Document(id="third", text="زار الوفد طرابلس ثم عاد إلى طرابلسَ"))
    window = open_editor(docs_project, "tricky")
    _find(qtbot, window, "طرابلس")
    window.find_bar.set_label("entity", "GPE")
    window.find_bar.scope_box.setCurrentIndex(window.find_bar.scope_box.findData("project"))
    in_seed = read_seed().count("طرابلس")
    assert window.match_counts("entity", "project") == 1 + 2 + in_seed

    qtbot.mouseClick(window.find_bar.apply_button, Qt.MouseButton.LeftButton)

    third = docs_project.get_document("third")
    assert [third.text[s.start : s.end] for s in third.spans] == ["طرابلس", "طرابلسَ"]
    assert len(docs_project.spans("tricky")) == 1
    assert len(docs_project.spans("seed")) == in_seed
    assert docs_project.document_status("third") == "in_progress"
