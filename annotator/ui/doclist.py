"""The document list: id, status and span counts, filtered by status, label
or text, fetched from the project a page at a time as it scrolls (so a
project of 100,000 documents opens at once, and span counts are read only
for the rows fetched), with a progress count.

Pages are read by key (the rows after the last one fetched), not by
offset, so reaching a document deep in a long list costs the same per page
as the first page. The text filter is the project's full-text search
(diacritic- and tatweel-insensitive); :meth:`DocumentList.query` is the
applied query, which the window uses to open a document at its hit."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.model import DOC_STATUSES
from annotator.store import DocumentRow, Project
from annotator.ui.i18n import Translator
from annotator.ui.widgets import named, row_chooser

PAGE = 200
_ROOT = QModelIndex()  # the invalid index, Qt's default parent (a default argument is made once anyway)
COLUMNS = ("id", "status", "spans", "suggested")


class DocumentListModel(QAbstractTableModel):
    def __init__(self, project: Project, tr: Translator, parent=None):
        super().__init__(parent)
        self.project = project
        self.tr_ = tr
        self.rows: list[DocumentRow] = []
        self._row: dict[str, int] = {}  # id -> row, so finding a row deep in a long list is not a scan
        self.filters: dict[str, Any] = {"text": None, "status": None, "label": None}  # list_documents keywords
        self._exhausted = False

    def set_filters(self, **filters: str | None) -> None:
        self.beginResetModel()
        self.filters.update({k: (v or None) for k, v in filters.items()})
        self.rows = []
        self._row = {}
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    # Qt's lazy loading protocol
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self._exhausted:
            return
        after = self.rows[-1].id if self.rows else None
        page = self.project.list_documents(limit=PAGE, after=after, **self.filters)
        if len(page) < PAGE:
            self._exhausted = True
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self._row.update((r.id, len(self.rows) + k) for k, r in enumerate(page))
            self.rows += page
            self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "status":
                return self.tr_(row.status)
            return getattr(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            # escaped: a tooltip that looks like HTML would otherwise be rendered as HTML
            return f"<p dir='rtl'>{html.escape(row.preview)}</p>"
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("spans", "suggested"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr_(COLUMNS[section])
        return None

    def row_of(self, doc_id: str) -> int:
        return self._row.get(doc_id, -1)

    def refresh(self, doc_id: str) -> None:
        """Re-read one document's counts and status after it changed."""
        i = self.row_of(doc_id)
        if i < 0:
            return
        fresh = self.project.list_documents(doc_id=doc_id)
        if fresh:
            self.rows[i] = fresh[0]
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def adjust(self, doc_id: str, spans: int, suggested: int, status: str | None = None) -> None:
        """Move one document's counts (and status) by what an edit did,
        without counting its spans again (slow on 20,000 spans)."""
        i = self.row_of(doc_id)
        if i < 0:
            return
        row = self.rows[i]
        row.spans, row.suggested = max(0, row.spans + spans), max(0, row.suggested + suggested)
        if status is not None:
            row.status = status
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))


class DocumentList(QWidget):
    documentChosen = Signal(str)

    def __init__(self, project: Project, tr: Translator, parent=None):
        super().__init__(parent)
        self.setObjectName("documentList")
        self.project = project
        self.tr_ = tr
        self.model = DocumentListModel(project, tr, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.text_filter = named(QLineEdit(), "docFilterText")
        self.text_filter.setClearButtonEnabled(True)
        self.status_filter = named(QComboBox(), "docFilterStatus")
        self.label_filter = named(QComboBox(), "docFilterLabel")
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.label_filter)
        layout.addWidget(self.text_filter)
        layout.addLayout(filters)
        self.table = row_chooser(QTableView(), "documentTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for col in range(1, len(COLUMNS)):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # columns sized from the rows on screen: otherwise every count changed by an edit made the
        # header read up to 1,000 rows again (15 ms an edit on a 100,000-document project)
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        self.table.activated.connect(self._chosen)
        self.table.clicked.connect(self._chosen)
        layout.addWidget(self.table, 1)
        self.progress = QLabel()
        self.progress.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        self.progress.setObjectName("progress")
        layout.addWidget(self.progress)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filters)
        self.text_filter.textChanged.connect(lambda _: self._debounce.start())
        self.status_filter.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.label_filter.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.retranslate(tr)
        self.apply_filters()

    def retranslate(self, tr: Translator) -> None:
        self.tr_ = self.model.tr_ = tr
        self.text_filter.setPlaceholderText(tr("Filter text or id"))
        for combo, first, items in (
            (self.status_filter, tr("any status"), [(tr(s), s) for s in DOC_STATUSES]),
            (self.label_filter, tr("any label"), [(lab.name, lab.name) for lab in self.project.scheme().labels]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.update_progress()

    def apply_filters(self) -> None:
        self._debounce.stop()  # applied now: the typing's pending run would only repeat it
        self.model.set_filters(
            text=self.text_filter.text().strip(),
            status=self.status_filter.currentData(),
            label=self.label_filter.currentData(),
        )
        self.update_progress()

    def update_progress(self) -> None:
        total = self.project.count_documents()
        done = self.project.count_documents("done") + self.project.count_documents("reviewed")
        self.progress.setText(f"{self.tr_('progress')}: {done}/{total} {self.tr_('done')}")

    def select(self, doc_id: str) -> None:
        row = self.model.row_of(doc_id)
        if row < 0 and not self.project.list_documents(doc_id=doc_id, **self.model.filters):
            return  # filtered out: do not page through the whole list looking for it
        while row < 0 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
            row = self.model.row_of(doc_id)
        if row >= 0:
            self.table.blockSignals(True)
            self.table.selectRow(row)
            self.table.blockSignals(False)
            self.table.scrollTo(self.model.index(row, 0))

    def refresh(self, doc_id: str) -> None:
        self.model.refresh(doc_id)
        self.update_progress()

    def query(self) -> str:
        """The text filter in force (the typed text once the list has applied it)."""
        return self.model.filters.get("text") or ""

    def reload(self, current: str | None = None) -> None:
        """Read the list again (documents or labels others added meanwhile),
        with the same filters, and select ``current`` again."""
        self.retranslate(self.tr_)  # refreshes the progress line too
        self.model.set_filters()
        if current:
            self.select(current)

    def _chosen(self, index: QModelIndex) -> None:
        doc_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if doc_id:
            self.documentChosen.emit(doc_id)
