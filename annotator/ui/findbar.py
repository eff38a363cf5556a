"""The find bar: a diacritic-insensitive search of the document (the
search itself is :mod:`annotator.arabic.search`), stepping through hits,
and "label all matches" in the document or the whole project with the
count of what it would add shown before it is pressed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from annotator.model import Scheme
from annotator.ui.i18n import Translator
from annotator.ui.widgets import named


class FindBar(QWidget):
    queryChanged = Signal(str)
    step = Signal(int)  # +1 next hit, -1 previous
    labelAll = Signal(str, str, str)  # layer, label, scope ("document" | "project")
    scopeChanged = Signal(str)
    closed = Signal()

    def __init__(self, scheme: Scheme, tr: Translator, parent=None):
        super().__init__(parent)
        self.setObjectName("findBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.query = named(QLineEdit(), "findQuery")
        self.query.setClearButtonEnabled(True)
        self.query.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.count = named(QLabel(), "findCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.prev_button = QToolButton()
        self.prev_button.setText("▲")
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.label_box = named(QComboBox(), "findLabel")
        self.set_scheme(scheme)
        self.scope_box = named(QComboBox(), "findScope")
        self.apply_button = named(QPushButton(), "labelAllButton")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        for w in (
            self.query,
            self.count,
            self.prev_button,
            self.next_button,
            self.label_box,
            self.scope_box,
            self.apply_button,
            self.close_button,
        ):
            row.addWidget(w)
        row.setStretch(0, 1)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(lambda: self.queryChanged.emit(self.query.text()))
        self.query.textChanged.connect(lambda _: self._debounce.start())
        self.query.returnPressed.connect(self._enter)
        self.prev_button.clicked.connect(lambda: self.step.emit(-1))
        self.next_button.clicked.connect(lambda: self.step.emit(1))
        self.scope_box.currentIndexChanged.connect(lambda _: self.scopeChanged.emit(self.scope()))
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.closed)
        self.retranslate(tr)

    def retranslate(self, tr: Translator) -> None:
        self.tr_ = tr
        self.query.setPlaceholderText(tr("Find"))
        current = self.scope_box.currentData() or "document"
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        self.scope_box.addItem(tr("in this document"), "document")
        self.scope_box.addItem(tr("in the project"), "project")
        self.scope_box.setCurrentIndex(max(0, self.scope_box.findData(current)))
        self.scope_box.blockSignals(False)
        self.apply_button.setText(tr("Label all"))

    def set_scheme(self, scheme: Scheme) -> None:
        current = self.label_box.currentData()
        self.label_box.clear()
        for label in scheme.labels:
            self.label_box.addItem(label.name, f"{label.layer}:{label.name}")
        self.label_box.setCurrentIndex(max(0, self.label_box.findData(current)))

    def scope(self) -> str:
        return self.scope_box.currentData() or "document"

    def set_label(self, layer: str, name: str) -> None:
        self.label_box.setCurrentIndex(max(0, self.label_box.findData(f"{layer}:{name}")))

    def show_count(self, hits: int, current: int, new: int) -> None:
        """``hits`` matches in the document (the ``current``-th shown), of
        which (or, for the project scope, in all documents) ``new`` would be
        labelled by "Label all"."""
        where = self.tr_("in the project") if self.scope() == "project" else self.tr_("in this document")
        position = f"{current + 1}/{hits}" if hits and current >= 0 else str(hits)
        self.count.setText(f"{position} · +{new} {where}")

    def flush(self) -> None:
        """Search now instead of after the typing pause."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.queryChanged.emit(self.query.text())

    def _enter(self) -> None:
        self.flush()
        self.step.emit(1)

    def apply(self) -> None:
        """The "Label all" button: the current query, label and scope."""
        self.flush()
        layer, name = self.label()
        self.labelAll.emit(layer, name, self.scope())

    def label(self) -> tuple[str, str]:
        """(layer, label) chosen for "Label all"."""
        layer, _, name = self.label_box.currentData().partition(":")
        return layer, name
