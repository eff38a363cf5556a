"""The suggestion engines' actions are in the Edit menu, in both interface
languages, not only behind their shortcuts."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu


def _edit_menu_texts(window) -> list[str]:
    menu = window.menuBar().findChild(QMenu, "editMenu")
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_edit_menu_offers_suggest_here_and_retrain(docs_project, open_editor):
    window = open_editor(docs_project, "seed")
    texts = _edit_menu_texts(window)
    assert "Suggest for this document" in texts and "Retrain suggestion model" in texts


def test_the_arabic_edit_menu_has_them_in_arabic(docs_project, open_editor):
    window = open_editor(docs_project, "seed", lang="ar")
    texts = _edit_menu_texts(window)
    assert "اقتراحات لهذا المستند" in texts and "إعادة تدريب نموذج الاقتراحات" in texts
