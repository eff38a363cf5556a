"""The rows a merge writes (store/merge_rows.py): copied history is never replayed by undo,
merged spans are checked like any other, and ids that clash are renamed."""

from __future__ import annotations

import pytest

from annotator.errors import ModelError
from annotator.model import Document, Span
from annotator.store import merge_rows


def test_copied_history_keeps_author_and_time_but_undo_ignores_it(project):
    project.add_document(Document(id="d", text="في ليبيا"), who="lead")
    row = {
        "ts": "2026-01-02T03:04:05.000+00:00",
        "who": "badr",
        "action": "create",
        "kind": "span",
        "target": "s9",
        "before": None,
        "after": {"label": "GPE"},
        "batch": "b1",
        "undone": 0,
    }

    assert merge_rows.copy_history(project, "d", [row]) == 1

    copied = project.history("d")[0]
    assert (copied["who"], copied["ts"], copied["after"], copied["undoable"]) == (
        "badr",
        row["ts"],
        {"label": "GPE"},
        0,
    )
    assert merge_rows.history_signature(row) in merge_rows.history_signatures(project, "d")
    assert not project.can_undo("d", "badr")


def test_merged_spans_are_checked_against_text_and_scheme(project):
    project.add_document(Document(id="d", text="في ليبيا"), who="lead")
    with pytest.raises(ModelError, match="outside the text"):
        merge_rows.insert_spans(
            project, "d", [Span(start=3, end=40, label="GPE", layer="entity", annotator="b")], "m", "x"
        )
    with pytest.raises(ModelError, match="not in the scheme"):
        merge_rows.insert_spans(
            project, "d", [Span(start=3, end=8, label="WEAPON", layer="entity", annotator="b")], "m", "x"
        )
    merge_rows.insert_spans(
        project, "d", [Span(id="s1", start=3, end=8, label="GPE", layer="entity", annotator="b")], "m", "laptop"
    )
    assert [(h["action"], h["after"]["origin"]) for h in project.history("d")[:1]] == [("merge", "laptop")]
    assert merge_rows.used_ids(project, "d")["spans"] == {"s1"}


def test_fresh_id_keeps_a_free_id_and_renames_a_taken_one():
    taken = {"s1"}
    assert merge_rows.fresh_id("s", taken, "s2") == "s2"
    renamed = merge_rows.fresh_id("s", taken, "s1")
    assert renamed not in {"s1", "s2"} and renamed.startswith("s") and renamed in taken
