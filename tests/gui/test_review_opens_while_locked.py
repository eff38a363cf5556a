"""Review mode opens while another process holds the project's write lock
(an import or prelabel running), instead of failing with 'database is
locked'."""

from __future__ import annotations

import sqlite3

from annotator.model import Document
from annotator.store import Project
from tests.unit.review.conftest import at


def test_review_opens_while_another_writer_holds_the_lock(qtbot, tmp_path, seed_text, monkeypatch):
    from annotator.ui.app import application
    from annotator.ui.review_window import ReviewWindow

    monkeypatch.setenv("ANNOTATOR_BUSY_TIMEOUT_MS", "200")
    db = tmp_path / "p.db"
    with Project.create(db) as p:
        p.add_document(
            Document(
                id="libya",
                text=seed_text,
                spans=[at(seed_text, "داعش", "ORG", "amira"), at(seed_text, "داعش", "MISC", "badr")],
            ),
            who="test",
        )
    project = Project.open(db)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # as an import holding the lock
    try:
        application()
        window = ReviewWindow(project, "lead", doc_id="libya")
        qtbot.addWidget(window)
        assert window.doc_id == "libya" and window.names == ["amira", "badr"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        project.close()
