"""The label palette: one button per label of the scheme, in its colour,
with its hotkey shown, grouped by layer; and a switch per layer to hide it.
The switches are one group, so a narrow window moves them to the next row
together (at the default size everything fits on one row)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from annotator.model import SPAN_LAYERS, Scheme
from annotator.ui.flowlayout import FlowLayout
from annotator.ui.i18n import Translator
from annotator.ui.unitbar import described


def _text_colour(background: str) -> str:
    return "#000000" if QColor(background).lightness() > 120 else "#ffffff"


def _button_style(colour: str) -> str:
    return (
        f"QPushButton {{ background: {colour}; color: {_text_colour(colour)}; "
        f"border: 1px solid #777; border-radius: 4px; padding: 3px 6px; }}"
    )


class LabelPalette(QWidget):
    labelClicked = Signal(str, str)  # layer, label
    layerToggled = Signal(str, bool)

    def __init__(self, scheme: Scheme, tr: Translator, parent=None):
        super().__init__(parent)
        self.setObjectName("labelPalette")
        self.tr_ = tr
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        self.layer_boxes: dict[str, QCheckBox] = {}
        row = FlowLayout(self)  # wraps when the window is narrow
        row.setContentsMargins(4, 2, 4, 2)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        for layer in SPAN_LAYERS:
            for label in scheme.labels_for(layer):
                text = f"{label.hotkey}  {label.name}" if label.hotkey else label.name
                button = QPushButton(text)
                button.setObjectName(f"label-{layer}-{label.name}")
                button.setToolTip(described(label))
                button.setStyleSheet(_button_style(label.color))
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the document keeps the keyboard
                button.clicked.connect(lambda _=False, la=layer, n=label.name: self.labelClicked.emit(la, n))
                row.addWidget(button)
                self.buttons[(layer, label.name)] = button
        self.layer_group = QWidget()
        self.layer_group.setObjectName("layerSwitches")
        switches = QHBoxLayout(self.layer_group)
        switches.setContentsMargins(4, 0, 0, 0)
        switches.setSpacing(6)
        for layer in SPAN_LAYERS:
            box = QCheckBox(tr(layer))
            box.setObjectName(f"layer-{layer}")
            box.setChecked(True)
            box.toggled.connect(lambda on, la=layer: self.layerToggled.emit(la, on))
            switches.addWidget(box)
            self.layer_boxes[layer] = box
        row.addWidget(self.layer_group)

    def set_colours(self, scheme: Scheme, colours: dict[tuple[str, str], str] | None) -> None:
        """Paint the buttons in ``colours`` (the high-contrast set) or the scheme's."""
        for (layer, name), button in self.buttons.items():
            label = scheme.get(layer, name)
            button.setStyleSheet(
                _button_style((colours or {}).get((layer, name)) or (label.color if label else "#bbbbbb"))
            )

    def retranslate(self, tr: Translator) -> None:
        for layer, box in self.layer_boxes.items():
            box.setText(tr(layer))
