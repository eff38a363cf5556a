"""The Team menu and dock: per-annotator progress (the table of ``annotator
stats --by-annotator``, read when the dock is shown and on F5 while it is), Team > Assign (the options of
``annotator assign``) and Team > Collect (merge every pack in a folder,
with a progress bar).

The work is done by :mod:`annotator.team`; this module asks for the options,
shows the results and never decides anything about the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.model import DOC_STATUSES
from annotator.team.assign import AssignReport, assign
from annotator.team.collect import Collected, collect, pack_files
from annotator.team.progress import COLUMNS, by_annotator, table_cells
from annotator.ui.guidelines import GuidelinesDock
from annotator.ui.widgets import dialog_buttons, named, stacked

if TYPE_CHECKING:
    from annotator.ui.window import EditorWindow


class TeamDock(QDockWidget):
    def __init__(self, window: EditorWindow):
        super().__init__(window.tr_("Team"), window)
        self.setObjectName("teamDock")
        self.window_ = window
        self.table = named(QTableWidget(0, len(COLUMNS)), "teamTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.summary = named(QLabel(), "teamSummary")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.setWidget(body)
        self.data: dict = {}
        self.retranslate(window.tr_)  # the table is read when the dock is first shown (showEvent)

    def retranslate(self, tr) -> None:
        self.setWindowTitle(tr("Team"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fill()

    def refresh(self) -> None:
        """Read the table again, if the dock is shown; a hidden dock reads
        nothing (showing it does). The table walks the whole history and
        every span of the project: on a 2,000,000-span project that took
        most of the time the window took to open."""
        if self.isVisible():
            self._fill()

    def _fill(self) -> None:
        self.data = by_annotator(self.window_.project)
        rows = self.data["annotators"]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(table_cells(row)):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        tr = self.window_.tr_
        self.summary.setText(
            f"{len(rows)} {tr('annotators')} · {tr('active time: gaps under')} {self.data['idle_seconds'] / 60:.0f} min"
        )

    def cell(self, annotator: str, column: str) -> str:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text() == annotator:  # type: ignore[union-attr]  # every row is filled
                return self.table.item(r, COLUMNS.index(column)).text()  # type: ignore[union-attr]  # every row is filled
        raise KeyError(annotator)


class AssignDialog(QDialog):
    """Team > Assign: the options of ``annotator assign``."""

    def __init__(self, window: EditorWindow):
        super().__init__(window)
        tr = window.tr_
        self.setObjectName("assignDialog")
        self.setWindowTitle(tr("Assign documents"))
        self.annotators = named(QLineEdit(), "assignAnnotators")
        self.annotators.setPlaceholderText("amira,badr,chadi")
        self.overlap = named(QDoubleSpinBox(), "assignOverlap")
        self.overlap.setRange(0.0, 1.0)
        self.overlap.setSingleStep(0.05)
        self.overlap.setValue(0.2)
        self.copies = named(QSpinBox(), "assignCopies")
        self.copies.setRange(2, 50)
        self.seed = named(QLineEdit("0"), "assignSeed")
        self.status = named(QComboBox(), "assignStatus")
        self.status.addItem(tr("any status"), None)
        for s in DOC_STATUSES:
            self.status.addItem(tr(s), s)
        self.per_annotator = named(QSpinBox(), "assignPerAnnotator")
        self.per_annotator.setRange(0, 10_000_000)
        self.per_annotator.setSpecialValueText(tr("no limit"))
        self.out = named(QLineEdit(str(window.project.path.parent / f"{window.project.path.stem}-packs")), "assignOut")
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("Annotators (comma-separated)"), self.annotators)
        form.addRow(tr("Overlap share"), self.overlap)
        form.addRow(tr("Annotators per overlapping document"), self.copies)
        form.addRow(tr("Seed"), self.seed)
        form.addRow(tr("Only documents with status"), self.status)
        form.addRow(tr("At most per annotator"), self.per_annotator)
        form.addRow(tr("Folder for the packs"), out_row)
        stacked(self, form, dialog_buttons(self, self.accept))

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.windowTitle(), self.out.text())
        if path:
            self.out.setText(path)

    def options(self) -> dict:
        status = self.status.currentData()
        return {
            "annotators": self.annotators.text(),
            "overlap": self.overlap.value(),
            "seed": self.seed.text(),
            "out": self.out.text(),
            "copies": self.copies.value(),
            "statuses": [status] if status else None,
            "per_annotator": self.per_annotator.value() or None,
        }


class Team:
    """The Team menu's actions, the Team dock and the Guidelines dock of one window."""

    def __init__(self, window: EditorWindow):
        self.window = window
        self.dock = TeamDock(window)
        self.guidelines = GuidelinesDock(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidelines)
        self.dock.hide()
        self.guidelines.hide()
        self.last_report: AssignReport | None = None
        self.last_collected: list[Collected] = []
        window.add_action("assign", "Assign…", self.ask_assign)
        window.add_action("collect", "Collect…", self.ask_collect)
        window.add_action("team-dock", "Team dock", self.toggle_dock, ["Ctrl+Shift+P"])
        window.add_action("guidelines", "Guidelines", self.toggle_guidelines, ["Ctrl+Shift+U"])

    def retranslate(self, tr) -> None:
        self.dock.retranslate(tr)
        self.guidelines.retranslate(tr)

    def refresh(self) -> None:
        self.dock.refresh()
        self.guidelines.refresh()

    def toggle_dock(self) -> None:
        self.dock.setVisible(not self.dock.isVisible())  # shown: it reads the table (TeamDock.showEvent)

    def toggle_guidelines(self) -> None:
        self.guidelines.setVisible(not self.guidelines.isVisible())

    # ---------------------------------------------------------------- assign
    def ask_assign(self) -> AssignDialog:
        dialog = AssignDialog(self.window)
        dialog.accepted.connect(lambda: self.assign_packs(**dialog.options()))
        dialog.open()
        return dialog

    def assign_packs(
        self,
        annotators,
        overlap: float,
        seed,
        out: str,
        copies: int = 2,
        statuses=None,
        per_annotator: int | None = None,
    ) -> AssignReport | None:
        w = self.window
        try:
            report = assign(
                w.project,
                annotators,
                overlap,
                seed,
                out,
                copies=copies,
                statuses=statuses,
                per_annotator=per_annotator,
                who=w.annotator,
            )
        except (AnnotatorError, OSError) as exc:
            w.note(str(exc), error=True)
            return None
        self.last_report = report
        w.note(report.summary().splitlines()[0])
        self.dock.refresh()
        self.dock.show()
        return report

    # --------------------------------------------------------------- collect
    def ask_collect(self) -> None:
        w = self.window
        folder = QFileDialog.getExistingDirectory(w, w.tr_("Collect the packs in a folder"), str(w.project.path.parent))
        if folder:
            self.collect_folder(folder)

    def collect_folder(self, folder: str | Path) -> list[Collected]:
        """Merge every pack in ``folder``, with a progress bar; one transaction."""
        w = self.window
        try:
            paths = pack_files(folder)
        except AnnotatorError as exc:
            w.note(str(exc), error=True)
            return []
        bar = named(QProgressDialog(w.tr_("Collecting packs…"), w.tr_("Cancel"), 0, len(paths), w), "collectProgress")
        bar.setWindowModality(Qt.WindowModality.WindowModal)
        bar.setCancelButton(None)  # one transaction: it cannot stop half-way
        bar.setMinimumDuration(0)
        bar.setAutoReset(False)  # shows "3 of 3" until closed below
        bar.setAutoClose(False)
        bar.setValue(0)
        self.progress = bar
        self.progress_steps: list[int] = []

        def step(i: int, _path: Path) -> None:
            bar.setValue(i)
            self.progress_steps.append(bar.value())

        try:
            done = collect(w.project, paths, who="merge", on_pack=step)  # as the merge command logs it
        except (AnnotatorError, OSError) as exc:
            bar.close()
            w.note(str(exc), error=True)
            return []
        bar.setValue(len(paths))
        bar.close()
        self.last_collected = done
        notes = [c.note for c in done if c.note]
        changed = sum(bool(c.report.changed) for c in done)
        w.note(
            f"{w.tr_('collected')} {len(done)} ({changed} {w.tr_('with new work')})"
            + (f" · {len(notes)} {w.tr_('not packs of this project')}" if notes else ""),
            error=bool(notes),
        )
        if notes:  # opened, not exec'd: the window stays live
            self.notes_box = QMessageBox(
                QMessageBox.Icon.Information, w.tr_("Collect"), "\n".join(notes), QMessageBox.StandardButton.Ok, w
            )
            self.notes_box.setTextFormat(Qt.TextFormat.PlainText)
            self.notes_box.open()
        w.refresh()
        self.dock.show()
        return done
