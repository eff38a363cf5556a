"""The span list: every span the open document shows, as a table.

Surface (plain text, never HTML), label, layer, status, annotator and
position of each span; sortable by any column, filterable by layer, label
and status. A click, or moving the current row with the keys, selects the
span in the document and scrolls to it; selecting a span in the document
makes its row current.

:class:`SpanTableModel` mirrors the document view's :class:`SpanIndex`,
which holds exactly what the store gave the view: it keeps only the span
ids in row order and reads everything else from the index on demand, and
it follows every change the view makes (load, spans put or dropped), so
the list updates on every edit without reading the project; a thousand
spans put at once (accept-all) change their rows in place instead of
resetting the model: one signal for them all while no filter is set (the
proxy is told not to re-filter 20,000 rows that all pass), one per run of
adjacent rows while one is. Sorting is
done by the model in Python on the ids (one key per row), not by the proxy
comparing cells (two ``data()`` calls per comparison), which keeps a sort of
20,000 rows fast (timings in ``bench/RESULTS.md``); :class:`SpanFilter`, a ``QSortFilterProxyModel``, filters.
"""

from __future__ import annotations

import functools
import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.model import SPAN_LAYERS, SPAN_STATUSES, Span
from annotator.ui.i18n import isolated
from annotator.ui.widgets import row_chooser

_ROOT = QModelIndex()  # the invalid index, Qt's default parent (a default argument is made once anyway)
COLUMNS = ("text", "label", "layer", "status", "annotator", "position")
SURFACE_MAX = 80


def _changing(method):
    """Marks the object ``changing`` while ``method`` moves, adds or removes rows."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        self.changing = True
        try:
            return method(self, *args, **kwargs)
        finally:
            self.changing = False

    return wrapper


def surface(text: str, span: Span) -> str:
    """The span's text on one line, shortened; shown as plain text."""
    body = " ".join(text[span.start : span.end].split())
    return body if len(body) <= SURFACE_MAX else body[: SURFACE_MAX - 1] + "…"


class SpanTableModel(QAbstractTableModel):
    """Rows over a document view's spans (see the module doc)."""

    def __init__(self, view, tr, parent=None):
        super().__init__(parent)
        self.view = view
        self.tr_ = tr
        self.ids: list[str] = []
        self._row: dict[str, int] = {}
        self._sort: tuple[int, Qt.SortOrder] = (len(COLUMNS) - 1, Qt.SortOrder.AscendingOrder)
        self._version = 0  # bumped by every change, so a sort is redone only when needed
        self.changing = False  # rows are being moved, added or removed
        self._sorted_as: tuple = ()
        self.filter: SpanFilter | None = None  # the proxy over this model, once there is one
        view.spansReset.connect(self.reset)
        view.spanPut.connect(self.put)
        view.spansPut.connect(self.put_many)
        view.spanDropped.connect(self.drop)
        self.reset()

    # ------------------------------------------------------------ reading
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def span(self, row: int) -> Span | None:  # type: ignore[override]  # the row's span, not Qt's cell span
        return self.view.index.get(self.ids[row]) if 0 <= row < len(self.ids) else None

    def row_of(self, span_id: str) -> int:
        return self._row.get(span_id, -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        span = self.span(index.row())
        if span is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "text":
                return isolated(surface(self.view.text, span))
            if column == "position":
                return str(span.start)
            value = getattr(span, column)
            return value if column in ("label", "annotator") else self.tr_(value)
        if role == Qt.ItemDataRole.ToolTipRole and column == "text":
            # escaped: Qt renders a tooltip that looks like HTML as HTML
            return f"<p dir='rtl'>{html.escape(self.view.text[span.start : span.end][:400])}</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "text":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr_(COLUMNS[section])
        return None

    # ------------------------------------------------------------ sorting
    def _sorted(self, ids: list[str], column: int, order: Qt.SortOrder) -> list[str]:
        name = COLUMNS[column]
        get, text = self.view.index.get, self.view.text
        spans = [get(span_id) for span_id in ids]
        if name == "position":
            keyed: list[tuple[Any, ...]] = [(s.start, -s.end, s.id) for s in spans]
        elif name == "text":
            keyed = [(text[s.start : s.end], s.start, -s.end, s.id) for s in spans]
        else:
            keyed = [(getattr(s, name), s.start, -s.end, s.id) for s in spans]
        keyed.sort(reverse=order == Qt.SortOrder.DescendingOrder)
        return [k[-1] for k in keyed]

    @_changing
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order, self._version) == self._sorted_as:
            return  # QTableView.sortByColumn asks twice
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self.ids[i.row()] if 0 <= i.row() < len(self.ids) else None, i.column()) for i in persistent]
        self.ids = self._sorted(self.ids, column, order)
        self._row = {span_id: row for row, span_id in enumerate(self.ids)}
        self.changePersistentIndexList(
            persistent, [self.index(self._row[i], c) if i in self._row else QModelIndex() for i, c in held]
        )
        self._sorted_as = (column, order, self._version)
        self.layoutChanged.emit()

    # ------------------------------------------------------------ following the view
    @_changing
    def reset(self) -> None:
        self.beginResetModel()
        self._version += 1
        self.ids = [span.id for span in self.view.index]  # document order
        column, order = self._sort
        if (column, order) != (len(COLUMNS) - 1, Qt.SortOrder.AscendingOrder):
            self.ids = self._sorted(self.ids, column, order)
        self._sorted_as = (column, order, self._version)
        self._row = {span_id: row for row, span_id in enumerate(self.ids)}
        self.endResetModel()

    @_changing
    def put(self, span_id: str) -> None:
        self._version += 1
        row = self._row.get(span_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        if span_id not in self.view.index:
            return
        row = len(self.ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self.ids.append(span_id)
        self._row[span_id] = row
        self.endInsertRows()

    @_changing
    def put_many(self, span_ids: list[str]) -> None:
        """:meth:`put` for many spans: the rows already there are told they
        changed (see the module doc), and the new ones come in together."""
        self._version += 1
        rows = sorted(row for span_id in span_ids if (row := self._row.get(span_id)) is not None)
        last = len(COLUMNS) - 1
        if rows and self.filter is not None and not self.filter.active():
            self.filter.setDynamicSortFilter(False)  # every row passes: nothing to re-filter
            try:
                self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))
            finally:
                self.filter.setDynamicSortFilter(True)
            rows = []
        runs: list[list[int]] = []  # [first, last] of each run of adjacent rows
        for row in rows:
            if runs and row == runs[-1][1] + 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
        for first, end in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))
        index = self.view.index
        new = [span_id for span_id in dict.fromkeys(span_ids) if span_id not in self._row and span_id in index]
        if new:
            start = len(self.ids)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self.ids.extend(new)
            self._row.update((span_id, start + k) for k, span_id in enumerate(new))
            self.endInsertRows()

    @_changing
    def drop(self, span_id: str) -> None:
        self._version += 1
        row = self._row.get(span_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.ids[row]
        del self._row[span_id]
        for later in self.ids[row:]:
            self._row[later] -= 1
        self.endRemoveRows()


class SpanFilter(QSortFilterProxyModel):
    """Keeps the rows of one layer, label and status (None: any); sorting
    is handed to the source model."""

    def __init__(self, source: SpanTableModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.source = source
        source.filter = self
        self.want: dict[str, str | None] = {"layer": None, "label": None, "status": None}
        self.changing = False

    @_changing
    def set_filter(self, **want: str | None) -> None:
        self.beginFilterChange()
        self.want.update(want)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def active(self) -> bool:
        """Whether some row may be filtered out."""
        return any(v is not None for v in self.want.values())

    def accepts(self, span: Span | None) -> bool:
        return span is not None and all(v is None or getattr(span, k) == v for k, v in self.want.items())

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self.want["layer"] is None and self.want["label"] is None and self.want["status"] is None:
            return True
        return self.accepts(self.source.span(row))

    @_changing
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source.sort(column, order)


class SpanListPanel(QWidget):
    """The table with its three filters. Emits :attr:`spanChosen` with a
    span id when a row is clicked or becomes current by the keys."""

    spanChosen = Signal(str)

    def __init__(self, view, scheme, tr, parent=None):
        super().__init__(parent)
        self.setObjectName("spanList")
        self.tr_ = tr
        self.model = SpanTableModel(view, tr, self)
        self.proxy = SpanFilter(self.model, self)
        self.table = row_chooser(QTableView(), "spanTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(len(COLUMNS) - 1, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measures 20,000 rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never measures every row
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for section, width in enumerate((0, 90, 70, 80, 90, 70)):
            if width:
                header.resizeSection(section, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.clicked.connect(lambda index: self._choose(index))
        self._quiet = False

        self.layer_filter, self.label_filter, self.status_filter = QComboBox(), QComboBox(), QComboBox()
        for name, combo in (
            ("layerFilter", self.layer_filter),
            ("labelFilter", self.label_filter),
            ("statusFilter", self.status_filter),
        ):
            combo.setObjectName(name)
            combo.activated.connect(lambda _: self._filters_changed())
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        self.count.setObjectName("spanCount")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.layer_filter, self.label_filter, self.status_filter):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.count)
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 2, 2, 2)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        self._count_timer = QTimer(self)  # a filter removes rows in many ranges: count once after
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self._show_count)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(lambda *_: self._count_timer.start(0))
        self.set_scheme(scheme)

    def set_scheme(self, scheme) -> None:
        self.scheme = scheme
        self.retranslate(self.tr_)

    def retranslate(self, tr) -> None:
        self.tr_ = self.model.tr_ = tr
        wanted = dict(self.proxy.want)
        for combo, key, values in (
            (self.layer_filter, "layer", SPAN_LAYERS),
            (self.label_filter, "label", [lab.name for lab in self.scheme.labels]),
            (self.status_filter, "status", SPAN_STATUSES),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(f"all {key}s") if key != "status" else tr("any status"), None)
            for value in values:
                combo.addItem(value if key == "label" else tr(value), value)
            combo.setCurrentIndex(max(0, combo.findData(wanted[key])))
            combo.blockSignals(False)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._show_count()

    def _filters_changed(self) -> None:
        self.proxy.set_filter(
            layer=self.layer_filter.currentData(),
            label=self.label_filter.currentData(),
            status=self.status_filter.currentData(),
        )
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{shown} / {total} {self.tr_('spans')}" if shown != total else f"{total} {self.tr_('spans')}"
        )

    def _choose(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if self._quiet or self.model.changing or self.proxy.changing:
            # Rows going (an edit, a filter, another document) make Qt move the current
            # row by itself: no choice of the person's, so nothing is selected in the text.
            return
        span_id = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if span_id:
            self.spanChosen.emit(span_id)

    def _current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: QModelIndex | QPersistentModelIndex
    ) -> None:
        self._choose(current)

    def show_span(self, span_id: str | None) -> None:
        """Make the span's row current (no signal back), scrolled into view."""
        row = self.model.row_of(span_id) if span_id else -1
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        current = self.table.currentIndex()
        if index.isValid() and current.isValid() and current.row() == index.row():
            return
        self._quiet = True
        try:
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
            else:
                self.table.clearSelection()
        finally:
            self._quiet = False
