"""Suggestions in the editor: retrain the suggestion model in the background
after every N newly accepted spans, show its held-out F1 in the status bar,
and propose suggestions for the open document on demand.

Training runs ``annotator train DB --json`` in a child process (started
through :mod:`annotator.program`, so the frozen bundle runs its own binary), waited on
from a ``QThreadPool`` worker: CRFsuite holds Python's GIL while it learns,
so a thread alone would stall the window for hundreds of milliseconds; a
child process keeps every frame short. The project is only read by the
child (the model is written beside it, ``DB.models/``).

Automatic retraining starts once a model exists (the first one is trained
with the *Retrain suggestion model* action, Ctrl+Shift+T, or ``annotator
train``), so that opening a project never starts background work unasked.
New accepted spans are counted from the project's history
(:meth:`Project.accepted_since`), which catches labels made anywhere.
"""

from __future__ import annotations

import json
import subprocess

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel

from annotator import program

EVERY = 20
POLL_MS = 2000


class _Signals(QObject):
    finished = Signal(dict)
    failed = Signal(str)


class TrainJob(QRunnable):
    """Train the model of ``layer`` for the project at ``db`` in a child process."""

    def __init__(self, db: str, layer: str = "entity"):
        super().__init__()
        self.db, self.layer = db, layer
        self.signals = _Signals()

    def run(self) -> None:
        cmd = program.command("train", self.db, "--layer", self.layer, "--json")
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        except OSError as exc:
            self.signals.failed.emit(str(exc))
            return
        if done.returncode != 0:
            lines = (done.stderr or "training failed").strip().splitlines()
            self.signals.failed.emit(lines[-1] if lines else "training failed")
            return
        try:
            self.signals.finished.emit(json.loads(done.stdout))
        except ValueError:
            self.signals.failed.emit("training printed no report")


class Retrainer(QObject):
    """Counts newly accepted spans and retrains after every ``every`` of them."""

    trained = Signal(dict)
    failed = Signal(str)  # the one-line reason, also shown in the status label

    def __init__(self, window, every: int = EVERY, poll_ms: int = POLL_MS, layer: str = "entity"):
        super().__init__(window)
        self.window, self.every, self.layer = window, every, layer
        self.pending = 0
        self.running = False
        self.report: dict | None = None
        self._mark = window.project.accepted_since(0)[1]
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        self.label.setObjectName("modelScore")
        window.statusBar().addPermanentWidget(self.label)
        from annotator.suggest.crf import report_for_project

        self.report = report_for_project(window.project, layer)
        self._show()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(poll_ms)
        # A closed window keeps its timers running; stop polling with it.
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()
        return False

    @property
    def auto(self) -> bool:
        """Retrain by itself only once a model exists."""
        return self.report is not None

    def poll(self) -> None:
        if self.window.project.closed:
            self.timer.stop()
            return
        n, self._mark = self.window.project.accepted_since(self._mark, self.layer)
        self.pending += n
        if self.auto and self.pending >= self.every and not self.running:
            self.retrain()

    def retrain(self) -> bool:
        if self.running:
            return False
        self.running = True
        self.pending = 0
        job = TrainJob(str(self.window.project.path), self.layer)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        self._show()
        QThreadPool.globalInstance().start(job)
        return True

    def _finished(self, report: dict) -> None:
        self.running = False
        self.report = report
        self._show()
        self.trained.emit(report)

    def _failed(self, message: str) -> None:
        self.running = False
        self._show(error=message)
        self.failed.emit(message)

    def _show(self, error: str | None = None) -> None:
        tr = self.window.tr_
        if self.running:
            text = tr("training the suggestion model…")
        elif error:
            text = f"{tr('model')}: {error.removeprefix('error: ')}"
        elif self.report and self.report.get("heldout"):
            h, b = self.report["heldout"], self.report["baseline"]
            text = f"{tr('model')} F1 {h['f1']:.2f} ({tr('baseline')} {b['f1']:.2f})"
        elif self.report:
            text = f"{tr('model')}: {tr('trained')}"
        else:
            text = ""
        self.label.setText(text)
        self.label.setToolTip(
            f"{self.report.get('trained_at', '')} · {self.report.get('documents', 0)} documents" if self.report else ""
        )

    def suggest_here(self) -> dict[str, int]:
        """Add suggestions from every available engine to the open document."""
        from annotator.errors import AnnotatorError
        from annotator.suggest.apply import ENGINE_ORDER, suggest
        from annotator.suggest.crf import model_dir_for

        window = self.window
        if not window.doc_id:
            return {}
        sources = [
            s
            for s in ENGINE_ORDER
            if s != "model" or (model_dir_for(window.project) / f"{self.layer}.crfsuite").exists()
        ]
        try:
            counts = suggest(window.project, doc_ids=[window.doc_id], sources=sources)
        except AnnotatorError as exc:
            window.note(str(exc), error=True)
            return {}
        window.open_document(window.doc_id)
        window.note(", ".join(f"{s}: {counts[s]}" for s in sources))
        return counts


def attach(window) -> Retrainer:
    """Give an editor window background retraining and the two actions."""
    retrainer = Retrainer(window)
    window.add_action("retrain-model", "Retrain suggestion model", retrainer.retrain, ["Ctrl+Shift+T"])
    window.add_action("suggest-document", "Suggest for this document", retrainer.suggest_here, ["Ctrl+Shift+S"])
    return retrainer
