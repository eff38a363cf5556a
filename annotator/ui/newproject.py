"""File ▸ New project: a name, a folder, and the label scheme: the default
one, a JSON/TOML scheme file, or copied from another project. The project
is ``<folder>/<name>.annot``; it opens in the editor once made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from annotator import tasks
from annotator.errors import AnnotatorError
from annotator.ui.widgets import dialog_buttons, named


class NewProjectDialog(QDialog):
    def __init__(self, parent, tr, folder: str | Path | None = None):
        super().__init__(parent)
        self.tr_ = tr
        self.setObjectName("newProjectDialog")
        if parent is not None:
            self.setLayoutDirection(parent.layoutDirection())
        self.setWindowTitle(tr("New project"))
        self.created: Path | None = None
        self.name = named(QLineEdit(), "newProjectName")
        self.folder = named(QLineEdit(str(folder or Path.home())), "newProjectFolder")
        self.kind = QButtonGroup(self)
        self.default = QRadioButton(tr("Default labels"))
        self.from_file = QRadioButton(tr("Labels from a JSON or TOML file"))
        self.from_project = QRadioButton(tr("Labels copied from another project"))
        self.default.setChecked(True)
        self.scheme_file = named(QLineEdit(), "newProjectSchemeFile")
        self.scheme_project = named(QLineEdit(), "newProjectSchemeProject")
        grid = QGridLayout()
        scheme = QWidget()
        scheme.setLayout(grid)
        for row, (radio, edit, filt) in enumerate(
            (
                (self.default, None, None),
                (self.from_file, self.scheme_file, "schemes (*.json *.toml)"),
                (self.from_project, self.scheme_project, "annotator projects (*.annot *.db *.sqlite)"),
            )
        ):
            self.kind.addButton(radio)
            grid.addWidget(radio, row, 0)
            if edit is not None:
                grid.addWidget(edit, row, 1)
                pick = QPushButton(tr("Choose…"))
                pick.clicked.connect(lambda _=False, e=edit, f=filt, r=radio: self._pick(e, f, r))
                grid.addWidget(pick, row, 2)
        pick_folder = QPushButton(tr("Choose…"))
        pick_folder.clicked.connect(self._pick_folder)
        folder_row = QWidget()
        fgrid = QGridLayout(folder_row)
        fgrid.setContentsMargins(0, 0, 0, 0)
        fgrid.addWidget(self.folder, 0, 0)
        fgrid.addWidget(pick_folder, 0, 1)
        self.error = named(QLabel(), "newProjectError")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Folder"), folder_row)
        form.addRow(tr("Labels"), scheme)
        form.addRow(self.error)
        form.addRow(dialog_buttons(self, self.create))

    def _pick(self, edit: QLineEdit, filt: str, radio: QRadioButton) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr_("Labels"), self.folder.text(), filt)
        if path:
            edit.setText(path)
            radio.setChecked(True)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr_("Folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def target(self) -> Path:
        name = self.name.text().strip()
        return Path(self.folder.text().strip()) / (name if Path(name).suffix else f"{name}.annot")

    def create(self) -> Path | None:  # type: ignore[override]  # the dialog's own action, not QWidget.create
        if not self.name.text().strip():
            self.error.setText("error: " + self.tr_("a project needs a name"))
            return None
        try:
            self.created = tasks.create_project(
                self.target(),
                scheme_file=self.scheme_file.text() if self.from_file.isChecked() else None,
                scheme_from=self.scheme_project.text() if self.from_project.isChecked() else None,
            )
        except (AnnotatorError, OSError, ValueError) as exc:
            self.error.setText("error: " + " ".join(str(exc).split()))
            return None
        self.accept()
        return self.created
