"""The whole job from the editor's File menu, driven through its dialogs:
New project, Import (also by dropping files on the window), Export, Merge,
Back up and the Agreement view. A long job is cancelled half way and a
malformed file is imported or merged: the project is byte-identical
afterwards and the dialog shows the one-line error."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from annotator.model import Document, Span
from bench.generate import write_jsonl
from tests.cli_helpers import snapshot
from tests.conftest import read_seed


def finished(qtbot, job, timeout: int = 120_000):
    qtbot.waitUntil(lambda: job.outcome is not None, timeout=timeout)
    return job.outcome


def cancel_after(job, documents: int) -> list[int]:
    """Press Cancel once the job reports ``documents`` documents done."""
    seen: list[int] = []

    def on_progress(done: int, _total: int) -> None:
        seen.append(done)
        if done >= documents and job.running:
            job.buttons.button(job.buttons.StandardButton.Cancel).click()

    # blocking: the worker waits for each report to be handled, as a slow hand would make it
    job.worker.progressed.connect(on_progress, Qt.ConnectionType.BlockingQueuedConnection)
    return seen


def test_new_project_copies_the_scheme_of_another_project(qtbot, docs_project, open_editor, tmp_path):
    window = open_editor(docs_project, "seed")
    opened: list[str] = []
    window.openRequested.connect(opened.append)
    dialog = window.jobs.new_project()
    dialog.name.setText("فريق الأخبار")
    dialog.folder.setText(str(tmp_path))
    dialog.scheme_project.setText(str(docs_project.path))
    dialog.from_project.setChecked(True)
    dialog.create()
    made = tmp_path / "فريق الأخبار.annot"
    assert dialog.created == made and made.is_file()
    from annotator.store import Project

    with Project.open(made, readonly=True) as p:
        assert p.scheme() == docs_project.scheme() and p.count_documents() == 0
    assert opened == [str(made)]


def test_new_project_refuses_a_bad_scheme_file_in_the_dialog(qtbot, docs_project, open_editor, tmp_path):
    window = open_editor(docs_project, "seed")
    (tmp_path / "labels.json").write_text('{"labels": [{"name": "X", "layer": "nowhere"}', encoding="utf-8")
    dialog = window.jobs.new_project()
    dialog.name.setText("p")
    dialog.folder.setText(str(tmp_path))
    dialog.scheme_file.setText(str(tmp_path / "labels.json"))
    dialog.from_file.setChecked(True)
    assert dialog.create() is None
    error = dialog.error.text()
    assert error.startswith("error: ") and "labels.json" in error and "\n" not in error
    assert not (tmp_path / "p.annot").exists() and dialog.isVisible()


def test_import_cancelled_half_way_leaves_the_project_byte_identical(qtbot, docs_project, open_editor, tmp_path):
    window = open_editor(docs_project, "seed")
    write_jsonl(tmp_path / "big.jsonl", 2000, seed=5, words=60, spans=4)
    before = snapshot(docs_project.path)
    dialog = window.jobs.import_files([str(tmp_path / "big.jsonl")])
    job = dialog.start()
    seen = cancel_after(job, 200)
    ok, message = finished(qtbot, job)
    assert not ok and message == "cancelled; nothing was changed"
    assert 200 <= max(seen) < 2000  # stopped half way, not at the end
    assert job.message.text() == "error: cancelled; nothing was changed"
    assert snapshot(docs_project.path) == before
    assert docs_project.count_documents() == 2


def test_import_of_a_malformed_file_shows_one_line_and_changes_nothing(qtbot, docs_project, open_editor, tmp_path):
    window = open_editor(docs_project, "seed")
    good = json.dumps({"id": "a", "text": "زار أحمد بنغازي.", "spans": []}, ensure_ascii=False)
    (tmp_path / "bad.jsonl").write_text(
        good + "\n" + good.replace('"a"', '"b"') + '\n{"id": "c", "text": \n', encoding="utf-8"
    )
    before = snapshot(docs_project.path)
    dialog = window.jobs.import_files([str(tmp_path / "bad.jsonl")])
    ok, message = finished(qtbot, dialog.start())
    assert not ok
    assert "bad.jsonl" in message and "line 3" in message and "\n" not in message
    assert dialog.job.message.text() == f"error: {message}"
    assert snapshot(docs_project.path) == before


def test_files_dropped_on_the_window_are_imported(qtbot, docs_project, open_editor, tmp_path):
    window = open_editor(docs_project, "seed")
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "one.txt").write_text("قال مسؤول في طرابلس.", encoding="utf-8")
    (folder / "two.jsonl").write_text(
        json.dumps({"text": "زار أحمد بنغازي.", "label": [[4, 8, "PERSON"]]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder / "one.txt")), QUrl.fromLocalFile(str(folder / "two.jsonl"))])
    where = window.view.geometry().center()
    enter = QDragEnterEvent(
        where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()  # the window takes files
    drop = QDropEvent(
        QPointF(where), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)
    dialog = window.jobs.drop.dialog
    assert dialog is not None and dialog.paths() == [str(folder / "one.txt"), str(folder / "two.jsonl")]
    ok, message = finished(qtbot, dialog.start())
    assert ok, message
    assert docs_project.count_documents() == 4
    assert "imported 2 documents (1 spans)" in message
    assert window.doc_list.model.rowCount() == 4  # the list was refreshed


def test_export_with_every_option_and_cancel_half_way(qtbot, docs_project, open_editor, tmp_path):
    window = open_editor(docs_project, "seed")
    docs_project.import_documents([Document(id=f"g{i}", text=f"{read_seed()} {i}") for i in range(600)])
    assert docs_project.count_documents() == 602
    before = snapshot(docs_project.path)
    dialog = window.jobs.export()
    dialog.fmt.setCurrentIndex(dialog.fmt.findData("conll"))
    dialog.out.setText(str(tmp_path / "out.conll"))
    dialog.jobs.setValue(1)
    job = dialog.start()
    seen = cancel_after(job, 50)
    ok, message = finished(qtbot, job)
    assert not ok and message == "cancelled; nothing was changed" and max(seen) < 602
    assert not (tmp_path / "out.conll").exists()
    assert snapshot(docs_project.path) == before

    dialog = window.jobs.export()
    dialog.fmt.setCurrentIndex(dialog.fmt.findData("jsonl"))
    dialog.out.setText(str(tmp_path / "split"))
    dialog.layer.setCurrentIndex(dialog.layer.findData("entity"))
    dialog.statuses["new"].setChecked(True)
    dialog.suggested.setChecked(True)
    dialog.split.setText("train=0.8,test=0.2")
    dialog.seed.setValue(7)
    req = dialog.request()
    assert (req.layer, req.status, req.include_suggested, req.split, req.seed) == (
        "entity",
        ("new",),
        True,
        "train=0.8,test=0.2",
        7,
    )
    ok, message = finished(qtbot, dialog.start())
    assert ok, message
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (tmp_path / "split").glob("*.jsonl"))
    assert lines == 602 and "train: " in message


def test_merge_of_a_malformed_project_shows_one_line_and_changes_nothing(qtbot, docs_project, open_editor, tmp_path):
    window = open_editor(docs_project, "seed")
    bad = tmp_path / "colleague.annot"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50 + b"not a database at all")
    before = snapshot(docs_project.path)
    ok, message = finished(qtbot, window.jobs.merge([str(bad)]))
    assert not ok and "colleague.annot" in message and "\n" not in message
    assert window.jobs.dialog.message.text().startswith("error: ")
    assert snapshot(docs_project.path) == before


def test_merge_and_back_up_and_read_agreement(qtbot, docs_project, open_editor, tmp_path):
    from annotator.store import Project

    window = open_editor(docs_project, "seed", annotator="amira")
    text = docs_project.document_text("seed")
    start = text.index("ليبيا")
    docs_project.add_span(
        "seed", Span(start=start, end=start + 5, label="GPE", layer="entity", annotator="amira"), "amira"
    )
    other = tmp_path / "badr.annot"
    with Project.create(other) as colleague:
        colleague.add_document(Document(id="seed", text=text))
        colleague.add_span(
            "seed", Span(start=start, end=start + 5, label="GPE", layer="entity", annotator="badr"), "badr"
        )
    ok, message = finished(qtbot, window.jobs.merge([str(other)]))
    assert ok, message
    assert "badr" in docs_project.annotators()

    ok, message = finished(qtbot, window.jobs.backup(str(tmp_path / "copy.annot")))
    assert ok, message
    with Project.open(tmp_path / "copy.annot", readonly=True) as copy:
        assert "badr" in copy.annotators()

    view = window.jobs.agreement()
    from PySide6.QtWidgets import QTableWidget

    table = view.findChild(QTableWidget, "agreementPairs")
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert rows[0][:6] == ["amira", "badr", "entity", "(all)", "1.000", "1.000"]
    assert any(r[3] == "GPE" for r in rows)


def test_the_file_menu_offers_the_jobs_in_english_and_arabic(qtbot, docs_project, open_editor):
    from PySide6.QtWidgets import QMenu

    window = open_editor(docs_project, "seed")
    file_menu = window.menuBar().findChild(QMenu, "fileMenu")
    texts = [a.text() for a in file_menu.actions()]
    for name in ("New project…", "Import…", "Export…", "Merge a colleague's project…", "Back up…"):
        assert name in texts
    assert "Agreement…" in [a.text() for a in window.menuBar().findChild(QMenu, "documentMenu").actions()]
    window.set_language("ar")
    file_menu = window.menuBar().findChild(QMenu, "fileMenu")
    texts = [a.text() for a in file_menu.actions()]
    assert "مشروع جديد…" in texts and "استيراد…" in texts and "دمج مشروع زميل…" in texts
    dialog = window.jobs.export()
    assert dialog.windowTitle() == "تصدير" and dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    new = window.jobs.new_project()
    assert new.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert new.folder.text() == str(docs_project.path.resolve().parent)
