"""The rolling backup made before a session is a whole, valid project:
it opens (for writing, too) with the same documents and spans, SQLite finds
it sound, and it holds what was committed, even while another connection
is in the middle of a write (SQLite's online backup never waits for it nor
copies it)."""

import os
import sqlite3
import time

from annotator.model import Span
from annotator.store import Project
from annotator.ui.app import open_window
from annotator.ui.backups import KEEP, backup_folder, rolling_backup
from tests.conftest import suggestion


def spans_of(project: Project) -> dict:
    return {d: [s.model_dump() for s in project.spans(d, statuses=None)] for d in project.document_ids()}


def add_spans(project: Project) -> dict:
    for s, e in [(0, 4), (6, 11), (12, 22)]:
        project.add_span("tricky", Span(start=s, end=e, label="GPE", layer="entity", annotator="amira"), "amira")
    project.add_span(
        "seed", suggestion(0, 3, "NUMBER", "number", "prelabel", annotator="omar", attrs={"value": 3}), "omar"
    )
    return spans_of(project)


def sound(path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_the_session_backup_opens_as_the_same_project(qtbot, docs_project):
    path = docs_project.path
    expected = add_spans(docs_project)
    docs_project.close()

    window = open_window(str(path), "amira", doc_id="tricky")
    qtbot.addWidget(window)
    assert window.backup_job.wait(60) is not None, window.backup_job.error  # made in the background
    window.close()
    window.project.close()

    [backup] = backup_folder(path).iterdir()
    assert sound(backup)
    with Project.open(backup) as copy:
        assert spans_of(copy) == expected
        assert copy.document_ids() == ["tricky", "seed"]
        assert copy.search("وزير")[0].doc_id == "tricky"  # the full-text index came along


def test_a_backup_during_someone_elses_write_holds_what_was_committed(docs_project):
    expected = add_spans(docs_project)
    writer = sqlite3.connect(docs_project.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("delete from spans")
    try:
        t0 = time.perf_counter()
        backup = rolling_backup(docs_project)
        assert time.perf_counter() - t0 < 2  # did not wait for the writer
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert sound(backup)
    with Project.open(backup) as copy:
        assert spans_of(copy) == expected


def test_old_backups_and_half_made_ones_are_dropped(docs_project):
    folder = backup_folder(docs_project.path)
    folder.mkdir()
    killed = folder / "p-20250101-000000-000000.db.part"  # a session killed while it copied
    killed.write_bytes(b"SQLite format 3\x00")
    os.utime(killed, (time.time() - 7200, time.time() - 7200))
    made = [rolling_backup(docs_project) for _ in range(KEEP + 2)]
    assert sorted(folder.iterdir()) == made[-KEEP:]


def test_a_backup_that_cannot_be_made_is_reported_and_editing_goes_on(qtbot, docs_project):
    path = docs_project.path
    docs_project.close()
    backup_folder(path).write_text("a file where the backups folder should be")

    window = open_window(str(path), "amira", doc_id="tricky")
    qtbot.addWidget(window)
    assert window.backup_job.wait(60) is None
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("backup not made"), timeout=5000)
    window.view.set_selection_cp(6, 11)
    assert window.label_selection("entity", "GPE") is not None
    window.project.close()
