"""Kill -9 the editor in the middle of a burst of edits made through the
real window (a selection, then the label key; the same key again on the
selected span relabels it): the project file stays sound and every edit
the window reported saved before the kill is in it."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.model import Document
from annotator.store import Project
from tests.conftest import read_seed

ROOT = Path(__file__).resolve().parents[2]

# Runs in the child: the editor as ``annotator gui`` opens it, offscreen. After
# each key press it prints the span's id and label once the status bar says
# what was done (the window's acknowledgement), and goes on until it is killed.
DRIVER = r"""
import re, sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from annotator.ui.app import application, open_window

app = application()
window = open_window(sys.argv[1], "amira", doc_id="seed", backup=False)
window.show()
app.processEvents()
words = [m.span() for m in re.finditer(r"[\u0621-\u064a]{3,}", window.text)]
for k, (s, e) in enumerate(words * 1000):
    if k >= len(words):  # every word labelled once: relabel them, round after round
        window.select_span(window.project.find_span("seed", "amira", "entity", s, e).id)
    else:
        window.view.set_selection_cp(s, e)
    window.statusBar().clearMessage()
    QTest.keyClick(window.view, "4" if k // len(words) % 2 == 0 else "3")  # GPE, then LOC on the next round
    span = window.selected_span()
    if span is None or window.last_edit is None or not window.last_edit.ok:
        sys.exit("not saved: " + window.statusBar().currentMessage())
    print(span.id, span.label, flush=True)
"""


def test_kill_mid_burst_keeps_every_saved_edit(tmp_path):
    path = tmp_path / "p.db"
    text = read_seed() * 3
    with Project.create(path) as project:
        project.add_document(Document(id="seed", text=text))
    n_words = len(re.findall(r"[\u0621-\u064a]{3,}", text))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_SETTINGS": str(tmp_path / "settings.ini")}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(path)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acknowledged: list[tuple[str, str]] = []
    while len(acknowledged) < n_words + 50:  # all added, and the relabelling under way
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        acknowledged.append(tuple(line.split()))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    acknowledged += [tuple(line.split()) for line in proc.stdout.read().splitlines()]  # printed before the kill

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = dict(conn.execute("select id, label from spans where doc_id = 'seed' and annotator = 'amira'"))
    finally:
        conn.close()
    last = dict(acknowledged)  # each span's label as last reported saved
    assert len(last) == n_words and set(last) <= set(stored)
    changed = {i for i in last if stored[i] != last[i]}
    assert len(changed) <= 1  # at most the one edit under way when the kill came, never reported saved
    with Project.open(path) as project:  # and the editor's project opens and works after the kill
        assert len(project.spans("seed")) == n_words
