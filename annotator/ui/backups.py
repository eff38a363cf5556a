"""A rolling backup of the project before each editing session.

The copy goes through :meth:`Project.backup` (SQLite's online backup, safe
while others write) into a ``.backups`` folder beside the project; only the
newest :data:`KEEP` copies of that project are kept, and a copy left
half-made by a session that was killed while backing up (``*.part``, an
hour old) is removed.

The editor makes it in the background (:func:`start_backup`), on a
connection of its own, once the window is up: a 1 GB project takes about
two seconds to copy, which the window need not wait for. The copy is one
step of the backup API, so it is the project as it was when the copy began
(a consistent read; the editor's saves go on meanwhile, WAL lets them),
made before any edit of the session could reach it in practice.
"""

from __future__ import annotations

import glob
import re
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotator.errors import AnnotatorError
from annotator.store import Project

KEEP = 3
STALE_PART_S = 3600


def backup_folder(project_path: Path) -> Path:
    return project_path.parent / ".backups"


def rolling_backup(project: Project, keep: int = KEEP) -> Path:
    folder = backup_folder(project.path)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = project.backup(folder / f"{project.path.stem}-{stamp}{project.path.suffix or '.db'}")
    pattern = re.compile(re.escape(project.path.stem) + r"-\d{8}-\d{6}-\d{6}" + re.escape(out.suffix) + "$")
    mine = sorted(p for p in folder.iterdir() if pattern.match(p.name))
    for old in mine[:-keep]:
        old.unlink(missing_ok=True)
    for part in folder.glob(glob.escape(project.path.stem) + "-*.part"):
        if time.time() - part.stat().st_mtime > STALE_PART_S:
            part.unlink(missing_ok=True)
    return out


class _Signals(QObject):
    failed = Signal(str)  # why it could not be made


class BackupJob(QRunnable):
    """:func:`rolling_backup` of the project file at ``path``, run on a pool
    thread with its own read-only connection. ``done`` is set when it has
    finished either way; ``result`` or ``error`` says how."""

    def __init__(self, path: Path, keep: int = KEEP):
        super().__init__()
        self.setAutoDelete(False)
        self.path, self.keep = Path(path), keep
        self.signals = _Signals()
        self.done = threading.Event()
        self.result: Path | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            with Project.open(self.path, readonly=True) as source:
                self.result = rolling_backup(source, self.keep)
        except (AnnotatorError, sqlite3.Error, OSError) as exc:
            self.error = f"backup not made: {exc}"
        finally:
            self.done.set()
        if self.error:
            self.signals.failed.emit(self.error)

    def wait(self, timeout: float | None = None) -> Path | None:
        self.done.wait(timeout)
        return self.result


def start_backup(path: Path, keep: int = KEEP, on_failed=None) -> BackupJob:
    """Start a rolling backup of the project at ``path`` in the background;
    ``on_failed(message)`` is connected before the job starts, so a backup
    that fails at once is still reported."""
    job = BackupJob(path, keep)
    if on_failed is not None:
        job.signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(job)
    return job


def wait_for_backups(timeout_ms: int = -1) -> bool:
    """Let backups under way finish (before the application exits)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
