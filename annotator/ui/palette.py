"""The label palette: one button per label of the scheme, in its colour,
with its hotkey shown, grouped by layer; and a switch per layer to hide it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from annotator.model import SPAN_LAYERS, Scheme
from annotator.ui.unitbar import described
from annotator.ui.i18n import Translator


def _text_colour(background: str) -> str:
    return "#000000" if QColor(background).lightness() > 120 else "#ffffff"


class LabelPalette(QWidget):
    labelClicked = Signal(str, str)  # layer, label
    layerToggled = Signal(str, bool)

    def __init__(self, scheme: Scheme, tr: Translator, parent=None):
        super().__init__(parent)
        self.setObjectName("labelPalette")
        self.tr_ = tr
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        self.layer_boxes: dict[str, QCheckBox] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        for layer in SPAN_LAYERS:
            for label in scheme.labels_for(layer):
                text = f"{label.hotkey}  {label.name}" if label.hotkey else label.name
                button = QPushButton(text)
                button.setObjectName(f"label-{layer}-{label.name}")
                button.setToolTip(described(label))
                button.setStyleSheet(
                    f"QPushButton {{ background: {label.color}; color: {_text_colour(label.color)}; "
                    f"border: 1px solid #777; border-radius: 4px; padding: 3px 8px; }}"
                )
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the document keeps the keyboard
                button.clicked.connect(lambda _=False, la=layer, n=label.name: self.labelClicked.emit(la, n))
                row.addWidget(button)
                self.buttons[(layer, label.name)] = button
            row.addSpacing(10)
        row.addStretch(1)
        for layer in SPAN_LAYERS:
            box = QCheckBox(tr(layer))
            box.setObjectName(f"layer-{layer}")
            box.setChecked(True)
            box.toggled.connect(lambda on, la=layer: self.layerToggled.emit(la, on))
            row.addWidget(box)
            self.layer_boxes[layer] = box

    def retranslate(self, tr: Translator) -> None:
        for layer, box in self.layer_boxes.items():
            box.setText(tr(layer))
