"""Review mode: settle where annotators disagree, into the gold layer.

One window, opened from the editor (Document ▸ Review mode…, Ctrl+Shift+R)
or with ``annotator gui DB --review``:

* centre: the document with every annotator's spans merged and marked by
  kind (agreed, one-sided, label conflict, boundary conflict; see
  :mod:`annotator.ui.review_highlight`), gold spans underlined in blue;
* left: the document's items (disagreements first marked ⚠, settled ones
  ✓), the agreement table per layer and label for the whole project, and
  the documents that disagree most, first (click one to review it);
* right: the current item, each annotator's version, and the decisions;
* top: which of the document's annotators to compare (all by default;
  after a merge conflict ``amira`` and ``amira@laptop2`` are two of them).

The comment box under the decisions adds to the current item's thread
(stored with the span, exported with ``jsonl``).

Keys: N / P next / previous disagreement not yet settled; 1-9 accept that
annotator's side; B accept every side; X reject (none belongs in gold); E
put the selected text (or the item's range) into gold with the label chosen
in the panel; Shift+B put every agreed item into gold at once; Ctrl+Z undo
the last decision; Ctrl+Enter mark the document reviewed (its agreed items
go into gold with it; refused while a disagreement is unsettled); F5 recompute the agreement table (done on opening for projects of
up to 2,000 documents; larger ones wait for F5). Every decision goes through
:mod:`annotator.review.gold` (one committed, undoable batch, the reviewer's
name in the history); the document becomes ``reviewed`` when every item is
settled.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable, Sequence
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.model import GOLD, Comment, Span
from annotator.review import gold
from annotator.review.agreement import DocDisagreement, agreement, document_disagreement, documents_by_disagreement
from annotator.review.diff import KINDS, DiffItem, span_kinds
from annotator.store import Project
from annotator.ui.docview import DocumentView
from annotator.ui.i18n import ARABIC_DIGITS, isolated
from annotator.ui.review_highlight import KIND_STYLE, KIND_TITLE, ReviewHighlighter
from annotator.ui.review_i18n import review_translator

NOTE_MS = 5000
# Above this many documents the project-wide tables wait for F5 rather than
# hold up opening the window (agreement streams ~1,000 documents a second).
AUTO_LIMIT = 2000
KEYS_HELP = (
    "N/P next/previous disagreement · 1-9 accept a side · B both · Shift+B every agreed item · X reject · "
    "E selection into gold · Ctrl+Z undo · Ctrl+Enter reviewed (agreed items go into gold)"
)


def _cell(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ReviewWindow(QMainWindow):
    def __init__(
        self,
        project: Project,
        reviewer: str,
        doc_id: str | None = None,
        annotators: Sequence[str] | None = None,
        parent: QWidget | None = None,
        lang: str | None = None,
    ):
        super().__init__(parent)
        # opened from the editor: speak its language unless told otherwise
        self.lang = lang or getattr(getattr(parent, "tr_", None), "lang", None) or "en"
        self.tr_ = tr = review_translator(self.lang)
        if self.lang == "ar":
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("reviewWindow")
        self.project = project
        self.reviewer = reviewer
        self.fixed_annotators = list(annotators) if annotators else None
        self.scheme = project.scheme()
        self.doc_id: str | None = None
        self.names: list[str] = []
        self.items: list[DiffItem] = []
        self.settled: list[bool] = []
        self.current = -1
        # Another process (an import, a prelabel run) may hold the write lock:
        # open anyway; the reviewer's name is only a list entry.
        with contextlib.suppress(AnnotatorError):
            project.ensure_annotator(reviewer)

        self.view = DocumentView(self.scheme, highlighter=ReviewHighlighter)
        self.view.key_handler = self._key
        self.view.spanClicked.connect(self._span_clicked)

        self.item_list = QListWidget()
        self.item_list.setObjectName("reviewItems")
        # long items wrap rather than run off a narrow window (they clipped at 900x600)
        self.item_list.setWordWrap(True)
        self.item_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.item_list.currentRowChanged.connect(self._row_changed)
        self.agreement_table = QTableWidget(0, 6)
        self.agreement_table.setObjectName("agreementTable")
        self.agreement_table.setHorizontalHeaderLabels(
            [tr(h) for h in ("layer", "label", "exact F1", "overlap F1", "kappa", "alpha")]
        )
        self.agreement_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agreement_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agreement_table.itemSelectionChanged.connect(self._label_chosen)
        self.doc_table = QTableWidget(0, 4)
        self.doc_table.setObjectName("disagreementDocuments")
        self.doc_table.setHorizontalHeaderLabels([tr(h) for h in ("document", "disagreements", "items", "annotators")])
        self.doc_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.doc_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.doc_table.cellClicked.connect(lambda row, _col: self._document_clicked(row))
        for table in (self.agreement_table, self.doc_table):
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.doc_title = QLabel()
        self.doc_title.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        left = QSplitter(Qt.Orientation.Vertical)
        for title, widget in (
            ("Items in this document", self.item_list),
            ("Agreement per label (all documents)", self.agreement_table),
            ("Documents, most disagreement first", self.doc_table),
        ):
            box = QGroupBox(tr(title))
            QVBoxLayout(box).addWidget(widget)
            left.addWidget(box)
        left.setSizes([330, 260, 230])

        self.panel = QWidget()
        self.panel.setObjectName("decisionPanel")
        panel_layout = QVBoxLayout(self.panel)
        self.item_title = QLabel()
        self.item_title.setWordWrap(True)
        self.item_title.setTextFormat(Qt.TextFormat.PlainText)
        panel_layout.addWidget(self.item_title)
        self.sides = QVBoxLayout()
        panel_layout.addLayout(self.sides)
        self.label_box = QComboBox()
        self.label_box.setObjectName("goldLabel")
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.label_box, 1)
        self.edit_button = QPushButton(tr("Put selection in gold (E)"))
        self.edit_button.clicked.connect(self.edit_into_gold)
        edit_row.addWidget(self.edit_button)
        self.both_button = QPushButton(tr("Accept every side (B)"))
        self.both_button.clicked.connect(self.accept_all_sides)
        self.reject_button = QPushButton(tr("Reject: none is gold (X)"))
        self.reject_button.clicked.connect(self.reject_item)
        panel_layout.addWidget(self.both_button)
        panel_layout.addWidget(self.reject_button)
        panel_layout.addLayout(edit_row)
        comments_box = QGroupBox(tr("Comments on this item and document"))
        comments_layout = QVBoxLayout(comments_box)
        self.comment_list = QListWidget()
        self.comment_list.setObjectName("reviewComments")
        self.comment_list.setWordWrap(True)
        self.comment_input = QLineEdit()
        self.comment_input.setObjectName("commentInput")
        self.comment_input.setPlaceholderText(tr("Comment on this item… (Enter)"))
        self.comment_input.returnPressed.connect(lambda: self.add_comment(self.comment_input.text()))
        comments_layout.addWidget(self.comment_list)
        comments_layout.addWidget(self.comment_input)
        panel_layout.addWidget(comments_box, 1)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # our own fixed text only
        self.legend.setWordWrap(True)
        self.legend.setText(
            "<br>".join(
                f"<span style='background:{KIND_STYLE[k]}'>&nbsp;&nbsp;&nbsp;&nbsp;</span> {tr(KIND_TITLE[k])}"
                for k in KINDS
            )
            + f"<br><u style='color:#1f4fd6'>{tr('gold')}</u> {tr('settled')}"
        )
        panel_layout.addWidget(self.legend)
        self.keys = QLabel(tr(KEYS_HELP))
        self.keys.setWordWrap(True)
        panel_layout.addWidget(self.keys)

        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.doc_title)
        column.addWidget(self.view, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(centre)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 770, 340])
        self.setCentralWidget(splitter)
        self.compare_bar = QToolBar("Compare")
        self.compare_bar.setObjectName("compareBar")
        self.compare_bar.setMovable(False)
        self.addToolBar(self.compare_bar)
        self.compare_actions: dict[str, QAction] = {}
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        self.status_label.setObjectName("reviewStatus")
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_actions()
        self.resize(1600, 900)
        self._ranked: list[DocDisagreement] = []
        self._filter: tuple[str | None, str | None] = (None, None)
        if project.count_documents() <= AUTO_LIMIT:
            self.refresh_agreement()
        else:
            self.doc_table.setRowCount(1)
            self.doc_table.setItem(0, 0, _cell(f"F5: {project.count_documents()} {self.tr_('documents')}"))
        first = doc_id or (self._ranked[0].doc_id if self._ranked else None) or next(iter(project.document_ids()), None)
        if first is not None:
            self.open_document(first)

    # ================================================================ actions
    def _build_actions(self) -> None:
        # key: a stable identifier (tests name the action by it); label: its English text
        self.actions_: dict[str, QAction] = {}

        def act(key: str, label: str, slot: Callable[[], object], shortcuts: Sequence[str]) -> None:
            action = QAction(self.tr_(label), self)
            action.setObjectName(key)
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.triggered.connect(lambda _=False: slot())
            self.addAction(action)
            self.actions_[key] = action

        act("next-disagreement", "Next disagreement", lambda: self.step_disagreement(1), ["N"])
        act("previous-disagreement", "Previous disagreement", lambda: self.step_disagreement(-1), ["P", "Shift+N"])
        for i in range(1, 10):
            act(f"accept-side-{i}", "Accept side", lambda i=i: self.accept_side(i - 1), [str(i)])  # type: ignore[misc]  # a lambda with a default, which mypy cannot type here
            self.actions_[f"accept-side-{i}"].setText(f"{self.tr_('Accept side')} {i}")
        act("accept-every-side", "Accept every side", self.accept_all_sides, ["B"])
        act("reject", "Reject", self.reject_item, ["X"])
        act("edit-into-gold", "Put selection in gold", self.edit_into_gold, ["E"])
        act("undo-decision", "Undo decision", self.undo, ["Ctrl+Z"])
        act("accept-agreed", "Put every agreed item in gold", self.accept_agreed, ["Shift+B"])
        act("mark-reviewed", "Mark reviewed", self.mark_reviewed, ["Ctrl+Return", "Ctrl+Enter"])
        act("recompute-agreement", "Recompute agreement", self.refresh_agreement, ["F5"])
        act("close-review", "Close review", self.close, ["Ctrl+W"])
        menu = self.menuBar().addMenu(self.tr_("&Review"))
        for key, action in self.actions_.items():
            if not key.startswith("accept-side-") or key in ("accept-side-1", "accept-side-2"):
                menu.addAction(action)

    def _key(self, event: QKeyEvent) -> bool:
        """Arabic-Indic digits typed on an Arabic keyboard accept a side too."""
        typed = event.text().translate(ARABIC_DIGITS)
        if event.text() != typed and typed.isdigit() and typed != "0":
            self.accept_side(int(typed) - 1)
            return True
        return False

    def note(self, message: str, error: bool = False) -> None:
        self.statusBar().setStyleSheet("color: #b00020;" if error else "")
        self.statusBar().showMessage(message, NOTE_MS * (2 if error else 1))

    # ============================================================== documents
    def open_document(self, doc_id: str) -> None:
        self.doc_id = doc_id
        text = self.project.document_text(doc_id)
        available = sorted({s.annotator for s in gold.annotator_spans(self.project, doc_id)})
        chosen = [n for n in available if self.fixed_annotators and n in self.fixed_annotators]
        self.names = chosen or available
        self._fill_compare(available)
        self.view.load(text, self._spans())
        self.current = -1
        self._refresh_items()
        self.setWindowTitle(f"{self.tr_('annotator review')} — {self.project.path.name} — {doc_id}")
        self.step_disagreement(1)
        if self.current < 0 and self.items:
            self.select_item(0)

    def _fill_compare(self, available: list[str]) -> None:
        """One toggle per annotator of the document: whom to compare."""
        self.compare_bar.clear()
        self.compare_bar.addWidget(QLabel(self.tr_("Compare: ")))
        self.compare_actions = {}
        for name in available:
            action = self.compare_bar.addAction(name)
            action.setCheckable(True)
            action.setToolTip(f"<p>{html.escape(name)}</p>")  # else the tool button shows the name as HTML
            action.setChecked(name in self.names)
            action.toggled.connect(
                lambda on, n=name: self.compare([m for m in self.names if m != n] + ([n] if on else []))
            )
            self.compare_actions[name] = action

    def compare(self, names: Sequence[str]) -> None:
        """Compare only these annotators (all of the document's if empty)."""
        self.fixed_annotators = sorted(set(names)) or None
        if self.doc_id is not None:
            self.open_document(self.doc_id)

    def _spans(self) -> list[Span]:
        assert self.doc_id is not None
        return gold.annotator_spans(self.project, self.doc_id, self.names) + gold.gold_spans(self.project, self.doc_id)

    def _refresh_items(self, repaint: bool = True) -> None:
        """Recompute the items and what gold has settled; repaint (unless the
        caller sets the spans, which repaints, next)."""
        assert self.doc_id is not None
        self.items, self.settled = gold.review_state(self.project, self.doc_id, self.names) if self.names else ([], [])
        settled_ids = {s.id for it, done in zip(self.items, self.settled, strict=True) if done for s in it.spans}
        cast(ReviewHighlighter, self.view.highlighter).set_marks(span_kinds(self.items), settled_ids, repaint)
        self.item_list.blockSignals(True)
        self.item_list.clear()
        text, tr = self.view.text, self.tr_
        for it, done in zip(self.items, self.settled, strict=True):
            mark = "✓" if done else ("⚠" if it.is_disagreement else "·")
            sides = " / ".join(f"{n}: {','.join(s.label for s in it.spans_of(n)) or '—'}" for n in self.names)
            surface = isolated(text[it.start : it.end][:40])
            # each side's labels in the tooltip and the decision panel: the row stays short enough
            # for a narrow window
            row = QListWidgetItem(f"{mark} {tr(KIND_TITLE[it.kind])} · {tr(it.layer)} · «{surface}»")
            row.setToolTip(sides)
            row.setBackground(QColor(KIND_STYLE[it.kind]).lighter(115 if not done else 135))
            self.item_list.addItem(row)
        self.item_list.setCurrentRow(self.current)
        self.item_list.blockSignals(False)
        left = sum(1 for it, done in zip(self.items, self.settled, strict=True) if it.is_disagreement and not done)
        status = self.project.document_status(self.doc_id)
        self.doc_title.setText(
            f"{self.doc_id} · {tr(status)} · {', '.join(self.names) or tr('no annotators')} · "
            f"{left} {tr('disagreements to settle')}"
        )
        self.status_label.setText(f"{tr('reviewer')}: {self.reviewer} · {tr(status)}")

    # ================================================================= items
    @property
    def current_item(self) -> DiffItem | None:
        return self.items[self.current] if 0 <= self.current < len(self.items) else None

    def _row_changed(self, row: int) -> None:
        if row != self.current:
            self.select_item(row)

    def select_item(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            return
        self.current = index
        item = self.items[index]
        self.item_list.blockSignals(True)
        self.item_list.setCurrentRow(index)
        self.item_list.blockSignals(False)
        self.view.clear_selection()
        self.view.select_span(item.spans[0].id)
        self._show_item(item)

    def step_disagreement(self, step: int) -> DiffItem | None:
        """Jump to the next (or previous) disagreement gold has not settled,
        wrapping around; if every one is settled, to the next disagreement."""
        n = len(self.items)
        for settled_ok in (False, True):
            for k in range(1, n + 1):
                i = (self.current + step * k) % n if self.current >= 0 else ((k - 1) if step > 0 else n - k)
                it = self.items[i]
                if it.is_disagreement and (settled_ok or not self.settled[i]):
                    self.select_item(i)
                    return it
        if n:
            self.note(self.tr_("no disagreement in this document"))
        return None

    def _span_clicked(self, span_id: str) -> None:
        for i, it in enumerate(self.items):
            if any(s.id == span_id for s in it.spans):
                self.select_item(i)
                return

    def _show_item(self, item: DiffItem) -> None:
        while self.sides.count():
            w = self.sides.takeAt(0).widget()  # type: ignore[union-attr]  # count() > 0: there is an item at 0
            if w is not None:
                w.deleteLater()
        text, tr = self.view.text, self.tr_
        state = tr("settled in gold" if self.settled[self.current] else "not settled")
        self.item_title.setText(
            f"{tr(KIND_TITLE[item.kind])} ({tr(item.layer)}), {state}\n«{isolated(text[item.start : item.end])}»"
        )
        for i, name in enumerate(self.names):
            spans = item.spans_of(name)
            desc = "; ".join(f"{s.label} «{isolated(text[s.start : s.end])}» [{s.start}:{s.end}]" for s in spans) or tr(
                "nothing"
            )
            button = QPushButton(f"{i + 1}. {name}: {desc}")
            button.setObjectName(f"acceptSide{i + 1}")
            button.setEnabled(bool(spans))
            button.setToolTip(
                f"<p>{html.escape(tr('Accept this version into gold'))} ({html.escape(name)}, {i + 1})</p>"
            )
            button.clicked.connect(lambda _=False, i=i: self.accept_side(i))
            self.sides.addWidget(button)
        self._show_comments()
        self.label_box.clear()
        for lab in self.scheme.labels_for(item.layer):
            self.label_box.addItem(lab.name, (lab.layer, lab.name))
        self.label_box.setCurrentIndex(max(0, self.label_box.findText(item.spans[0].label)))

    # ============================================================== comments
    def _show_comments(self) -> None:
        """The document's thread and the current item's spans' threads, as
        plain text."""
        self.comment_list.clear()
        if self.doc_id is None:
            return
        item = self.current_item
        ids = {s.id for s in item.spans} if item else set()
        text = self.view.text
        for c in self.project.comments(self.doc_id):
            if c.span is not None and c.span not in ids:
                continue
            span = next((s for s in item.spans if s.id == c.span), None) if item and c.span else None
            where = f" {self.tr_('on')} {span.annotator} «{isolated(text[span.start : span.end][:30])}»" if span else ""
            self.comment_list.addItem(f"{c.author}{where}: {isolated(c.text)}")

    def add_comment(self, text: str) -> Comment | None:
        """Comment on the current item (its first span), or on the document
        when there is no item."""
        text = text.strip()
        if not text or self.doc_id is None:
            return None
        item = self.current_item
        span_id = item.spans[0].id if item else None
        try:
            with self.project.transaction():
                comment = self.project.add_comment(
                    self.doc_id, Comment(span=span_id, author=self.reviewer, text=text), self.reviewer
                )
        except AnnotatorError as exc:
            self.note(str(exc), error=True)
            return None
        self.comment_input.clear()
        self._show_comments()
        self.note(self.tr_("comment saved"))
        return comment

    # ============================================================= decisions
    def _decide(self, action: Callable[[str], object]) -> bool:
        if self.doc_id is None or self.current_item is None:
            return False
        keep = self.current
        try:
            action(self.doc_id)
        except AnnotatorError as exc:
            self.note(str(exc), error=True)
            return False
        self._refresh_items(repaint=False)
        self.view.set_spans(self._spans())
        self.current = min(keep, len(self.items) - 1)
        self.note(f"{self.tr_('saved')} · {self.tr_(self.project.document_status(self.doc_id))}")
        if self.step_disagreement(1) is None and self.items:
            self.select_item(self.current)
        self._refresh_document_row()
        return True

    def accept_side(self, index: int) -> bool:
        item = self.current_item
        if item is None or not 0 <= index < len(self.names):
            return False
        ids = [s.id for s in item.spans_of(self.names[index])]
        if not ids:
            self.note(
                f"{self.names[index]} {self.tr_('marked nothing here; use X to reject or E to edit')}", error=True
            )
            return False
        return self._decide(lambda d: gold.accept(self.project, d, ids, self.reviewer))

    def accept_all_sides(self) -> bool:
        item = self.current_item
        if item is None:
            return False
        return self._decide(lambda d: gold.accept(self.project, d, [s.id for s in item.spans], self.reviewer))

    def reject_item(self) -> bool:
        item = self.current_item
        if item is None:
            return False
        return self._decide(lambda d: gold.reject(self.project, d, [s.id for s in item.spans], self.reviewer))

    def edit_into_gold(self) -> bool:
        """Gold gets the selected text (or the item's whole range) with the
        label chosen in the panel."""
        item = self.current_item
        if item is None or self.label_box.currentData() is None:
            return False
        start, end = self.view.selection_cp() or (item.start, item.end)
        layer, label = self.label_box.currentData()
        span = Span(start=start, end=end, label=label, layer=layer, annotator=GOLD)
        return self._decide(
            lambda d: gold.put(self.project, d, span, self.reviewer, replaces=[s.id for s in item.spans])
        )

    def undo(self) -> None:
        if self.doc_id is None:
            return
        if not self.project.undo(self.doc_id, self.reviewer):
            self.note(self.tr_("nothing to undo"))
            return
        keep = self.current
        self._refresh_items(repaint=False)
        self.view.set_spans(self._spans())
        self.select_item(min(keep, len(self.items) - 1))
        self.note(self.tr_("undone"))

    def _after_bulk(self, message: str) -> None:
        keep = max(self.current, 0)
        self._refresh_items(repaint=False)
        self.view.set_spans(self._spans())
        if self.items:
            self.select_item(min(keep, len(self.items) - 1))
        self._refresh_document_row()
        self.note(message)

    def accept_agreed(self) -> int:
        """Take every agreed item into gold at once (one undo step)."""
        if self.doc_id is None:
            return 0
        try:
            added = gold.accept_agreed(self.project, self.doc_id, self.reviewer, self.names or None)
        except AnnotatorError as exc:
            self.note(str(exc), error=True)
            return 0
        self._after_bulk(f"{len(added)} {self.tr_('agreed items put in gold')}")
        return len(added)

    def mark_reviewed(self) -> bool:
        """Ctrl+Enter: the agreed items go into gold and the document is
        reviewed; refused (and said why) while a disagreement is unsettled."""
        if self.doc_id is None:
            return False
        try:
            added = gold.mark_reviewed(self.project, self.doc_id, self.reviewer, self.names or None)
        except AnnotatorError as exc:
            self.note(str(exc), error=True)
            return False
        self._after_bulk(
            self.tr_("marked reviewed") + (f" · {len(added)} {self.tr_('agreed items put in gold')}" if added else "")
        )
        return True

    # ============================================================ agreement
    def refresh_agreement(self) -> None:
        """Agreement per layer and label over the whole project (streamed;
        F5 recomputes it after decisions or merges)."""
        result = agreement(self.project, annotators=self.fixed_annotators)
        rows = sorted(result.overall, key=lambda r: (r["layer"], r["label"] is not None, r["label"] or ""))
        self.agreement_table.blockSignals(True)
        self.agreement_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            if row["label"] is None:
                alpha = result.alpha.get(row["layer"])
            else:
                alpha = result.alpha_by_label.get(row["layer"], {}).get(row["label"])
            cells = [
                self.tr_(row["layer"]),
                row["label"] or self.tr_("(all)"),
                f"{row['exact_f1']:.3f}",
                f"{row['overlap_f1']:.3f}",
                f"{row['kappa']:.3f}",
                "" if alpha is None else f"{alpha:.3f}",
            ]
            for c, value in enumerate(cells):
                cell = _cell(value, align_right=c >= 2)
                cell.setData(Qt.ItemDataRole.UserRole, (row["layer"], row["label"]))
                self.agreement_table.setItem(r, c, cell)
        self.agreement_table.blockSignals(False)
        self._filter = (None, None)
        self._refresh_documents()

    def _label_chosen(self) -> None:
        rows = self.agreement_table.selectionModel().selectedRows()
        if rows:
            self._filter = self.agreement_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)  # type: ignore[union-attr]  # a selected row has its cells
        self._refresh_documents()

    def _refresh_documents(self) -> None:
        layer, label = self._filter
        self._ranked = documents_by_disagreement(
            self.project, layer=layer, label=label, annotators=self.fixed_annotators
        )
        self.doc_table.setRowCount(len(self._ranked))
        for r, d in enumerate(self._ranked):
            self._fill_document_row(r, d)

    def _refresh_document_row(self) -> None:
        """After a decision only the open document's line changes (it keeps
        its place; F5 re-sorts)."""
        for r, d in enumerate(self._ranked):
            if d.doc_id == self.doc_id:
                layer, label = self._filter
                fresh = document_disagreement(self.project, d.doc_id, layer, label, self.fixed_annotators) or d
                self._ranked[r] = fresh
                self._fill_document_row(r, fresh)

    def _fill_document_row(self, r: int, d) -> None:
        status = self.project.document_status(d.doc_id)
        cells = [f"{d.doc_id} ({self.tr_(status)})", str(d.disagreements), str(d.items), ", ".join(d.annotators)]
        for c, value in enumerate(cells):
            self.doc_table.setItem(r, c, _cell(value, align_right=c in (1, 2)))

    def _document_clicked(self, row: int) -> None:
        if 0 <= row < len(self._ranked):
            self.open_document(self._ranked[row].doc_id)
