"""The editor opens while another process holds the project's write lock
longer than the busy timeout (a long import or prelabel run): no crash;
an edit made meanwhile is refused in the status bar, not lost silently, and
the same edit saves once the lock is released."""

import sqlite3

from annotator.ui.app import open_window


def test_editor_opens_and_edits_around_a_long_write(qtbot, docs_project, monkeypatch):
    path = docs_project.path
    docs_project.close()
    monkeypatch.setenv("ANNOTATOR_BUSY_TIMEOUT_MS", "200")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("update documents set status = status")
    try:
        window = open_window(str(path), "newcomer", doc_id="tricky", backup=False)
        qtbot.addWidget(window)
        window.view.set_selection_cp(6, 11)
        assert window.label_selection("entity", "GPE") is None
        assert "locked" in window.statusBar().currentMessage()
    finally:
        writer.execute("COMMIT")
        writer.close()

    span = window.label_selection("entity", "GPE")
    assert span is not None and window.statusBar().currentMessage() == "labelled GPE on \u2068«وزيرُ»\u2069"
    assert [s.id for s in window.project.spans("tricky")] == [span.id]
    assert "newcomer" in window.project.annotators()
    window.project.close()
