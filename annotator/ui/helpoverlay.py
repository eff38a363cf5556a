"""The help overlay (``?`` or F1): every key of the editor on one sheet,
drawn over the window until the key is pressed again or Esc."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.ui.i18n import Translator


class HelpOverlay(QWidget):
    def __init__(self, parent: QWidget, area: QWidget):
        """Drawn on ``parent`` (the window) over ``area`` (its central
        widget). Not a child of the area itself: a QSplitter would take any
        child widget as one more pane."""
        super().__init__(parent)
        self.area = area
        self.setObjectName("helpOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#helpOverlay { background: rgba(20, 20, 30, 215); }#helpOverlay QLabel { color: white; font-size: 13px; }"
        )
        layout = QVBoxLayout(self)
        self.sheet = QLabel()
        self.sheet.setObjectName("helpSheet")
        self.sheet.setTextFormat(Qt.TextFormat.RichText)
        self.sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.sheet)
        area.installEventFilter(self)
        self.hide()

    def set_keys(self, rows: Sequence[tuple[str, str]], tr: Translator) -> None:
        """``rows`` of (key, what it does); both escaped (labels come from
        the project's scheme)."""

        def table(part: Sequence[tuple[str, str]]) -> str:
            # keys isolated left-to-right: "Ctrl++ / Ctrl+=" must not be reordered inside Arabic
            return (
                "<table>"
                + "".join(
                    f"<tr><td style='padding:1px 10px'><b>\u2066{html.escape(k)}\u2069</b></td>"
                    f"<td style='padding:1px 10px'>{html.escape(v)}</td></tr>"
                    for k, v in part
                )
                + "</table>"
            )

        half = (len(rows) + 1) // 2
        direction = "rtl" if tr.right_to_left else "ltr"
        first, second = table(rows[:half]), table(rows[half:])
        if tr.right_to_left:  # the first column reads first: on the right
            first, second = second, first
        self.sheet.setText(
            f"<div dir='{direction}'><h2>{html.escape(tr('Keys'))}</h2>"
            f"<table><tr><td valign='top'>{first}</td>"
            f"<td style='padding-left:30px' valign='top'>{second}</td></tr></table>"
            f"<p>{html.escape(tr('Press ? or F1 again to close'))}</p></div>"
        )

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.setGeometry(self.area.geometry())
            self.raise_()
            self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area and event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.isVisible():
            self.setGeometry(self.area.geometry())
        return False
