"""Editing the label scheme from the editor: one row per label (name,
layer, colour, hotkey, description). Saving checks the scheme (unique
names per layer, unique hotkeys) and the project refuses to drop a label
that spans still use; either problem is shown in the dialog and nothing
changes."""

from __future__ import annotations

from typing import cast

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.errors import AnnotatorError
from annotator.model import LAYERS, Label, Scheme
from annotator.store import Project
from annotator.ui.i18n import Translator
from annotator.ui.widgets import dialog_buttons

COLUMNS = ("name", "layer", "colour", "hotkey", "description")


class SchemeDialog(QDialog):
    def __init__(self, project: Project, who: str, tr: Translator, parent=None):
        super().__init__(parent)
        self.setObjectName("schemeDialog")
        self.setWindowTitle(tr("Labels…").rstrip("…"))
        self.project = project
        self.who = who
        self.tr_ = tr
        self.saved: Scheme | None = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("schemeTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._cell_double_clicked)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Add label"))
        self.remove_button = QPushButton(tr("Remove label"))
        self.add_button.clicked.connect(lambda: self.add_row(Label(name="NEW", layer="entity", color="#cccccc")))
        self.remove_button.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = QLabel()
        self.error.setObjectName("schemeError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save, save=True))
        for label in project.scheme().labels:
            self.add_row(label)
        self.resize(720, 380)

    def add_row(self, label: Label) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(label.name))
        layer = QComboBox()
        for name in LAYERS:
            layer.addItem(self.tr_(name), name)
        layer.setCurrentIndex(LAYERS.index(label.layer))
        self.table.setCellWidget(row, 1, layer)
        colour = QTableWidgetItem(label.color)
        colour.setBackground(QColor(label.color))
        self.table.setItem(row, 2, colour)
        self.table.setItem(row, 3, QTableWidgetItem(label.hotkey or ""))
        self.table.setItem(row, 4, QTableWidgetItem(label.description))
        return row

    def set_colour(self, row: int, colour: str) -> None:
        item = self.table.item(row, 2)
        assert item is not None  # every row has its colour cell
        item.setText(colour)
        item.setBackground(QColor(colour))

    def _cell_double_clicked(self, row: int, column: int) -> None:
        if column != 2:
            return
        item = self.table.item(row, 2)
        assert item is not None  # every row has its colour cell
        chosen = QColorDialog.getColor(QColor(item.text()), self)
        if chosen.isValid():
            self.set_colour(row, chosen.name())

    def scheme(self) -> Scheme:
        """The scheme as edited (raises ValidationError when it is not one)."""

        def text(row: int, col: int) -> str:
            item = self.table.item(row, col)
            return item.text().strip() if item else ""

        labels = [
            {
                "name": text(r, 0),
                "layer": cast(QComboBox, self.table.cellWidget(r, 1)).currentData(),
                "color": text(r, 2) or "#cccccc",
                "hotkey": text(r, 3) or None,
                "description": text(r, 4),
            }
            for r in range(self.table.rowCount())
        ]
        return Scheme.model_validate(
            {"labels": labels, "relations": [r.model_dump() for r in self.project.scheme().relations]}
        )

    def save(self) -> bool:
        try:
            scheme = self.scheme()
            self.project.set_scheme(scheme, who=self.who)
        except ValidationError as exc:
            err = exc.errors()[0]
            self.error.setText(str(err.get("msg", exc)).removeprefix("Value error, "))
            return False
        except AnnotatorError as exc:
            self.error.setText(str(exc))
            return False
        self.saved = self.project.scheme()
        self.accept()
        return True
