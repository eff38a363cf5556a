"""The editor stays open and keeps saving while the command line imports
and prelabels into the same project (other processes, WAL and a busy
timeout): no ``database is locked``, no error shown, nothing lost; Refresh
(F5) then shows the new documents and the new suggestions."""

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.model import Document
from bench.generate import write_jsonl
from tests.conftest import TRICKY

ANNOTATOR = Path(sys.executable).with_name("annotator")
N = 300


def run_cli(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ANNOTATOR), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_editor_keeps_saving_while_the_cli_writes_then_refresh_shows_it(qtbot, project, open_editor, tmp_path):
    project.add_document(Document(id="open", text=TRICKY * 8))
    write_jsonl(tmp_path / "corpus.jsonl", N, seed=3)
    window = open_editor(project, "open")
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    words = [m.span() for m in re.finditer(r"[\u0621-\u064a]{3,}", window.text)]
    assert not [s for s in window.view.index if s.status == "suggested"]

    saved = []
    importer = run_cli("import", project.path, tmp_path / "corpus.jsonl")
    prelabeller = None
    while True:  # edit as a person would until both commands have finished: import, then prelabel
        if importer.poll() is not None and prelabeller is None:
            prelabeller = run_cli("prelabel", project.path)
        if prelabeller is not None and prelabeller.poll() is not None:
            break
        if words:
            window.view.set_selection_cp(*words.pop(0))
            span = window.label_selection("entity", "ORG")
            assert span is not None, window.statusBar().currentMessage()
            saved.append(span.id)
        qtbot.wait(20)
    out_i, err_i = importer.communicate()
    out_p, err_p = prelabeller.communicate()
    assert importer.returncode == 0 and prelabeller.returncode == 0, err_i + err_p
    assert "locked" not in err_i + err_p
    assert len(saved) > 10, len(saved)  # edits did overlap the commands
    assert not [m for m in messages if "locked" in m or "error" in m.lower()]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert {s.id for s in project.spans("open", annotator="amira")} == set(saved)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.view, Qt.Key.Key_F5)

    model = window.doc_list.model
    model.fetch_all()
    assert len(model.rows) == N + 1
    assert window.doc_list.progress.text().endswith(f"/{N + 1} done")
    suggested = [s for s in window.view.index if s.status == "suggested"]
    assert suggested and all(s.source == "prelabel" and s.layer == "number" for s in suggested)
    assert {s.id for s in window.view.index if s.annotator == "amira"} == set(saved)  # still shown after the refresh
    row = model.rows[0]
    assert row.id == "open" and row.suggested == len(suggested) and row.spans == len(saved)
