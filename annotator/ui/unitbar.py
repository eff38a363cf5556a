"""The label bar above the text: the document's label and the label of the
sentence under the caret, each one key press (or click) away.

What a press means is :meth:`annotator.editing.EditSession.label_unit` (one
transaction, one undo step); this module only turns presses into that call
and shows what the store holds. Document and sentence spans are never drawn
in the text (a span over the whole document would cover every click); this
bar shows them instead, and the caret's sentence is outlined while the
sentence buttons are shown.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.model import UNIT_LAYERS, Scheme, Span
from annotator.units import document_unit, sentence_at

if TYPE_CHECKING:
    from annotator.ui.window import EditorWindow


def described(label) -> str:
    """A label's description as a tooltip: escaped, so a scheme file's
    markup is shown as text, never rendered."""
    if not label.description:
        return f"<b>{html.escape(label.name)}</b>"
    return f"<p><b>{html.escape(label.name)}</b><br>{html.escape(label.description)}</p>"


class UnitBar(QWidget):
    labelClicked = Signal(str, str)  # layer, label

    def __init__(self, scheme: Scheme, tr, parent=None):
        super().__init__(parent)
        self.setObjectName("unitBar")
        self.tr_ = tr
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        self.titles: dict[str, QLabel] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.sentence_preview = QLabel()
        self.sentence_preview.setObjectName("sentencePreview")
        self.sentence_preview.setTextFormat(Qt.TextFormat.PlainText)
        for layer in UNIT_LAYERS:
            labels = scheme.labels_for(layer)
            if not labels:
                continue
            title = QLabel()
            self.titles[layer] = title
            row.addWidget(title)
            for label in labels:
                button = QPushButton(f"{label.hotkey}  {label.name}" if label.hotkey else label.name)
                button.setObjectName(f"unit-{layer}-{label.name}")
                button.setCheckable(True)
                button.setToolTip(described(label))
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setStyleSheet(
                    f"QPushButton {{ border: 1px solid {label.color}; border-radius: 4px; padding: 2px 8px; }}"
                    f"QPushButton:checked {{ background: {label.color}; color: white; }}"
                )
                button.clicked.connect(lambda _=False, la=layer, n=label.name: self.labelClicked.emit(la, n))
                row.addWidget(button)
                self.buttons[(layer, label.name)] = button
            if layer == "sentence":
                row.addWidget(self.sentence_preview, 1)
            row.addSpacing(14)
        row.addStretch(1)
        self.setVisible(bool(self.buttons))
        self.retranslate(tr)

    def retranslate(self, tr) -> None:
        self.tr_ = tr
        for layer, title in self.titles.items():
            title.setText(tr("Document label") + ":" if layer == "document" else tr("Sentence label") + ":")

    def show_labels(self, document: str | None, sentence: str | None, sentence_text: str) -> None:
        for (layer, name), button in self.buttons.items():
            button.setChecked(name == (document if layer == "document" else sentence))
        preview = sentence_text if len(sentence_text) <= 60 else sentence_text[:57] + "…"
        self.sentence_preview.setText(preview)

    def checked(self, layer: str) -> str | None:
        return next((n for (la, n), b in self.buttons.items() if la == layer and b.isChecked()), None)


class UnitLabels:
    """Connects a :class:`UnitBar` to an editor window."""

    def __init__(self, window: EditorWindow):
        self.window = window
        self._cached: tuple[tuple, list[Span]] | None = None
        self.bar = self._make_bar(window.scheme)
        column = window._column
        column.insertWidget(column.indexOf(window.view), self.bar)
        window.view.cursorPositionChanged.connect(self.refresh)

    def _make_bar(self, scheme: Scheme) -> UnitBar:
        bar = UnitBar(scheme, self.window.tr_)
        bar.labelClicked.connect(self.label)
        return bar

    def set_scheme(self, scheme: Scheme) -> None:
        new = self._make_bar(scheme)
        self.window._column.replaceWidget(self.bar, new)
        self.bar.deleteLater()
        self.bar = new
        self.refresh()

    def retranslate(self) -> None:
        self.bar.retranslate(self.window.tr_)

    # ---------------------------------------------------------------- state
    def _caret(self) -> int:
        view = self.window.view
        return view.omap.to_cp(view.textCursor().position()) if view.text else 0

    def _units(self) -> list[Span]:
        """The document and sentence labels shown, read again only when the
        project has changed since (this connection's changes, or another's
        commit, which ``PRAGMA data_version`` tells): every caret move asks."""
        w = self.window
        if not w.doc_id:
            return []
        key = (
            w.doc_id,
            w.annotator,
            w.span_view,
            w.project.conn.total_changes,
            w.project.execute("PRAGMA data_version").fetchone()[0],
        )
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, w.span_view.load_units(w.project, w.doc_id, w.annotator))
        return self._cached[1]

    def _mine(self, layer: str, units: list[Span] | None = None) -> list[Span]:
        return [s for s in (self._units() if units is None else units) if s.layer == layer]

    def sentence(self, units: list[Span] | None = None) -> tuple[int, int] | None:
        w = self.window
        if not w.doc_id:
            return None
        return sentence_at(w.text, self._caret(), self._mine("sentence", units))

    def refresh(self) -> None:
        w = self.window
        if not w.doc_id:
            self.bar.show_labels(None, None, "")
            return
        units = self._units()  # read once for the whole refresh
        doc = next((s.label for s in self._mine("document", units) if s.status != "rejected"), None)
        sent_range = self.sentence(units)
        sent = None
        if sent_range:
            sent = next(
                (
                    s.label
                    for s in self._mine("sentence", units)
                    if (s.start, s.end) == sent_range and s.status != "rejected"
                ),
                None,
            )
        text = w.text[sent_range[0] : sent_range[1]] if sent_range else ""
        self.bar.show_labels(doc, sent, text)

    # ---------------------------------------------------------------- edits
    def label(self, layer: str, name: str) -> Span | None:
        """One key press: label the document, or the sentence under the caret
        (with text selected, the selection: the annotator's own sentence
        boundaries where the splitter's are wrong)."""
        w = self.window
        if not w.doc_id:
            return None
        unit = document_unit(w.text) if layer == "document" else self.sentence()
        selection = w.view.selection_cp() if layer == "sentence" else None
        if selection and selection[0] < selection[1]:
            unit = selection  # a sentence the splitter cut wrongly: the selected range is the sentence
        if unit is None or unit[0] >= unit[1]:
            w.note(w.tr_("Nothing to label here"))
            return None

        doc_id = w._editable_doc()
        if doc_id is None:
            return None
        edit = w._apply(w.session.label_unit(doc_id, layer, name, *unit))
        self.refresh()
        return edit.span if edit.ok else None
