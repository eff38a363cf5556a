"""Long jobs off the GUI thread: a progress bar, a Cancel button, and the
outcome (a summary, or the error as one line naming the file and line) in
the same dialog.

The work is a function of :mod:`annotator.tasks` taking a progress callback;
it runs on a ``QThread`` with its own SQLite connection. Cancel sets a flag
that the next progress call turns into :class:`~annotator.tasks.Cancelled`,
so the task stops where the project is still untouched (see annotator.tasks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout

from annotator.errors import AnnotatorError
from annotator.tasks import Cancelled


class _Worker(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[..., Any]):
        super().__init__()
        self.work = work
        self.cancel_requested = threading.Event()

    def _progress(self, done: int, total: int) -> None:
        if self.cancel_requested.is_set():
            raise Cancelled()
        self.progressed.emit(done, total)

    def run(self) -> None:
        import sqlite3

        try:
            result = self.work(self._progress)
        except (AnnotatorError, sqlite3.Error, OSError, ValueError) as exc:
            name = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
            text = name + (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
            self.failed.emit(" ".join(text.split()))
        except Exception as exc:  # a bug: still one line, and the project is as it was
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(result)


class JobDialog(QDialog):
    """Runs ``work(progress)`` and shows how it goes; ``done`` fires once,
    with ``(ok, message)``."""

    done = Signal(bool, str)  # type: ignore[assignment]  # callers connect to done; QDialog.done(int) is not called

    def __init__(self, parent, title: str, work: Callable[..., Any], tr=lambda s: s):
        super().__init__(parent)
        self.setObjectName("jobDialog")
        if parent is not None:
            self.setLayoutDirection(parent.layoutDirection())
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.tr_ = tr
        self.outcome: tuple[bool, str] | None = None
        self.status = QLabel(tr("Working…"))
        self.status.setObjectName("jobStatus")
        self.bar = QProgressBar()
        self.bar.setObjectName("jobProgress")
        self.bar.setRange(0, 0)
        self.message = QLabel()
        self.message.setObjectName("jobMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        for w in (self.status, self.bar, self.message, self.buttons):
            layout.addWidget(w)
        self.worker = _Worker(work)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(lambda result: self._finish(True, str(result or "")))
        self.worker.failed.connect(lambda message: self._finish(False, message))
        self.worker.start()

    @property
    def running(self) -> bool:
        return self.outcome is None

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.status.setText(f"{done} / {total}")
        else:
            self.status.setText(self.tr_("documents read") + f": {done}")

    def cancel(self) -> None:
        if self.running:
            self.status.setText(self.tr_("Cancelling…"))
            self.worker.cancel_requested.set()
        else:
            self.accept()

    def _finish(self, ok: bool, message: str) -> None:
        self.worker.wait()
        self.outcome = (ok, message)
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if ok else 0)
        self.status.setText(self.tr_("Done") if ok else self.tr_("Failed: the project is unchanged"))
        self.message.setText(message if ok else f"error: {message}")
        self.message.setProperty("error", not ok)
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)
        self.done.emit(ok, message)

    def reject(self) -> None:  # Esc or the title bar's close: cancel first
        if self.running:
            self.cancel()
        else:
            super().reject()

    def wait(self, ms: int = 60_000) -> bool:
        return self.worker.wait(ms)
