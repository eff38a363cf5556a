"""Ctrl+Shift+R in the editor opens review mode on the same document, and
``annotator gui DB --review --screenshot`` renders it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.model import Document
from tests.unit.review.conftest import at


def test_ctrl_shift_r_opens_review_mode_on_the_open_document(qtbot, open_editor, project, seed_text):
    seed = seed_text
    project.add_document(
        Document(id="libya", text=seed, spans=[at(seed, "داعش", "ORG", "amira"), at(seed, "داعش", "MISC", "badr")]),
        who="test",
    )
    editor = open_editor(project, "libya", annotator="lead")

    qtbot.keyClick(editor.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    review = editor.review
    qtbot.waitExposed(review)
    assert review.doc_id == "libya" and review.names == ["amira", "badr"]
    assert review.current_item.kind == "label_conflict"
    review.close()


def test_review_screenshot_from_the_command_line(tmp_path, project, seed_text, cli):
    seed = seed_text
    project.add_document(
        Document(id="libya", text=seed, spans=[at(seed, "ليبيا", "GPE", "amira"), at(seed, "ليبيا", "LOC", "badr")]),
        who="test",
    )
    project.close()
    png = tmp_path / "review.png"
    r = cli("gui", project.path, "--review", "--doc", "libya", "--annotator", "lead", "--screenshot", png)
    assert r.code == 0, r.err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    r = cli("gui", project.path, "--review", "--doc", "nope", "--annotator", "lead", "--screenshot", png)
    assert r.code == 2 and "no document 'nope'" in r.err


def test_review_mode_speaks_the_editors_language(qtbot, open_editor, project, seed_text):
    seed = seed_text
    project.add_document(
        Document(id="libya", text=seed, spans=[at(seed, "داعش", "ORG", "amira"), at(seed, "داعش", "MISC", "badr")]),
        who="test",
    )
    editor = open_editor(project, "libya", annotator="lead", lang="ar")

    editor.open_review()

    review = editor.review
    assert review.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert review.both_button.text() == "قبول كل الجوانب (B)"
    assert review.item_list.item(0).text().startswith("⚠ خلاف في الوسم · الكيانات")
    review.close()
