"""Review mode: open it on two annotators' work, jump to the first
disagreement with N, accept one side with 2, and find that side in the gold
export."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from annotator.model import Document
from tests.unit.review.conftest import at, three_kinds


@pytest.fixture
def two_annotators(project, seed_text):
    seed = seed_text
    project.add_document(
        Document(
            id="libya",
            text=seed,
            spans=three_kinds(seed, "amira", "badr"),
        ),
        who="test",
    )
    return project


@pytest.fixture
def review(qtbot, two_annotators):
    from annotator.ui.app import application
    from annotator.ui.review_window import ReviewWindow

    application()
    window = ReviewWindow(two_annotators, "lead", doc_id="libya")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.view.setFocus()
    return window


def test_jump_to_a_disagreement_accept_one_side_and_export_it_as_gold(
    qtbot, review, two_annotators, seed_text, cli, tmp_path
):
    text = seed_text
    assert [it.kind for it in review.items] == ["label_conflict", "agreed", "boundary_conflict"]
    review.select_item(1)  # start on the agreed ليبيا

    qtbot.keyClick(review.view, Qt.Key.Key_N)
    item = review.current_item
    assert item.kind == "boundary_conflict"  # the next disagreement after ليبيا
    assert text[item.start : item.end] == "القوات الأمريكية"
    assert review.view.selected_id in {s.id for s in item.spans}

    qtbot.keyClick(review.view, Qt.Key.Key_N)  # wraps around to the title's داعش
    assert text[review.current_item.start : review.current_item.end] == "داعش"
    qtbot.keyClick(review.view, Qt.Key.Key_2)  # badr's side: MISC

    assert review.settled == [True, False, False]
    assert review.current_item.kind == "boundary_conflict"  # moved on to what is left
    out = tmp_path / "gold.jsonl"
    r = cli("export", two_annotators.path, "--gold", "--format", "jsonl", "--out", out)
    assert r.code == 0, r.err
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(s["label"], text[s["start"] : s["end"]], s["annotator"], s["source"]) for s in doc["spans"]] == [
        ("MISC", "داعش", "gold", "gold")
    ]
    choices = [h for h in two_annotators.history("libya") if h["action"] == "decide"]
    assert choices[0]["who"] == "lead" and choices[0]["after"]["annotators"] == ["badr"]


def test_settling_everything_marks_the_document_reviewed_and_undo_reopens_it(qtbot, review, two_annotators):
    qtbot.keyClick(review.view, Qt.Key.Key_1)  # داعش: amira's ORG
    assert review.current_item.kind == "boundary_conflict"
    qtbot.keyClick(review.view, Qt.Key.Key_B)  # القوات: both ranges
    assert review.settled == [True, False, True]
    assert two_annotators.document_status("libya") == "new"  # the agreed ليبيا is not in gold yet
    review.select_item(1)
    qtbot.keyClick(review.view, Qt.Key.Key_1)  # the agreed ليبيا
    assert two_annotators.document_status("libya") == "reviewed"
    assert "reviewed" in review.doc_title.text()

    qtbot.keyClick(review.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.settled == [True, False, True]
    assert two_annotators.document_status("libya") == "new"


def test_agreement_table_and_worst_documents_first(review, two_annotators):
    table = review.agreement_table
    rows = {
        (table.item(r, 0).text(), table.item(r, 1).text()): [table.item(r, c).text() for c in range(2, 6)]
        for r in range(table.rowCount())
    }
    # entity, all labels: 3 spans each, 1 exact match (ليبيا): 2*1/6 = 0.333
    assert rows[("entity", "(all)")][0] == "0.333"
    # MISC: badr's one span, amira none: 0
    assert rows[("entity", "MISC")][:2] == ["0.000", "0.000"]
    assert review.doc_table.item(0, 0).text().startswith("libya")
    assert review.doc_table.item(0, 1).text() == "2"


def test_choosing_whom_to_compare(qtbot, review, two_annotators, seed_text):
    seed = seed_text[:500]  # another text: the same one would be the same document
    two_annotators.add_document(
        Document(
            id="three",
            text=seed,
            spans=[
                at(seed, "ليبيا", "GPE", "amira"),
                at(seed, "ليبيا", "GPE", "badr"),
                at(seed, "ليبيا", "LOC", "amira@laptop2"),
            ],
        ),
        who="test",
    )
    review.open_document("three")
    assert review.names == ["amira", "amira@laptop2", "badr"]
    assert [it.kind for it in review.items] == ["label_conflict"]

    review.compare_actions["amira@laptop2"].trigger()  # untick the laptop copy

    assert review.names == ["amira", "badr"]
    assert [it.kind for it in review.items] == ["agreed"]
    assert not review.compare_actions["amira@laptop2"].isChecked()


def test_a_comment_on_the_current_item_is_saved_and_exported(qtbot, review, two_annotators, cli, tmp_path):
    review.view.setFocus()
    item = review.current_item
    review.comment_input.setFocus()
    review.comment_input.setText("داعش هنا تنظيم")  # QTest can only type ASCII keys
    qtbot.keyClick(review.comment_input, Qt.Key.Key_Return)

    (comment,) = two_annotators.comments("libya")
    assert (comment.author, comment.span, comment.text) == ("lead", item.spans[0].id, "داعش هنا تنظيم")
    assert review.comment_list.count() == 1 and "lead on amira «" in review.comment_list.item(0).text()
    out = tmp_path / "all.jsonl"
    assert cli("export", two_annotators.path, "--format", "jsonl", "--out", out).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["comments"][0]["text"] == "داعش هنا تنظيم"


def test_edit_puts_the_selected_text_into_gold_with_the_chosen_label(qtbot, review, two_annotators, seed_text):
    text = seed_text
    review.select_item(2)  # القوات / القوات الأمريكية
    start = text.index("القوات الأمريكية")
    review.view.set_selection_cp(start, start + len("القوات الأمريكية") - 1)  # one letter short
    review.label_box.setCurrentIndex(review.label_box.findText("MISC"))

    qtbot.keyClick(review.view, Qt.Key.Key_E)

    (g,) = [s for s in two_annotators.spans("libya", annotator="gold")]
    assert (g.label, text[g.start : g.end]) == ("MISC", "القوات الأمريكي")
    assert review.settled[2]


def test_a_large_project_computes_the_tables_on_f5(qtbot, two_annotators, monkeypatch):
    from annotator.ui import review_window
    from annotator.ui.app import application

    application()
    monkeypatch.setattr(review_window, "AUTO_LIMIT", 0)
    window = review_window.ReviewWindow(two_annotators, "lead", doc_id="libya")
    qtbot.addWidget(window)
    assert window.agreement_table.rowCount() == 0
    assert window.doc_table.item(0, 0).text() == "F5: 1 documents"
    assert window.current_item is not None  # the document itself is ready at once

    window.actions_["recompute-agreement"].trigger()

    assert window.agreement_table.rowCount() > 0
    assert window.doc_table.item(0, 0).text() == "libya (new)"


def test_typing_a_comment_does_not_trigger_the_review_keys(qtbot, review, two_annotators):
    before = review.current
    review.comment_input.setFocus()
    qtbot.keyClicks(review.comment_input, "N B X 1 E")
    assert review.comment_input.text() == "N B X 1 E"
    assert review.current == before
    assert two_annotators.spans("libya", annotator="gold") == []


def test_clicking_a_document_in_the_worst_first_list_opens_it(qtbot, review, two_annotators, seed_text):
    other = seed_text[:400]
    two_annotators.add_document(
        Document(id="calm", text=other, spans=[at(other, "داعش", "ORG", "amira"), at(other, "داعش", "ORG", "badr")]),
        who="test",
    )
    review.refresh_agreement()
    table = review.doc_table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["libya (new)", "calm (new)"]

    rect = table.visualItemRect(table.item(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert review.doc_id == "calm"
    assert [it.kind for it in review.items] == ["agreed"]


def _gold(project):
    return sorted((s.label, s.start, s.end) for s in project.spans("libya", annotator="gold"))


def test_ctrl_enter_puts_the_agreed_items_into_gold_with_the_reviewed_mark(qtbot, review, two_annotators, seed_text):
    """The bug: after settling every disagreement, Ctrl+Enter marked the
    document reviewed while gold lacked the agreed spans."""
    qtbot.keyClick(review.view, Qt.Key.Key_1)  # داعش: amira's ORG
    qtbot.keyClick(review.view, Qt.Key.Key_B)  # القوات: both ranges
    qtbot.keyClick(review.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert two_annotators.document_status("libya") == "reviewed"
    libya = [(s.start, s.end) for s in two_annotators.spans("libya", annotator="amira") if s.label == "GPE"]
    assert {("GPE", *r) for r in libya} <= set(_gold(two_annotators))
    assert review.settled == [True, True, True]
    assert "agreed items put in gold" in review.statusBar().currentMessage()


def test_ctrl_enter_with_a_disagreement_open_is_refused_and_says_so(qtbot, review, two_annotators):
    qtbot.keyClick(review.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert two_annotators.document_status("libya") == "new" and _gold(two_annotators) == []
    assert "not settled" in review.statusBar().currentMessage()


def test_shift_b_takes_every_agreed_item_into_gold_at_once(qtbot, review, two_annotators):
    qtbot.keyClick(review.view, Qt.Key.Key_B, Qt.KeyboardModifier.ShiftModifier)
    assert [label for label, *_ in _gold(two_annotators)] == ["GPE"] * len(
        [s for s in two_annotators.spans("libya", annotator="amira") if s.label == "GPE"]
    )
    assert review.settled[1] and not review.settled[0]
    qtbot.keyClick(review.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _gold(two_annotators) == []
