"""File ▸ Import: files or a folder (or what is dropped on the window), the
format detected per file as ``annotator import --format auto`` does, or
chosen; the import runs as a job (annotator.ui.jobs): nothing changes
unless every file reads cleanly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
)

from annotator import formats, tasks
from annotator.ui.jobs import JobDialog
from annotator.ui.widgets import dialog_buttons, named, stacked


class ImportDialog(QDialog):
    def __init__(self, window, paths: list[str] | None = None):
        super().__init__(window)
        self.window_ = window
        tr = window.tr_
        self.setObjectName("importDialog")
        self.setLayoutDirection(window.layoutDirection())  # Arabic: right to left, as the window
        self.setWindowTitle(tr("Import files"))
        self.files = named(QListWidget(), "importFiles")
        add_files = QPushButton(tr("Add files…"))
        add_folder = QPushButton(tr("Add a folder…"))
        add_files.clicked.connect(self._ask_files)
        add_folder.clicked.connect(self._ask_folder)
        row = QHBoxLayout()
        row.addWidget(add_files)
        row.addWidget(add_folder)
        self.fmt = named(QComboBox(), "importFormat")
        self.fmt.addItem(tr("detect"), "auto")
        for name in formats.READERS:
            self.fmt.addItem(name, name)
        self.who = named(QLineEdit("import"), "importAnnotator")
        form = QFormLayout()
        form.addRow(tr("Format"), self.fmt)
        form.addRow(tr("Annotator for spans that name none"), self.who)
        stacked(self, self.files, row, form, dialog_buttons(self, self.start))
        self.job: JobDialog | None = None
        for p in paths or []:
            self.files.addItem(str(p))

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def _ask_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.window_.tr_("Import files"), str(Path.cwd()))
        for p in chosen:
            self.files.addItem(p)

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.window_.tr_("Import a folder"), str(Path.cwd()))
        if folder:
            self.files.addItem(folder)

    def start(self) -> JobDialog | None:
        paths = self.paths()
        if not paths:
            return None
        db, fmt, who = str(self.window_.project.path), self.fmt.currentData(), self.who.text().strip() or "import"
        self.job = JobDialog(
            self.window_,
            self.window_.tr_("Importing"),
            lambda progress: tasks.import_files(db, paths, fmt, who, progress),
            self.window_.tr_,
        )
        self.job.done.connect(lambda ok, _msg: ok and self.window_.refresh())
        self.accept()
        self.job.show()
        return self.job


class DropImport(QObject):
    """Files or folders dropped on the editor window open the import dialog with them."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.dialog: ImportDialog | None = None
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and event.mimeData().hasUrls():
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop and event.mimeData().hasUrls():
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.dialog = ImportDialog(self.window_, paths)
                self.dialog.show()
                return True
        return False
