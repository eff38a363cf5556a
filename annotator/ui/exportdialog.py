"""File ▸ Export: every format and option of ``annotator export`` (whose
spans: an annotator's or gold; layer; document status; suggestions;
rejected suggestions for JSONL; splits with their seed; worker processes),
run as a job with progress and Cancel; a failed or cancelled export leaves
no output behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QLineEdit, QPushButton, QSpinBox

from annotator import formats, tasks
from annotator.model import DOC_STATUSES, LAYERS
from annotator.ui.jobs import JobDialog
from annotator.ui.widgets import dialog_buttons, named, side_by_side


class ExportDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        tr = window.tr_
        self.setObjectName("exportDialog")
        self.setLayoutDirection(window.layoutDirection())
        self.setWindowTitle(tr("Export"))
        self.fmt = named(QComboBox(), "exportFormat")
        for name in formats.WRITERS:
            self.fmt.addItem(name, name)
        self.out = named(QLineEdit(), "exportOut")
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._ask_out)
        out_row = side_by_side(self.out, browse)
        self.whose = named(QComboBox(), "exportWhose")
        self.whose.addItem(tr("everyone"), None)
        self.whose.addItem(tr("gold"), "gold")
        for name in window.project.annotators():
            if name != "gold":
                self.whose.addItem(name, name)
        self.layer = named(QComboBox(), "exportLayer")
        self.layer.addItem(tr("all layers"), None)
        for layer in LAYERS:
            self.layer.addItem(tr(layer), layer)
        self.statuses = {st: named(QCheckBox(st), f"exportStatus-{st}") for st in DOC_STATUSES}
        status_row = side_by_side(*self.statuses.values())
        self.suggested = QCheckBox(tr("Also write suggested spans"))
        self.include_rejected = QCheckBox(tr("Also write rejected suggestions (JSONL)"))
        self.split = named(QLineEdit(), "exportSplit")
        self.split.setPlaceholderText("train=0.8,dev=0.1,test=0.1")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.jobs = QSpinBox()
        self.jobs.setRange(0, 64)
        self.jobs.setSpecialValueText(tr("automatic"))
        form = QFormLayout(self)
        for label, w in (
            ("Format", self.fmt),
            ("Write to", out_row),
            ("Spans of", self.whose),
            ("Layer", self.layer),
            ("Only documents marked", status_row),
            ("", self.suggested),
            ("", self.include_rejected),
            ("Split", self.split),
            ("Seed", self.seed),
            ("Worker processes", self.jobs),
        ):
            form.addRow(tr(label) if label else "", w)
        form.addRow(dialog_buttons(self, self.start))
        self.job: JobDialog | None = None

    def _ask_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.window_.tr_("Export"), str(Path.cwd()))
        if path:
            self.out.setText(path)

    def request(self) -> tasks.ExportRequest:
        whose = self.whose.currentData()
        return tasks.ExportRequest(
            fmt=self.fmt.currentData(),
            out=self.out.text().strip(),
            annotator=whose if whose not in (None, "gold") else None,
            gold=whose == "gold",
            layer=self.layer.currentData(),
            status=tuple(s for s, b in self.statuses.items() if b.isChecked()),
            include_suggested=self.suggested.isChecked(),
            include_rejected=self.include_rejected.isChecked(),
            split=self.split.text().strip() or None,
            seed=self.seed.value(),
            jobs=self.jobs.value() or None,
        )

    def start(self) -> JobDialog | None:
        req = self.request()
        if not req.out:
            self.out.setFocus()
            return None
        db = str(self.window_.project.path)
        self.job = JobDialog(
            self.window_,
            self.window_.tr_("Exporting"),
            lambda progress: tasks.export_project(db, req, progress),
            self.window_.tr_,
        )
        self.accept()
        self.job.show()
        return self.job
