"""File ▸ Export: every format and option of ``annotator export`` (whose
spans: an annotator's or gold; layer; document status; suggestions;
rejected suggestions for JSONL; splits with their seed; worker processes),
run as a job with progress and Cancel; a failed or cancelled export leaves
no output behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator import formats, tasks
from annotator.model import DOC_STATUSES, LAYERS
from annotator.ui.jobs import JobDialog


class ExportDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        tr = window.tr_
        self.setObjectName("exportDialog")
        self.setLayoutDirection(window.layoutDirection())
        self.setWindowTitle(tr("Export"))
        self.fmt = QComboBox()
        self.fmt.setObjectName("exportFormat")
        for name in formats.WRITERS:
            self.fmt.addItem(name, name)
        self.out = QLineEdit()
        self.out.setObjectName("exportOut")
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._ask_out)
        out_row = QWidget()
        row = QHBoxLayout(out_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.out)
        row.addWidget(browse)
        self.whose = QComboBox()
        self.whose.setObjectName("exportWhose")
        self.whose.addItem(tr("everyone"), None)
        self.whose.addItem(tr("gold"), "gold")
        for name in window.project.annotators():
            if name != "gold":
                self.whose.addItem(name, name)
        self.layer = QComboBox()
        self.layer.setObjectName("exportLayer")
        self.layer.addItem(tr("all layers"), None)
        for layer in LAYERS:
            self.layer.addItem(tr(layer), layer)
        self.statuses = {}
        status_row = QWidget()
        srow = QHBoxLayout(status_row)
        srow.setContentsMargins(0, 0, 0, 0)
        for st in DOC_STATUSES:
            box = QCheckBox(st)
            box.setObjectName(f"exportStatus-{st}")
            self.statuses[st] = box
            srow.addWidget(box)
        self.suggested = QCheckBox(tr("Also write suggested spans"))
        self.include_rejected = QCheckBox(tr("Also write rejected suggestions (JSONL)"))
        self.split = QLineEdit()
        self.split.setObjectName("exportSplit")
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
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
