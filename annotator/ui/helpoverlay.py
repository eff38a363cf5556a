"""The help overlay (``?`` or F1): every key of the editor on one sheet,
drawn over the window until the key is pressed again or Esc."""

from __future__ import annotations

import html
from typing import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.ui.i18n import Translator


class HelpOverlay(QWidget):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#helpOverlay { background: rgba(20, 20, 30, 215); }"
                           "#helpOverlay QLabel { color: white; font-size: 14px; }")
        layout = QVBoxLayout(self)
        self.sheet = QLabel()
        self.sheet.setObjectName("helpSheet")
        self.sheet.setTextFormat(Qt.TextFormat.RichText)
        self.sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.sheet)
        parent.installEventFilter(self)
        self.hide()

    def set_keys(self, rows: Sequence[tuple[str, str]], tr: Translator) -> None:
        """``rows`` of (key, what it does); both escaped (labels come from
        the project's scheme)."""
        body = "".join(
            f"<tr><td style='padding:2px 14px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows
        )
        direction = "rtl" if tr.right_to_left else "ltr"
        self.sheet.setText(f"<h2>{html.escape(tr('Keys'))}</h2><table dir='{direction}'>{body}</table>"
                           f"<p>{html.escape(tr('Press ? or F1 again to close'))}</p>")

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
            self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
