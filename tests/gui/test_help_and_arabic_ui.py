"""F1 (or ?) shows every key on one sheet; the Arabic interface puts the
menus in Arabic and the whole window right-to-left."""

from PySide6.QtCore import Qt


def test_f1_shows_and_hides_the_keys(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")

    qtbot.keyClick(window.view, Qt.Key.Key_F1)

    assert window.help.isVisible()
    assert window.help.geometry() == window.splitter.geometry()  # over the panes, not one more pane
    assert window.splitter.count() == 3
    sheet = window.help.sheet.text()
    for expected in ("PERSON", "CLAIM", "Ctrl+Z", "Undo", "Delete span", "Find"):
        assert expected in sheet
    qtbot.keyClick(window.view, "?")
    assert not window.help.isVisible()


def test_arabic_interface_is_right_to_left_with_arabic_menus(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky", lang="ar")

    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&ملف", "&تحرير", "&عرض", "&المستند", "&اقتراحات", "&الفريق", "&مساعدة"]
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.actions_["undo"].text() == "تراجع"
    assert window.side.form.labelForField(window.side.label_box).text() == "الوسم"

    window.actions_["lang-en"].trigger()

    assert [a.text() for a in window.menuBar().actions()][0] == "&File"
    assert window.side.claim_box.layout().labelForField(window.side.claimant_edit).text() == "Claimant"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.view.layoutDirection() == Qt.LayoutDirection.RightToLeft  # the document stays RTL


def test_actions_are_named_by_identifiers_that_no_language_changes(qtbot, docs_project, open_editor):
    import re

    from PySide6.QtWidgets import QMenu

    window = open_editor(docs_project, "tricky", lang="ar")
    keys = list(window.actions_)
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", key) for key in keys), keys
    in_menus = {a.objectName() for m in window.menuBar().findChildren(QMenu) for a in m.actions() if a.objectName()}
    assert in_menus <= set(keys) | {"recentMenu"}
    assert window.actions_["accept-suggestion"].text() == "قبول الاقتراح"

    window.actions_["lang-en"].trigger()

    assert list(window.actions_) == keys
    assert window.actions_["accept-suggestion"].text() == "Accept suggestion"
