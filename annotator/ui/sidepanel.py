"""The side panel for the selected span: its label, its attributes (a
number's value and kind, a claim's claimant and certainty) and its
relations, with a way to link a claim to the entity who made it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.model import CERTAINTIES, NUMBER_KINDS, Relation, Scheme, Span
from annotator.ui.i18n import ARABIC_DIGITS, Translator


def parse_number(text: str) -> int | float | None:
    text = text.strip().replace("٫", ".").replace(",", "")
    text = text.translate(ARABIC_DIGITS)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(text) from None
    return int(value) if value.is_integer() and "." not in text else value


class SidePanel(QWidget):
    labelChosen = Signal(str)
    attrsEdited = Signal(dict)
    linkRequested = Signal(str)  # relation label
    relationRemoved = Signal(str)  # relation id

    def __init__(self, scheme: Scheme, tr: Translator, parent=None):
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.scheme = scheme
        self.tr_ = tr
        self.span: Span | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        self.title.setObjectName("spanTitle")
        self.surface = QLabel()
        self.surface.setObjectName("spanSurface")
        self.surface.setTextFormat(Qt.TextFormat.PlainText)  # document text is never HTML
        self.surface.setWordWrap(True)
        self.surface.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.meta = QLabel()
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.label_box = QComboBox()
        self.label_box.setObjectName("spanLabel")
        self.form = QFormLayout()
        self.form.addRow(self.tr_("Label"), self.label_box)
        layout.addWidget(self.title)
        layout.addWidget(self.surface)
        layout.addWidget(self.meta)
        layout.addLayout(self.form)

        self.number_box, self.value_edit, self.kind_box = self._attribute_box(
            ("Value", "numberValue"), ("Kind", "numberKind"), NUMBER_KINDS
        )
        layout.addWidget(self.number_box)
        self.claim_box, self.claimant_edit, self.certainty_box = self._attribute_box(
            ("Claimant", "claimant"), ("Certainty", "certainty"), CERTAINTIES
        )
        layout.addWidget(self.claim_box)

        self.relations_box = QGroupBox()
        rel_layout = QVBoxLayout(self.relations_box)
        self.relation_list = QListWidget()
        self.relation_list.setObjectName("relationList")
        self.relation_list.setWordWrap(True)
        self.relation_label = QComboBox()
        self.relation_label.setObjectName("relationLabel")
        for name in scheme.relation_names():
            self.relation_label.addItem(name, name)
        self.link_button = QPushButton()
        self.link_button.setObjectName("linkButton")
        self.unlink_button = QPushButton()
        self.unlink_button.setObjectName("unlinkButton")
        rel_layout.addWidget(self.relation_list)
        rel_layout.addWidget(self.relation_label)
        rel_layout.addWidget(self.link_button)
        rel_layout.addWidget(self.unlink_button)
        layout.addWidget(self.relations_box)
        layout.addStretch(1)

        self.label_box.activated.connect(lambda _: self._label_chosen())
        self.value_edit.editingFinished.connect(self._attrs_edited)
        self.kind_box.activated.connect(lambda _: self._attrs_edited())
        self.claimant_edit.editingFinished.connect(self._attrs_edited)
        self.certainty_box.activated.connect(lambda _: self._attrs_edited())
        self.link_button.clicked.connect(lambda: self.linkRequested.emit(self.relation_label.currentData()))
        self.unlink_button.clicked.connect(self._unlink)
        self.retranslate(tr)
        self.show_span(None)

    def _attribute_box(
        self, edit: tuple[str, str], choice: tuple[str, str], choices: Any
    ) -> tuple[QGroupBox, QLineEdit, QComboBox]:
        """A layer's attribute group: a free-text field and a choice (blank
        first), each given as (form label, object name)."""
        box = QGroupBox()
        form = QFormLayout(box)
        line = QLineEdit()
        line.setObjectName(edit[1])
        combo = QComboBox()
        combo.setObjectName(choice[1])
        combo.addItem("", None)
        for value in choices:
            combo.addItem(value, value)
        form.addRow(self.tr_(edit[0]), line)
        form.addRow(self.tr_(choice[0]), combo)
        return box, line, combo

    def retranslate(self, tr: Translator) -> None:
        self.tr_ = tr
        for field, text in (
            (self.label_box, "Label"),
            (self.value_edit, "Value"),
            (self.kind_box, "Kind"),
            (self.claimant_edit, "Claimant"),
            (self.certainty_box, "Certainty"),
        ):
            # each field sits in a form row of its own widget
            row = field.parentWidget()
            form = self.form if field is self.label_box else cast(QFormLayout, row.layout() if row else None)
            label = cast("QLabel | None", form.labelForField(field))  # a row made by addRow(text, field)
            if label is not None:
                label.setText(tr(text))
        self.number_box.setTitle(tr("number"))
        self.claim_box.setTitle(tr("claim"))
        self.relations_box.setTitle(tr("Relations"))
        self.link_button.setText(tr("Link claim to source (then click the entity)"))
        self.unlink_button.setText(tr("Remove relation"))
        if self.span is None:
            self.title.setText(tr("No span selected"))
        else:
            self._show_words()

    def _show_words(self) -> None:
        """The title and the status line of the shown span, in the interface's
        language: its layer, status and source words translated; its label,
        the annotator's name and the offsets as stored."""
        span = self.span
        assert span is not None
        tr = self.tr_
        self.title.setText(f"{tr('Span')}: {span.label} ({tr(span.layer)})")
        self.meta.setText(f"{span.annotator} · {tr(span.status)} · {tr(span.source)} · [{span.start}:{span.end}]")

    def show_span(
        self,
        span: Span | None,
        text: str = "",
        relations: Sequence[Relation] = (),
        describe: Callable[[str], str] = str,
        editable: bool = True,
    ) -> None:
        """Fill the panel for ``span``; ``describe`` turns a span id into a
        short plain-text description for the relation list."""
        self._loading = True
        self.span = span
        for w in (
            self.label_box,
            self.value_edit,
            self.kind_box,
            self.claimant_edit,
            self.certainty_box,
            self.link_button,
            self.unlink_button,
            self.relation_label,
        ):
            w.setEnabled(span is not None and editable)
        self.number_box.setVisible(span is not None and span.layer == "number")
        self.claim_box.setVisible(span is not None and span.layer == "claim")
        self.relation_list.clear()
        self.surface.setVisible(span is not None)
        if span is None:
            self.title.setText(self.tr_("No span selected"))
            self.surface.clear()
            self.meta.clear()
            self.label_box.clear()
            self._loading = False
            return
        self._show_words()
        self.surface.setText(text[span.start : span.end][:300])
        self.label_box.clear()
        for label in self.scheme.labels_for(span.layer):
            self.label_box.addItem(label.name, label.name)
        self.label_box.setCurrentIndex(max(0, self.label_box.findData(span.label)))
        attrs = span.attrs
        value = attrs.get("value")
        self.value_edit.setText("" if value is None else str(value))
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(attrs.get("kind"))))
        self.claimant_edit.setText(str(attrs.get("claimant") or ""))
        self.certainty_box.setCurrentIndex(max(0, self.certainty_box.findData(attrs.get("certainty"))))
        for rel in relations:
            if span.id not in (rel.head, rel.tail):
                continue
            other = rel.tail if rel.head == span.id else rel.head
            arrow = "→" if rel.head == span.id else "←"
            item = QListWidgetItem(f"{rel.label} {arrow} {describe(other)}")
            item.setData(Qt.ItemDataRole.UserRole, rel.id)
            self.relation_list.addItem(item)
        self._loading = False

    def attrs(self) -> dict[str, Any]:
        """The attributes as edited, merged over the span's others."""
        assert self.span is not None
        attrs = dict(self.span.attrs)
        if self.span.layer == "number":
            value = parse_number(self.value_edit.text())
            attrs.pop("value", None) if value is None else attrs.__setitem__("value", value)
            kind = self.kind_box.currentData()
            attrs.pop("kind", None) if kind is None else attrs.__setitem__("kind", kind)
        if self.span.layer == "claim":
            claimant = self.claimant_edit.text().strip()
            attrs.pop("claimant", None) if not claimant else attrs.__setitem__("claimant", claimant)
            cert = self.certainty_box.currentData()
            attrs.pop("certainty", None) if cert is None else attrs.__setitem__("certainty", cert)
        return attrs

    def _label_chosen(self) -> None:
        if not self._loading and self.span is not None:
            name = self.label_box.currentData()
            if name and name != self.span.label:
                self.labelChosen.emit(name)

    def _attrs_edited(self) -> None:
        if self._loading or self.span is None:
            return
        try:
            attrs = self.attrs()
        except ValueError:
            self.value_edit.setStyleSheet("background: #fdd")
            return
        self.value_edit.setStyleSheet("")
        if attrs != self.span.attrs:
            self.attrsEdited.emit(attrs)

    def _unlink(self) -> None:
        item = self.relation_list.currentItem()
        if item is not None:
            self.relationRemoved.emit(item.data(Qt.ItemDataRole.UserRole))
