"""Two editor windows on one project file, each with its own connection,
adding spans in turn: neither overwrites the other's spans, and each shows
the other's after Refresh (F5)."""

import re

import pytest
from PySide6.QtCore import Qt

from annotator.store import Project


def words(text: str, n: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[\u0621-\u064a]{4,}", text)][:n]


def label(window, start: int, end: int, name: str):
    window.view.set_selection_cp(start, end)
    span = window.label_selection("entity", name)
    assert span is not None, window.statusBar().currentMessage()
    return span


def refresh(qtbot, window) -> None:
    """Press F5 in the window, as a person would: bring it to the front first."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.view, Qt.Key.Key_F5)


@pytest.mark.parametrize("second", ["amira", "omar"], ids=["same annotator", "two annotators"])
def test_two_windows_keep_each_others_spans(qtbot, docs_project, open_editor, second):
    path = docs_project.path
    other = Project.open(path)
    try:
        a = open_editor(docs_project, "seed", annotator="amira")
        b = open_editor(other, "seed", annotator=second)
        ranges = words(a.text, 12)
        made = {}
        for k, (s, e) in enumerate(ranges):  # in turn: a, b, a, b, ...
            window = a if k % 2 == 0 else b
            made[label(window, s, e, "GPE" if window is a else "LOC").id] = (s, e)

        with Project.open(path) as third:
            stored = {sp.id: (sp.start, sp.end, sp.annotator, sp.label) for sp in third.spans("seed")}
        assert stored == {
            i: (s, e, "amira" if k % 2 == 0 else second, "GPE" if k % 2 == 0 else "LOC")
            for k, (i, (s, e)) in enumerate(made.items())
        }

        mine_a = {i for k, i in enumerate(made) if k % 2 == 0}
        mine_b = set(made) - mine_a
        assert {sp.id for sp in a.view.index} == mine_a  # before a refresh, only what it made itself
        refresh(qtbot, a)
        refresh(qtbot, b)
        if second == "amira":  # one person in two windows: both show every span
            assert {sp.id for sp in a.view.index} == {sp.id for sp in b.view.index} == set(made)
        else:  # each shows their own, and the other's in the view switch (read-only)
            assert {sp.id for sp in a.view.index} == mine_a and {sp.id for sp in b.view.index} == mine_b
            assert a.view_switch.findData("omar") >= 0 and b.view_switch.findData("amira") >= 0
            a.show_annotators(["omar"])
            assert {sp.id for sp in a.view.index} == mine_b
            b.show_annotators(["amira"])
            assert {sp.id for sp in b.view.index} == mine_a
    finally:
        other.close()
