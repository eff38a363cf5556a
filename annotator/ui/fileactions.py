"""The File menu's project jobs on an editor window: New project, Import,
Export, Merge a colleague's project, Back up, and Review ▸ Agreement, plus
importing what is dropped on the window. Each long one is a job
(annotator.ui.jobs) that leaves the project unchanged when it fails or is
cancelled."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator import tasks
from annotator.ui.jobs import JobDialog

W = TypeVar("W", bound=QWidget)
PROJECTS = "annotator projects (*.annot *.db *.sqlite);;all files (*)"


class FileActions:
    def __init__(self, window):
        self.window = window
        self.dialog = None  # the dialog or job last opened (tests drive it)
        from annotator.ui.importdialog import DropImport

        self.drop = DropImport(window)

    @property
    def tr(self):
        return self.window.tr_

    def _show(self, dialog: W) -> W:
        """Show ``dialog`` (or job) as the one last opened."""
        self.dialog = dialog
        dialog.show()
        return dialog

    def new_project(self):
        from annotator.ui.newproject import NewProjectDialog

        dialog = NewProjectDialog(self.window, self.tr, folder=self.window.project.path.resolve().parent)
        dialog.accepted.connect(lambda: dialog.created and self.window.open_project(str(dialog.created)))
        return self._show(dialog)

    def import_files(self, paths: list[str] | None = None):
        from annotator.ui.importdialog import ImportDialog

        return self._show(ImportDialog(self.window, paths))

    def export(self):
        from annotator.ui.exportdialog import ExportDialog

        return self._show(ExportDialog(self.window))

    def merge(self, others: list[str] | None = None) -> JobDialog | None:
        if others is None:
            others, _ = QFileDialog.getOpenFileNames(
                self.window, self.tr("Merge a colleague's project"), str(self.window.project.path.parent), PROJECTS
            )
        if not others:
            return None
        db, who = str(self.window.project.path), self.window.annotator
        job = JobDialog(
            self.window,
            self.tr("Merging"),
            lambda progress: tasks.merge_projects(db, others, who=who, progress=progress),
            self.tr,
        )
        job.done.connect(lambda ok, _msg: ok and self.window.refresh())
        return self._show(job)

    def backup(self, out: str | None = None) -> JobDialog | None:
        if out is None:
            p = self.window.project.path
            out, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Back up"), str(p.with_name(f"{p.stem}-backup{p.suffix}")), PROJECTS
            )
        if not out:
            return None
        db = str(self.window.project.path)
        job = JobDialog(
            self.window, self.tr("Backing up"), lambda progress: tasks.backup_project(db, out, progress), self.tr
        )
        return self._show(job)

    def agreement(self):
        from annotator.ui.agreementview import AgreementView

        return self._show(AgreementView(self.window))


ACTIONS = (  # key, English label, method, shortcut
    ("new-project", "New project…", "new_project", "Ctrl+N"),
    ("import", "Import…", "import_files", "Ctrl+Shift+I"),
    ("export", "Export…", "export", "Ctrl+E"),
    ("merge", "Merge a colleague's project…", "merge", ""),
    ("backup", "Back up…", "backup", ""),
    ("agreement", "Agreement…", "agreement", "Ctrl+Shift+G"),
)


def attach(window) -> FileActions:
    """Give an editor window the actions (before its retranslate(), which
    puts them in the File and Document menus)."""
    actions = FileActions(window)
    for key, label, method, keys in ACTIONS:
        window.add_action(key, label, lambda m=method: getattr(actions, m)(), [keys] if keys else [])
    return actions
