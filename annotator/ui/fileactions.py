"""The File menu's project jobs on an editor window: New project, Import,
Export, Merge a colleague's project, Back up, and Review ▸ Agreement, plus
importing what is dropped on the window. Each long one is a job
(annotator.ui.jobs) that leaves the project unchanged when it fails or is
cancelled."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from annotator import tasks
from annotator.ui.jobs import JobDialog

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

    def new_project(self):
        from annotator.ui.newproject import NewProjectDialog

        self.dialog = dialog = NewProjectDialog(self.window, self.tr, folder=self.window.project.path.resolve().parent)
        dialog.accepted.connect(lambda: dialog.created and self.window.open_project(str(dialog.created)))
        dialog.show()
        return dialog

    def import_files(self, paths: list[str] | None = None):
        from annotator.ui.importdialog import ImportDialog

        self.dialog = ImportDialog(self.window, paths)
        self.dialog.show()
        return self.dialog

    def export(self):
        from annotator.ui.exportdialog import ExportDialog

        self.dialog = ExportDialog(self.window)
        self.dialog.show()
        return self.dialog

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
        self.dialog = job
        job.show()
        return job

    def backup(self, out: str | None = None) -> JobDialog | None:
        if out is None:
            p = self.window.project.path
            out, _ = QFileDialog.getSaveFileName(
                self.window, self.tr("Back up"), str(p.with_name(f"{p.stem}-backup{p.suffix}")), PROJECTS
            )
        if not out:
            return None
        db = str(self.window.project.path)
        self.dialog = JobDialog(
            self.window, self.tr("Backing up"), lambda progress: tasks.backup_project(db, out, progress), self.tr
        )
        self.dialog.show()
        return self.dialog

    def agreement(self):
        from annotator.ui.agreementview import AgreementView

        self.dialog = AgreementView(self.window)
        self.dialog.show()
        return self.dialog


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
